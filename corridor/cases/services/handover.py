"""Transport hand-over on arrival: the one write to a case that a movement officer makes.

A movement officer holds `movements.handover`, not the broad `cases.edit`: on a traveller's
arrival at the end of their trip the approved case moves on to in assistance (where reintegration
happens) and the fare is costed to the case's project as a delivered transport item. Nothing else
about the case (notes, other assistance, closing, assignment) is open to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.access.policies import can_in_office
from corridor.cases.models import AssistanceItem, AssistanceKind, AssistanceStatus, Case, CaseState
from corridor.cases.services._common import check, locked
from corridor.cases.services.assistance import deliver_item, plan_item
from corridor.cases.services.cases import record_move
from corridor.core.errors import PermissionDenied
from corridor.registry.models import Person

HANDOVER_PERMISSION = "movements.handover"


# Stored in English, as all the services' reasons are; the case's page words it for its reader
# (selectors.reason_label).
HANDOVER_REASON = "Arrived: transport hand-over"


@transaction.atomic
def transport_handover(*, actor, case: Case, beneficiary: Person, fare: Decimal,
                       description: str, arrived_on: dt.date, move_on: bool,
                       earlier: Sequence[AssistanceItem] = ()) -> tuple[Case, AssistanceItem]:
    """Cost `fare` to the case as transport for `beneficiary`; with `move_on`, an approved case
    first moves on to in assistance (so the item is delivered, not only planned). `earlier`:
    the transport items of the trip's earlier legs, planned while the case waited, now delivered
    at their planned cost."""
    check(actor, case, "view")
    if not can_in_office(actor, HANDOVER_PERMISSION, case.office_id):
        raise PermissionDenied(_("Your role does not allow handing arrivals over to this case."))
    case = locked(case)
    if move_on and case.state == CaseState.APPROVED:
        case = record_move(actor=actor, case=case, from_state=case.state,
                           to=CaseState.IN_ASSISTANCE, changes={"state": CaseState.IN_ASSISTANCE},
                           expected_version=case.version, reason=HANDOVER_REASON)
    item = plan_item(actor=actor, case=case, kind=AssistanceKind.TRANSPORT, planned_cost=fare,
                     description=description, beneficiary=beneficiary)
    if case.state == CaseState.IN_ASSISTANCE:
        item = deliver_item(actor=actor, case=case, item=item, actual_cost=fare,
                            expected_version=item.version, delivered_on=arrived_on)
        for done in earlier:
            if (done.case_id, done.kind, done.status) == (
                    case.pk, AssistanceKind.TRANSPORT, AssistanceStatus.PLANNED):
                deliver_item(actor=actor, case=case, item=done, actual_cost=done.planned_cost,
                             expected_version=done.version, delivered_on=arrived_on)
    return case, item
