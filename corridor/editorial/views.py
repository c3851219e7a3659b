"""The editor's pages: items and their latest revision, the form, the workflow's actions, diffs
between revisions and between a translation and its source, files, consent and dead links.
Signed in with portal.edit, else 404."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.access.policies import has_permission
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.core.views import add_problems
from corridor.editorial import forms, tasks
from corridor.portal import diffs, files, languages, services
from corridor.portal.models import Item, Kind, LinkCheck, Revision, RevisionState


def editor_page(view):
    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs):
        if not has_permission(request.user, "portal.edit"):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


@editor_page
def item_list(request: HttpRequest) -> HttpResponse:
    kind, state = request.GET.get("kind", ""), request.GET.get("state", "")
    items = Item.objects.order_by("-updated_at", "-id")
    if kind in Kind.values:
        items = items.filter(kind=kind)
    if state:
        items = items.filter(status=state)
    return render(request, "editorial/item_list.html", {
        "items": items[:100], "kinds": Kind.choices, "kind": kind, "state": state,
        "dead_links": LinkCheck.objects.filter(ok=False).select_related("item")[:50]})


@editor_page
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in Kind.values:
        raise Http404
    form = forms.ItemForm(kind, request.POST or None, new=True)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(actor=request.user, kind=kind,
                                        source_language=form.cleaned_data["source_language"],
                                        data=form.snapshot(), note=form.cleaned_data["note"])
        except ValidationFailed as refused:
            add_problems(form, refused)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("editorial:item", item_id=item.pk)
    return render(request, "editorial/item_form.html", {"form": form, "kind": kind},
                  status=422 if form.errors else 200)


def _item(item_id: int) -> Item:
    return get_object_or_404(Item, pk=item_id)


@editor_page
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(item_id)
    current = services.latest(item)
    form = forms.ItemForm(item.kind, request.POST or None, snapshot=current.data)
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_save(actor=request.user, item=item, data=form.snapshot(),
                                   based_on=int(request.POST.get("based_on", 0)),
                                   note=form.cleaned_data["note"])
        except ValidationFailed as refused:
            add_problems(form, refused)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("editorial:item", item_id=item.pk)
    return render(request, "editorial/item_form.html",
                  {"form": form, "kind": item.kind, "item": item, "current": current},
                  status=422 if form.errors else 200)


@editor_page
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(item_id)
    revisions = list(item.revisions.select_related("author", "reviewed_by"))
    current = revisions[0]
    return render(request, "editorial/item_detail.html", {
        "item": item, "current": current, "revisions": revisions,
        "translations": [c for c in languages.codes() if c != item.source_language],
        "publish_form": forms.PublishForm(), "file_form": forms.FileForm(),
        "consent_form": forms.ConsentForm(), "files": item.files.order_by("added_at"),
        "consents": item.consents.all()[:10], "can_approve": current.author_id != request.user.pk,
        "States": RevisionState})


@editor_page
@require_POST
def item_action(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    item = _item(item_id)
    revision = get_object_or_404(Revision, item=item, number=request.POST.get("revision", 0))
    try:
        if action == "submit":
            services.submit_for_review(actor=request.user, revision=revision)
        elif action == "send_back":
            services.send_back(actor=request.user, revision=revision, note=request.POST.get("note", ""))
        elif action == "approve":
            services.approve(actor=request.user, revision=revision)
        elif action == "publish":
            form = forms.PublishForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed([{"field": k, "message": " ".join(v)} for k, v in form.errors.items()])
            services.publish(actor=request.user, revision=revision,
                             publish_at=form.cleaned_data["publish_at"], note=form.cleaned_data["note"])
        elif action == "withdraw":
            services.withdraw(actor=request.user, item=item, note=request.POST.get("note", ""))
        else:
            raise Http404
    except (ValidationFailed, PermissionDenied) as refused:
        for problem in getattr(refused, "problems", [{"message": str(refused)}]):
            messages.error(request, problem["message"])
    else:
        messages.success(request, _("Done."))
    return redirect("editorial:item", item_id=item.pk)


@editor_page
@require_POST
def file_add(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(item_id)
    form = forms.FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            files.file_add(actor=request.user, item=item, upload=form.cleaned_data["file"],
                           title={form.cleaned_data["language"]: form.cleaned_data["title"]},
                           language=form.cleaned_data["language"])
        except ValidationFailed as refused:
            for problem in refused.problems:
                messages.error(request, f"{problem.get('where', '')}: {problem['message']}")
        else:
            messages.success(request, _("File added: public with the next publication."))
    else:
        messages.error(request, _("Choose a file and its language."))
    return redirect("editorial:item", item_id=item.pk)


@editor_page
@require_POST
def consent(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(item_id)
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(actor=request.user, item=item, **form.cleaned_data)
        except ValidationFailed as refused:
            messages.error(request, refused.problems[0]["message"])
        else:
            messages.success(request, _("Consent recorded."))
    return redirect("editorial:item", item_id=item.pk)


@editor_page
def revision_diff(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(item_id)
    numbers = sorted(item.revisions.values_list("number", flat=True))
    try:
        b = int(request.GET.get("b", numbers[-1]))
        a = int(request.GET.get("a", max(1, b - 1)))
    except ValueError:
        raise Http404 from None
    old = get_object_or_404(Revision, item=item, number=a)
    new = get_object_or_404(Revision, item=item, number=b)
    return render(request, "editorial/diff.html", {
        "item": item, "old": old, "new": new, "changes": diffs.revision_diff(item, old, new),
        "numbers": numbers})


@editor_page
def translation_diff(request: HttpRequest, item_id: int, language: str) -> HttpResponse:
    item = _item(item_id)
    if language not in languages.codes():
        raise Http404
    return render(request, "editorial/translation.html", {
        "item": item, "language": language, "sides": diffs.translation_diff(item, language)})


@editor_page
@require_POST
def link_check(request: HttpRequest) -> HttpResponse:
    record = tasks.start_link_check(actor=request.user)
    return redirect("tasks:detail", task_id=record.pk)
