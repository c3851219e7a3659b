"""How two records compared, field by field, as the linkage engine weighed them: the rows of the
comparison tables of a duplicate cluster and of a tracing candidate."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ComparisonRow:
    field: str
    sought_value: str
    candidate_value: str | None  # None: hidden, the person is outside the officer's scope
    # None, all three: hidden too (a field the minimal card does not compare).
    level: str | None
    category: str | None  # match, near, mismatch, blank
    weight: float | None



def comparison_rows(explanation, right: dict, left: dict,
                    shown: set[str] | None = None) -> tuple[ComparisonRow, ...]:
    """One row per compared field: the right record's value, the left's and how the engine
    weighed it. With `shown` (a minimal card), a field outside it shows neither the left value
    (a birth date shows its year, as on the card) nor how it compared."""
    rows = []
    for evidence in explanation.fields:
        value = left.get(evidence.field, "")
        compared = shown is None or evidence.field in shown
        if not compared:
            value = value[:4] if evidence.field == "birth_date" else None
        rows.append(ComparisonRow(field=evidence.field,
                                  sought_value=right.get(evidence.field, ""),
                                  candidate_value=value,
                                  level=evidence.level if compared else None,
                                  category=evidence.category if compared else None,
                                  weight=evidence.weight if compared else None))
    return tuple(rows)
