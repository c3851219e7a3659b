"""Pages of deduplication: thin; each calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.core.audit import audit_listed
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.views import add_problems, query_without_page
from corridor.deduplication import policies, selectors, services
from corridor.deduplication.forms import ClusterDecisionForm, MergeForm
from corridor.deduplication.models import ClusterStatus
from corridor.registry.models import Person

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    """The runs, a button to start one, and the queue of registrations whose check found likely
    duplicates (each can be opened as a cluster to review)."""
    try:
        runs = selectors.dedup_run_list(user=request.user)
        findings = selectors.registration_findings(user=request.user)
    except PermissionDenied:
        raise Http404 from None
    if request.method == "POST" and request.POST.get("action") == "review":
        try:
            check = selectors.registration_check_get_for_user(
                user=request.user, check_id=int(request.POST.get("check", "0") or 0))
            cluster = services.review_from_check(actor=request.user, check=check)
        except (NotFound, ValueError):
            raise Http404 from None
        return redirect("deduplication:cluster", cluster_id=cluster.pk)
    if request.method == "POST":
        try:
            run = services.run_request(actor=request.user)
        except ValidationFailed as exc:
            messages.error(request, "; ".join(p["message"] for p in exc.problems))
        else:
            messages.success(request, _("Deduplication queued: the page shows its progress."))
            return redirect("deduplication:run", run_id=run.pk)
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    found = list(findings[:PAGE_SIZE])
    audit_listed(actor=request.user, object_type="registry.person",
                 ids=[c.person_id for c in found], filters={"found_at": "registration"},
                 what="people", offices=[c.person.office_id for c in found])
    return render(request, "deduplication/runs.html", {
        "page": page, "offices": policies.dedupe_offices(request.user), "findings": found})


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        run = selectors.dedup_run_get_for_user(user=request.user, run_id=run_id)
    except NotFound:
        raise Http404 from None
    status = request.GET.get("status", "")
    used = {"run_id": run.pk, "status": status if status in ClusterStatus.values else ""}
    clusters = selectors.dedup_clusters(user=request.user, run=run, status=used["status"])
    page = Paginator(clusters, PAGE_SIZE).get_page(request.GET.get("page"))
    if run.finished:  # only then are the clusters, with their people's names, shown
        audit_listed(actor=request.user, object_type="deduplication.dedupcluster",
                     ids=[c.pk for c in page], filters=used, what="clusters",
                     offices=[m.person.office_id for c in page for m in c.members.all()])
    return render(request, "deduplication/run.html", {
        "run": run, "page": page, "query": query_without_page(request), "statuses": ClusterStatus.choices,
        "status": status, "offices": run.offices.order_by("code")})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_detail(request: HttpRequest, cluster_id: int) -> HttpResponse:
    try:
        cluster = selectors.cluster_get_for_user(user=request.user, cluster_id=cluster_id)
    except NotFound:
        raise Http404 from None
    people = list(Person.objects.filter(pk__in=cluster.members.values("person_id"))
                  .select_related("office").order_by("pk"))
    merge_form = MergeForm(initial={"version": cluster.version,
                                    "standing": people[0].pk if people else None},
                           people=people, prefix="merge")
    decision_form = ClusterDecisionForm(initial={"version": cluster.version}, prefix="decide")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "merge":
                merge_form = MergeForm(request.POST, people=people, prefix="merge")
                if merge_form.is_valid():
                    data = merge_form.cleaned_data
                    services.cluster_merge(actor=request.user, cluster=cluster,
                                        expected_version=data["version"],
                                        standing_id=data["standing"],
                                        versions=merge_form.versions(), reason=data["reason"])
                    messages.success(request, _("Records merged. The merge can be undone."))
                    return redirect("deduplication:cluster", cluster_id=cluster.pk)
            elif action in ("reject", "undo"):
                decision_form = ClusterDecisionForm(request.POST, prefix="decide")
                if decision_form.is_valid():
                    data = decision_form.cleaned_data
                    write = services.cluster_reject if action == "reject" else services.cluster_undo
                    write(actor=request.user, cluster=cluster, expected_version=data["version"],
                          reason=data["reason"])
                    messages.success(request, _("Cluster rejected.") if action == "reject"
                                     else _("Merge undone: every record stands again."))
                    return redirect("deduplication:cluster", cluster_id=cluster.pk)
            else:
                return HttpResponse(status=400)
        except VersionConflict as exc:
            status = 409
            (merge_form if action == "merge" else decision_form).add_error(
                None, _("Changed by someone else since you opened this cluster (now version "
                        "%(version)s): reload the page and review it again.")
                % {"version": exc.current_version})
        except ValidationFailed as exc:
            add_problems(merge_form if action == "merge" else decision_form, exc)
    review = selectors.cluster_review(user=request.user, cluster=cluster)
    open_statuses = (ClusterStatus.PROPOSED, ClusterStatus.UNDONE)
    return render(request, "deduplication/cluster.html", {
        "cluster": cluster, "review": review, "merge_form": merge_form,
        "decision_form": decision_form, "can_merge": cluster.status in open_statuses,
        "can_undo": cluster.status == ClusterStatus.MERGED}, status=status)
