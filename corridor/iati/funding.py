"""Where a project's incoming funds (IATI transaction type 1) come from: the one plug.

`incoming_funds(project_ids)` is the only function the IATI selectors ask for money received.
Corridor records no voluntary contribution yet; the finance work on voluntary contributions
(issue 14 item 3) fills it in from its receipts — payments received, never pledges — and
nothing else of the IATI app changes. Each fund received becomes one transaction of type 1 with
the donor as provider-org (a participating-org of role 1, funding, on the activity) and the
contribution's earmarking level as the transaction's aid-type of vocabulary 2 (EarmarkingCategory:
1 unearmarked, 2 softly earmarked, 3 earmarked, 4 tightly earmarked).
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
    """Funds received for these projects up to `today`, by project id, oldest first.

    Nothing yet: the voluntary-contributions work replaces this body with a read of its
    receipts (a selector of corridor.finance), keeping this signature.
    """
    return {}
