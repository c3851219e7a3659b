"""Reads of deduplication runs, their clusters and registration checks, always through the
policy; every record shown in a review is an audited view."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from corridor.access.policies import has_permission
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.fetch import get_in_scope, refusal_for
from corridor.core.models import AuditAction
from corridor.deduplication import policies, records
from corridor.deduplication.comparisons import ComparisonRow, comparison_rows
from corridor.deduplication.labels import field_label
from corridor.deduplication.models import ClusterMember, DedupCluster, DedupRun, RegistrationCheck
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person


def dedup_run_list(*, user) -> QuerySet[DedupRun]:
    if not has_permission(user, "registry.dedupe"):
        raise PermissionDenied("Your role does not include deduplication.")
    return policies.dedup_runs_visible_to(user).select_related("requested_by").order_by(
        "-created_at", "-id")


def dedup_run_get_for_user(*, user, run_id: int) -> DedupRun:
    run = get_in_scope(policies.dedup_runs_visible_to(user), run_id,
                       "No such deduplication run")
    return run


def dedup_clusters(*, user, run: DedupRun, status: str = "") -> QuerySet[DedupCluster]:
    """The run's clusters whose every record is in the user's deduplication scope, most
    probable first."""
    clusters = policies.clusters_visible_to(user, run.clusters.all()).prefetch_related(
        Prefetch("members", queryset=ClusterMember.objects.select_related("person__office")))
    return clusters.filter(status=status) if status else clusters


def cluster_get_for_user(*, user, cluster_id: int) -> DedupCluster:
    cluster = get_in_scope(DedupCluster.objects.filter(run__in=policies.dedup_runs_visible_to(user))
                           .select_related("run", "standing"), cluster_id, "No such cluster")
    if not policies.may_dedupe_all(
            user, cluster.members.values_list("person__office_id", flat=True)):
        raise NotFound("No such cluster", refused=refusal_for(DedupCluster, cluster.pk))
    return cluster


# What the side-by-side view shows of each record, in this order.
SIDE_BY_SIDE = ["given_name", "family_name", "original_script_name", "sex", "birth_date",
                "nationality", "birth_place", "address", "phone", "office", "household",
                "registered", "merged_into", "version"]

@dataclass(frozen=True)
class ClusterRecord:
    person: Person
    values: dict[str, str]


@dataclass(frozen=True)
class PairComparison:
    left: int
    right: int
    match_probability: float
    match_weight: float
    household_rule_applied: bool
    rows: tuple[ComparisonRow, ...]


@dataclass(frozen=True)
class ClusterReview:
    cluster: DedupCluster
    records: tuple[ClusterRecord, ...]
    fields: tuple[str, ...]
    pairs: tuple[PairComparison, ...]

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """One row per field, one value per record: the side-by-side table."""
        return [(field_label(f), [r.values.get(f, "") for r in self.records])
                for f in self.fields]


def cluster_review(*, user, cluster: DedupCluster) -> ClusterReview:
    """The records side by side and each pair compared field by field, as the engine weighed it
    when the run found it; every record shown is an audited view."""
    people = list(Person.objects.filter(pk__in=cluster.members.values("person_id"))
                  .select_related("office", "household", "place_of_origin", "merged_into")
                  .prefetch_related("phones").order_by("pk"))
    shown = []
    engine_records = {}
    for person in people:
        record = records.full_record(person)
        engine_records[person.pk] = record
        values = {
            "given_name": person.given_name, "family_name": person.family_name,
            "original_script_name": person.original_script_name,
            "sex": str(person.get_sex_display()), "birth_date": record["birth_date"],
            "nationality": person.nationality, "birth_place": record["birth_place"],
            "address": record["address"], "phone": record["phone"],
            "office": person.office.code,
            "household": person.household.reference if person.household_id else "",
            "registered": person.created_at.date().isoformat(),
            "merged_into": f"#{person.merged_into_id}" if person.merged_into_id else "",
            "version": str(person.version)}
        shown.append(ClusterRecord(person=person, values=values))
        audit_record(actor=user, action=AuditAction.VIEW, obj=person,
                     summary=f"Deduplication review of cluster {cluster.pk}",
                     changes={"cluster": cluster.pk})
    pairs = []
    for a, b, _probability in cluster.pairs:
        stored = cluster.explanations.get(f"{a}-{b}")
        if not stored or a not in engine_records or b not in engine_records:
            continue
        explanation = records.explanation_from(stored)
        pairs.append(PairComparison(
            left=a, right=b, match_probability=round(explanation.match_probability, 6),
            match_weight=round(explanation.match_weight, 3),
            household_rule_applied=explanation.household_rule_applied,
            rows=comparison_rows(explanation, engine_records[a], engine_records[b])))
    return ClusterReview(cluster=cluster, records=tuple(shown), fields=tuple(SIDE_BY_SIDE),
                         pairs=tuple(pairs))


def possible_duplicates(*, user, person: Person) -> list[tuple[Person, float]]:
    """The fuzzy matches found when the person was registered, those the user may see and that
    still stand (exact ones by document or phone are the registry's person_duplicates)."""
    if person.merged_into_id:  # decided already: the page says where the record went
        return []
    check = RegistrationCheck.objects.filter(person=person).first()
    if check is None or not check.matches:
        return []
    probability = {int(pk): float(p) for pk, p in check.matches}
    visible = {p.pk: p for p in registry_policies.visible_to(user)
               .filter(pk__in=probability, merged_into__isnull=True).select_related("office")}
    return [(visible[pk], p) for pk, p in sorted(probability.items(), key=lambda kv: -kv[1])
            if pk in visible]


def registration_findings(*, user) -> QuerySet[RegistrationCheck]:
    """Checked registrations that found likely duplicates, newest first: the tracing officer's
    queue of what came in, whichever way, and may be a person already registered. Only those
    whose person stands and is in the user's deduplication scope."""
    if not has_permission(user, "registry.dedupe"):
        raise PermissionDenied("Your role does not include deduplication.")
    return (RegistrationCheck.objects.filter(checked_at__isnull=False,
                                             person__merged_into__isnull=True,
                                             person__office__in=policies.dedupe_offices(user))
            .exclude(matches=[]).select_related("person__office").order_by("-checked_at", "-pk"))


def registration_check_get_for_user(*, user, check_id: int) -> RegistrationCheck:
    return get_in_scope(registration_findings(user=user), check_id, "No such registration check")
