"""Birth dates as registries hold them: full, year-month, year only, or a placeholder 1 January."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})-(\d{1,2})$"),
    re.compile(r"^(\d{4})$"),
)
MIN_YEAR = 1880
MAX_YEAR = 2100


class DateError(ValueError):
    """A birth date that is not one of YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> int:
        """0 unknown, 1 year, 2 year-month, 3 full date."""
        return 0 if self.year is None else 1 if self.month is None else 2 if self.day is None else 3


def parse_birth_date(text: str | None) -> PartialDate:
    """Parse a birth date; empty means unknown. Raises DateError on anything else.

    1 January is the customary placeholder for "born in that year, day unknown" in civil and
    refugee registration: it is kept as a year-only date, so it neither agrees nor disagrees
    on day and month.
    """
    value = (text or "").strip()
    if not value:
        return PartialDate()
    for pattern in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        year = parts[0]
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise DateError(f"year {year} out of range in {value!r}")
        if len(parts) == 1:
            return PartialDate(year)
        if not 1 <= parts[1] <= 12:
            raise DateError(f"month {parts[1]} out of range in {value!r}")
        if len(parts) == 2:
            return PartialDate(year, parts[1])
        try:
            dt.date(year, parts[1], parts[2])
        except ValueError as err:
            raise DateError(f"no such day: {value!r}") from err
        if parts[1] == 1 and parts[2] == 1:
            return PartialDate(year)
        return PartialDate(year, parts[1], parts[2])
    raise DateError(f"unrecognised date {value!r} (expected YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY)")


# A date written with all three parts, whatever their values: "19450493", "1990-02-30".
_THREE_PARTS = re.compile(r"^(\d{4})[-/]?(\d{1,2})[-/]?(\d{1,2})$")


def written_as_a_date(text: str | None) -> bool:
    """Whether the text has a full date's shape (year, month, day digits), real or not: such a
    value is a mistyped date, kept; anything else ("around 1990") is not a date at all."""
    return bool(_THREE_PARTS.match((text or "").strip()))


def read_as_written(text: str | None) -> tuple[PartialDate, str]:
    """A birth date as features compare it: its parts, and its text as YYYY-MM-DD.

    A real date gives parse_birth_date's parts and (when the day is known) its ISO text. An
    impossible one ("19450493", a day 93; "1990-02-30") is not thrown away: registries and
    benchmark files hold them (FEBRL4 has 64), and most are one mistyped digit of the true
    date. Its parts that can be true are kept (the year, a month 1-12) and its digits are kept
    as text, so that the one-typo comparison still meets "1945-04-23". Anything else keeps
    only a readable year, as parse_birth_date_lenient does.
    """
    try:
        parsed = parse_birth_date(text)
    except DateError:
        match = _THREE_PARTS.match((text or "").strip())
        if not match:
            return parse_birth_date_lenient(text), ""
        year, month, day = (int(p) for p in match.groups())
        if not MIN_YEAR <= year <= MAX_YEAR:
            return PartialDate(), ""
        kept_month = month if 1 <= month <= 12 else None
        return PartialDate(year, kept_month), f"{year:04d}-{month:02d}-{day:02d}"
    if parsed.day is None:
        return parsed, ""
    return parsed, f"{parsed.year:04d}-{parsed.month:02d}-{parsed.day:02d}"


def parse_birth_date_lenient(text: str | None) -> PartialDate:
    """As parse_birth_date, but a corrupt date keeps what can be read (its year) instead of failing."""
    try:
        return parse_birth_date(text)
    except DateError:
        match = re.match(r"^\s*(\d{4})", text or "")
        if match and MIN_YEAR <= int(match.group(1)) <= MAX_YEAR:
            return PartialDate(int(match.group(1)))
        return PartialDate()
