"""Where a project's incoming funds (IATI transaction type 1) come from: the one plug.

`incoming_funds(project_ids)` is the only function the IATI selectors ask for money received.
It reads the receipts of the voluntary contributions earmarked to the projects (finance's
`project_receipts`, ADR 0071) — payments received, never pledges. Each fund received becomes
one transaction of type 1 with the donor as provider-org (a participating-org of role 1,
funding, on the activity) and the contribution's earmarking level as the transaction's aid-type
of vocabulary 2 (EarmarkingCategory: 1 unearmarked, 2 softly earmarked, 3 earmarked, 4 tightly
earmarked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Donor:
    name: str
    ref: str = ""  # the donor's IATI organisation identifier, when it has one
    type: str = ""  # IATI OrganisationType (10 government, 40 multilateral, 70 private sector…)


@dataclass(frozen=True)
class IncomingFund:
    project_id: int
    received_on: dt.date
    amount: Decimal  # in `currency`, as received
    currency: str
    donor: Donor
    earmarking: str = ""  # EarmarkingCategory code; blank: not stated
    reference: str = ""  # the receipt's own reference, unique within the project


def incoming_funds(project_ids: Iterable[int], *, today: dt.date) -> dict[int, list[IncomingFund]]:
    """Funds received for these projects up to `today`, by project id, oldest first."""
    from corridor.finance.selectors.projects import project_receipts

    return {project_id: [IncomingFund(
                project_id=r.project_id, received_on=r.received_on, amount=r.amount,
                currency=r.currency,
                donor=Donor(name=r.donor_name, ref=r.donor_ref, type=r.donor_type),
                earmarking=r.earmarking, reference=r.reference) for r in receipts]
            for project_id, receipts in project_receipts(project_ids, on=today).items()}
