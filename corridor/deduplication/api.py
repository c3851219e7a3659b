"""API of deduplication: runs, their clusters, merges and their undoing, and the duplicates
found when a person was registered; the same selectors and services as the pages."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from corridor.access.api_permissions import permits
from corridor.core.api_schemas import ConflictOut, ErrorOut, InvalidOut
from corridor.core.audit import audit_listed
from corridor.core.ids import DbId
from corridor.core.pagination import AuditedPagination, BoundedPageNumberPagination
from corridor.deduplication import selectors, services
from corridor.deduplication.models import ClusterStatus, RunStatus
from corridor.registry import selectors as registry_selectors

router = Router(tags=["deduplication"])


class ComparisonFieldOut(Schema):
    field: str
    sought_value: str
    candidate_value: str | None = Field(..., description="null: hidden (outside your scope)")
    level: str | None = Field(..., description="null: hidden (a field a minimal card does not "
                                               "compare)")
    category: str | None = Field(..., description="match, near, mismatch or blank; null: hidden")
    weight: float | None = Field(..., description="log2 Bayes factor this field added; null: "
                                                  "hidden")


class DedupRunOut(Schema):
    id: int
    status: RunStatus
    progress: int = Field(..., description="Per cent done")
    stage: str
    records_count: int
    pairs_count: int
    clusters_count: int
    error: str
    office_ids: list[int]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def resolve_office_ids(run) -> list[int]:
        return sorted(office.pk for office in run.offices.all())  # prefetched on lists


class ClusterOut(Schema):
    id: int
    run_id: int
    status: ClusterStatus
    size: int
    max_probability: float
    person_ids: list[int]
    pairs: list[tuple[int, int, float]] = Field(..., description="[id, id, probability]")
    standing_id: int | None
    reason: str
    version: int


class ClusterRecordOut(Schema):
    person_id: int
    version: int = Field(..., description="Send it back with a merge")
    values: dict[str, str]


class PairOut(Schema):
    left: int
    right: int
    match_probability: float
    match_weight: float
    household_rule_applied: bool
    fields: list[ComparisonFieldOut] = Field(..., description="sought_value: the left record's value, "
                                                    "candidate_value: the right's")


class ClusterDetailOut(ClusterOut):
    records: list[ClusterRecordOut]
    comparisons: list[PairOut]


class MergeIn(Schema):
    version: int = Field(..., description="The cluster's version you read")
    standing_id: DbId
    versions: dict[int, int] = Field(..., description="person id -> the version you read; "
                                                      "an edited record refuses the merge")
    reason: str = ""


class ClusterDecisionIn(Schema):
    version: int
    reason: str


class PossibleDuplicateOut(Schema):
    person_id: int
    match_probability: float
    given_name: str
    family_name: str
    office: str


def _cluster(cluster) -> dict:
    return ClusterOut.from_orm(cluster).model_dump(mode="json")


def _cluster_detail(user, cluster) -> dict:
    review = selectors.cluster_review(user=user, cluster=cluster)
    return {**_cluster(cluster),
            "records": [{"person_id": r.person.pk, "version": r.person.version,
                         "values": r.values} for r in review.records],
            "comparisons": [{"left": p.left, "right": p.right,
                             "match_probability": p.match_probability,
                             "match_weight": p.match_weight,
                             "household_rule_applied": p.household_rule_applied,
                             "fields": [row.__dict__ for row in p.rows]}
                            for p in review.pairs]}


@router.get("/dedup/runs", response=list[DedupRunOut],
            summary="Deduplication runs over the offices you may deduplicate",
            auth=permits("registry.dedupe"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def dedup_run_list(request: HttpRequest):
    return selectors.dedup_run_list(user=request.user).prefetch_related("offices")


@router.post("/dedup/runs", response={201: DedupRunOut, 403: ErrorOut, 422: InvalidOut},
             summary="Queue a deduplication of your offices' registry; poll it for progress",
             auth=permits("registry.dedupe"))
def dedup_run_create(request: HttpRequest):
    return Status(201, services.run_request(actor=request.user))


@router.get("/dedup/runs/{run_id}", response={200: DedupRunOut, 404: ErrorOut},
            summary="A run's status, progress and counts", auth=permits("registry.dedupe"))
def dedup_run_detail(request: HttpRequest, run_id: DbId):
    return selectors.dedup_run_get_for_user(user=request.user, run_id=run_id)


@router.get("/dedup/runs/{run_id}/clusters",
            response={200: list[ClusterOut], 404: ErrorOut},
            summary="The clusters a run proposed, those wholly in your scope, most probable first",
            auth=permits("registry.dedupe"))
@paginate(AuditedPagination, page_size=50, max_page_size=200,
          object_type="deduplication.dedupcluster", what="clusters",
          office=lambda cluster: [m.person.office_id for m in cluster.members.all()])
def dedup_cluster_list(request: HttpRequest, run_id: DbId,
                       status: ClusterStatus | None = None):
    run = selectors.dedup_run_get_for_user(user=request.user, run_id=run_id)
    return selectors.dedup_clusters(user=request.user, run=run, status=status or "")


@router.get("/dedup/clusters/{cluster_id}",
            response={200: ClusterDetailOut, 404: ErrorOut},
            summary="A cluster's records side by side and each pair compared field by field",
            auth=permits("registry.dedupe"))
def dedup_cluster_detail(request: HttpRequest, cluster_id: DbId):
    cluster = selectors.cluster_get_for_user(user=request.user, cluster_id=cluster_id)
    return _cluster_detail(request.user, cluster)


@router.post("/dedup/clusters/{cluster_id}/merge",
             response={200: ClusterOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                       422: InvalidOut},
             summary="Merge: the others point at the standing record; nothing is deleted",
             auth=permits("registry.dedupe"))
def dedup_cluster_merge(request: HttpRequest, cluster_id: DbId, payload: MergeIn):
    cluster = selectors.cluster_get_for_user(user=request.user, cluster_id=cluster_id)
    return _cluster(services.cluster_merge(
        actor=request.user, cluster=cluster, expected_version=payload.version,
        standing_id=payload.standing_id, versions=payload.versions, reason=payload.reason))


@router.post("/dedup/clusters/{cluster_id}/reject",
             response={200: ClusterOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                       422: InvalidOut},
             summary="Not the same person: reject the cluster, with a reason",
             auth=permits("registry.dedupe"))
def dedup_cluster_reject(request: HttpRequest, cluster_id: DbId, payload: ClusterDecisionIn):
    cluster = selectors.cluster_get_for_user(user=request.user, cluster_id=cluster_id)
    return _cluster(services.cluster_reject(actor=request.user, cluster=cluster,
                                         expected_version=payload.version,
                                         reason=payload.reason))


@router.post("/dedup/clusters/{cluster_id}/undo",
             response={200: ClusterOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                       422: InvalidOut},
             summary="Undo a merge: every record stands again as before", auth=permits("registry.dedupe"))
def dedup_cluster_undo(request: HttpRequest, cluster_id: DbId, payload: ClusterDecisionIn):
    cluster = selectors.cluster_get_for_user(user=request.user, cluster_id=cluster_id)
    return _cluster(services.cluster_undo(actor=request.user, cluster=cluster,
                                       expected_version=payload.version,
                                       reason=payload.reason))


@router.get("/dedup/people/{person_id}/possible-duplicates",
            response={200: list[PossibleDuplicateOut], 404: ErrorOut},
            summary="Fuzzy duplicates found when the person was registered (in your scope)",
            auth=permits("registry.view"))
def possible_duplicates(request: HttpRequest, person_id: DbId):
    person = registry_selectors.person_get_for_user(user=request.user, person_id=person_id)
    found = selectors.possible_duplicates(user=request.user, person=person)
    audit_listed(actor=request.user, object_type="registry.person",
                 ids=[other.pk for other, _ in found], filters={"shown_with": person.pk},
                 what="people", offices=[other.office_id for other, _ in found])
    return [{"person_id": other.pk, "match_probability": probability,
             "given_name": other.given_name, "family_name": other.family_name,
             "office": other.office.code}
            for other, probability in found]
