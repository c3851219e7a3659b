"""Actions on several cases at once (issue 18, item 12): the list's selected cases assigned or
transferred together. Each case goes through the single-case service (its policy, timeline and
audit), all in one transaction: one case refused refuses them all, and the answer names each
refused case and why, so the user corrects the selection and tries again with nothing half done."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.access.models import Office
from corridor.cases.models import Case
from corridor.cases.services.cases import case_assign
from corridor.cases.services.transfers import transfer_request
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict

# One request changes at most this many cases: past it, the list's filters narrow the choice.
BULK_LIMIT = 200


def _each(read: dict[Case, int], perform) -> int:
    """Run `perform(case, version)` for every case read at `version`; refuse all if any fails."""
    if not read:
        raise ValidationFailed([{"field": "case", "message": _("Select at least one case.")}])
    if len(read) > BULK_LIMIT:
        raise ValidationFailed([{"field": "case", "message": _(
            "Select at most %(limit)d cases at once.") % {"limit": BULK_LIMIT}}])
    problems: list[dict[str, str]] = []
    with transaction.atomic():
        for case, version in read.items():
            try:
                with transaction.atomic():
                    perform(case, version)
            except ValidationFailed as exc:
                problems += [{"where": case.reference, "field": p.get("field", ""),
                              "message": str(p["message"])} for p in exc.problems]
            except VersionConflict:
                problems.append({"where": case.reference, "field": "", "message": _(
                    "changed by someone else since the list was read; reload it.")})
            except (PermissionDenied, NotFound):
                problems.append({"where": case.reference, "field": "",
                                 "message": _("you may not change this case.")})
        if problems:
            # Raised inside the transaction: what the cases before the refused one did is undone.
            raise ValidationFailed(problems)
    return len(read)


def cases_assign(*, actor, read: dict[Case, int], assignee: User | None) -> int:
    """Assign every case to `assignee` (None: unassign); `read` maps each case to the version
    the user's list showed."""
    return _each(read, lambda case, version: case_assign(
        actor=actor, case=case, assignee=assignee, expected_version=version))


def cases_transfer(*, actor, read: dict[Case, int], office: Office, reason: str) -> int:
    """Ask `office` to take every case over, with one reason."""
    return _each(read, lambda case, version: transfer_request(
        actor=actor, case=case, office=office, reason=reason, expected_version=version))
