"""The governing bodies' public face (issue 15, item 7), without sign-in: adopted decisions,
each session's documents of general distribution, and its results as counts — a roll call's
totals, an election's counts per round — never a secret ballot's single votes, no
representative's name, nothing of the secretariat. The Atom feed of adopted decisions is
`/public/feeds/decisions.atom` (Django's syndication framework). The portal links here."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from corridor.governance.models import Decision, Distribution, Document, Session

PAGE = 200


def adopted_decisions():
    """Only what is public: the decisions (with their session and documents of general
    distribution)."""
    return (Decision.objects.select_related("session").order_by("-adopted_on", "-number")
            .prefetch_related("documents"))


def public_documents(session: Session):
    return Document.objects.filter(session=session, distribution=Distribution.GENERAL)


def _results(session: Session) -> dict:
    from corridor.governance import elections

    votes = [{"title": v.title, "method": v.get_method_display(),
              "adopted": v.result["adopted"], "yes": v.result["yes"], "no": v.result["no"],
              "abstentions": v.result["abstentions"], "votes_cast": v.result["votes_cast"],
              "required": v.result["required"], "quorum": v.result["quorum"],
              "not_counted": len(v.result.get("excluded", []))}
             for v in session.votes.all()]
    held = []
    for election in session.elections.all():
        result = elections.state(election).result
        if result is not None:  # the counts per round only: what each candidate received
            held.append({"office": election.get_office_display(), "elected": result["elected"],
                         "rounds": result["rounds"]})
    return {"votes": votes, "elections": held}


@require_GET
def decisions(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/public_decisions.html", {
        "decisions": adopted_decisions()[:PAGE],
        "sessions": Session.objects.order_by("-opens_on")})


@require_GET
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    found = Session.objects.filter(pk=session_id).first()
    if found is None:
        raise Http404
    general = {d.pk for d in public_documents(found)}
    return render(request, "governance/public_session.html", {
        "session": found, "documents": public_documents(found), **_results(found),
        "decisions": [(d, [doc for doc in d.documents.all()
                           if doc.distribution == Distribution.GENERAL or doc.pk in general])
                      for d in found.decisions.prefetch_related("documents")]})


class DecisionFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Decisions of the governing bodies")

    def link(self) -> str:
        return reverse("governance_public:decisions")

    def subtitle(self) -> str:
        return _("Decisions adopted by the Council and the Executive Committee")

    def items(self):
        return adopted_decisions()[:50]

    def item_title(self, item: Decision) -> str:
        return _("Decision %(number)s: %(title)s") % {"number": item.number, "title": item.title}

    def item_description(self, item: Decision) -> str:
        symbols = ", ".join(d.symbol for d in item.documents.all()
                            if d.distribution == Distribution.GENERAL)
        text = f"{item.session.get_organ_display()}, {item.session.number} ({item.adopted_on:%Y-%m-%d})"
        return f"{text}. {symbols}" if symbols else text

    def item_link(self, item: Decision) -> str:
        return reverse("governance_public:session", args=[item.session_id]) + f"#decision-{item.number}"

    def item_guid(self, item: Decision) -> str:
        return f"urn:corridor:decision:{item.organ}:{item.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Decision):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.adopted_on, time(12)))
