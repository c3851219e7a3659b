"""Transfer endpoints: request a case's transfer, list transfers, accept, decline, cancel."""

from django.http import HttpRequest
from ninja import Header, Query
from ninja.pagination import paginate

from corridor.access.api_permissions import permits
from corridor.cases import selectors, services
from corridor.cases.api import router
from corridor.cases.api.schemas import (
    ERRORS,
    ErrorOut,
    TransferAnswerIn,
    TransferDeclineIn,
    TransferFilters,
    TransferIn,
    TransferOut,
)
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import AuditedPagination


def _transfer(request, transfer_id: int, *, audit: bool = False):
    return selectors.transfer_get_for_user(user=request.user, transfer_id=transfer_id,
                                           audit=audit)


@router.post("/cases/{case_id}/transfers", response={201: TransferOut, **ERRORS},
             summary="Ask another office to take the case over; send the case's version "
                     "(and Idempotency-Key)",
             auth=permits("cases.edit"))
def transfer_request(request: HttpRequest, case_id: DbId, payload: TransferIn,
                     idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        case = selectors.case_get_for_user(user=request.user, case_id=case_id, audit=False)
        office = selectors.transfer_office(user=request.user, case=case,
                                           office_id=payload.office_id)
        transfer = services.transfer_request(actor=request.user, case=case, office=office,
                                             reason=payload.reason,
                                             expected_version=payload.version)
        return 201, transfer, _answered(request, transfer)

    return idempotent_create(request, key=idempotency_key, endpoint=f"cases.transfer.{case_id}",
                             create=create, replay=lambda pk: transfer_detail(request, pk))


@router.get("/transfers", response=list[TransferOut],
            summary="Transfers received by the offices you answer for, or sent from yours",
            auth=permits("cases.view"))
@paginate(AuditedPagination, page_size=50, max_page_size=200, object_type="cases.casetransfer",
          what="transfers")
def transfer_list(request: HttpRequest, filters: Query[TransferFilters]):
    return selectors.transfer_list(user=request.user, direction=filters.direction or "",
                                   status=filters.status or "")


@router.get("/transfers/{transfer_id}", response={200: TransferOut, 403: ErrorOut, 404: ErrorOut},
            summary="A transfer with the minimal summary of its case",
            auth=permits("cases.view"))
def transfer_detail(request: HttpRequest, transfer_id: DbId):
    return TransferOut.from_orm(_transfer(request, transfer_id, audit=True)).model_dump(mode="json")


def _answered(request, transfer) -> dict:
    """The transfer as the list shows it (both offices still see it once answered)."""
    return TransferOut.from_orm(_transfer(request, transfer.pk)).model_dump(mode="json")


@router.post("/transfers/{transfer_id}/accept", response={200: TransferOut, **ERRORS},
             summary="Accept: the case and its people's records move to the receiving office",
             auth=permits("cases.view"))
def transfer_accept(request: HttpRequest, transfer_id: DbId, payload: TransferAnswerIn):
    transfer = services.transfer_accept(actor=request.user, transfer=_transfer(request, transfer_id),
                                        expected_version=payload.version)
    return _answered(request, transfer)


@router.post("/transfers/{transfer_id}/decline", response={200: TransferOut, **ERRORS},
             summary="Decline, saying why: the case stays where it is",
             auth=permits("cases.view"))
def transfer_decline(request: HttpRequest, transfer_id: DbId, payload: TransferDeclineIn):
    transfer = services.transfer_decline(actor=request.user,
                                         transfer=_transfer(request, transfer_id),
                                         reason=payload.reason, expected_version=payload.version)
    return _answered(request, transfer)


@router.post("/transfers/{transfer_id}/cancel", response={200: TransferOut, **ERRORS},
             summary="Cancel a pending request (the sending office)",
             auth=permits("cases.edit"))
def transfer_cancel(request: HttpRequest, transfer_id: DbId, payload: TransferAnswerIn):
    transfer = services.transfer_cancel(actor=request.user,
                                        transfer=_transfer(request, transfer_id),
                                        expected_version=payload.version)
    return _answered(request, transfer)
