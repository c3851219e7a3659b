"""The rule sets as stored, versioned rows (issue 15, item 5): a session pins the version in
force when it opens; the secretariat writes a new version from a form or a JSON file, checked
by the engine's `rule_set_from_dict` (a quorum above 100 %, a majority below half, … refused
with every problem, nothing written). Versions are append-only: a change is a new version."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditAction
from corridor.governance.models import RuleSetVersion, Session
from engines.governance import (
    SHIPPED,
    RuleSet,
    RuleSetError,
    load_rule_set,
    rule_set_from_dict,
    rule_set_to_dict,
)


@dataclass(frozen=True)
class Available:
    key: str
    version: int | None  # None: the shipped file (no stored version)
    title: str


def latest(key: str) -> RuleSetVersion | None:
    return RuleSetVersion.objects.filter(key=key).order_by("-version").first()


def available() -> list[Available]:
    """Every rule set a session can be opened under, at its latest version."""
    found: dict[str, Available] = {key: Available(key, None, load_rule_set(key).title)
                                   for key in SHIPPED}
    for row in RuleSetVersion.objects.order_by("key", "version"):
        found[row.key] = Available(row.key, row.version, row.document.get("title", row.key))
    return sorted(found.values(), key=lambda a: a.key)


def rules_of(key: str, version: int | None) -> RuleSet:
    if version is None:
        return load_rule_set(key)
    row = RuleSetVersion.objects.get(key=key, version=version)
    return rule_set_from_dict(row.document)


def rules_for(session: Session) -> RuleSet:
    """The rules a session is held under: the version pinned when it opened."""
    return rules_of(session.rule_set, session.rule_set_version)


def pin(key: str) -> tuple[str, int | None]:
    """The key and the version a session opened now is held under; ValidationFailed for a
    rule set that does not exist."""
    row = latest(key)
    if row is None and key not in SHIPPED:
        raise ValidationFailed([{"field": "rule_set",
                                 "message": _("Unknown rule set %(key)s.") % {"key": key}}])
    return key, (row.version if row else None)


def parse(text: str, *, where: str = "document") -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed([{"field": where, "message":
                                 _("not JSON: line %(line)s, column %(column)s: %(error)s") % {
                                     "line": exc.lineno, "column": exc.colno, "error": exc.msg}}]
                               ) from None
    return data


@transaction.atomic
def version_create(*, actor, document: dict, note: str = "") -> RuleSetVersion:
    """A new version of the rule set `document["key"]` (version 1 of a new one). Checked by the
    engine first; every problem is named by where it is in the document."""
    from corridor.governance.services import _require

    _require(actor)
    try:
        rules = rule_set_from_dict(document)
    except RuleSetError as exc:
        raise ValidationFailed([{"field": "document", "where": " › ".join(p.where) or "document",
                                 "message": p.message} for p in exc.problems]) from None
    normal = rule_set_to_dict(rules)  # stored in the engine's own shape
    for _attempt in range(3):
        number = (RuleSetVersion.objects.filter(key=rules.key)
                  .aggregate(n=Max("version"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                row = RuleSetVersion.objects.create(key=rules.key, version=number, document=normal,
                                                    note=note.strip()[:300], created_by=actor)
            break
        except IntegrityError:
            continue
    else:
        raise IntegrityError("could not number the version: retry")
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row,
                 summary=f"Rule set {rules.key}, version {number}")
    return row


def base_document(key: str) -> dict:
    """The latest version's document, as a starting point for the next."""
    row = latest(key)
    return row.document if row else rule_set_to_dict(load_rule_set(key))


def in_force(day) -> str:
    """The key of the rule set in force on `day`: the latest in force by then."""
    candidates = [(rules_of(a.key, a.version).in_force_from, a.key) for a in available()]
    before = sorted(c for c in candidates if c[0] <= day)
    return before[-1][1] if before else sorted(candidates)[0][1]


def rules_in_force(day) -> RuleSet:
    return rules_of(*pin(in_force(day)))
