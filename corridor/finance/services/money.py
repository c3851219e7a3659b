"""Money coming in, one way for every kind (a member's payment, a donor's receipt): the amount
checked and counted in minor units, valued at the day's rate in the fund's base currency, and
the ledger lines that bring it to the bank, across the exchange clearing account when its
currency is not the base. The payment and the receipt then credit what the money is for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from corridor.finance import currencies
from corridor.finance.chart import BANK, FX_CLEARING
from corridor.finance.conversion import balanced_base, missing_rate_message, rate_for
from corridor.finance.models import Account, Fund
from corridor.finance.problems import Problems
from corridor.finance.services.ledger import Line, _decimal, largest_minor


def positive_minor(amount, code: str, field: str, problems: Problems) -> int | None:
    """`amount` of `code` in minor units, more than zero and within what the ledger holds
    (`ledger.largest_minor`, from the amount column);
    None, with the problem named after `field`, when it is not."""
    number = _decimal(amount)
    if number is None:
        problems.add(field, "must be a number")
        return None
    if number <= 0:
        problems.add(field, "must be more than zero")
        return None
    try:
        minor = currencies.to_minor(number, code)
    except ValueError as exc:
        problems.add(field, f"too many decimals: {exc}")
        return None
    if minor > largest_minor():
        problems.add(field, "is too large")
        return None
    return minor


def valued(amount, code: str, base: str, day: date, field: str,
           problems: Problems) -> tuple[int, Decimal, int] | None:
    """`amount` of `code` in minor units, the day's rate to `base` and its value in `base`;
    None (with the problems named: the currency, `field`) when it cannot be."""
    problem = currencies.currency_problem(code, day)
    if problem:
        problems.add("currency", problem)
        return None
    minor = positive_minor(amount, code, field, problems)
    found = rate_for(code, base, day)
    if found is None:
        problems.add("currency", missing_rate_message(code, base, day))
    if minor is None or found is None:
        return None
    value = balanced_base([minor, -minor], code, base, found.rate)[0]
    if value == 0:  # a posting of nothing is refused by the ledger: say why here
        problems.add(field, f"is worth less than one minor unit of {base} at the day's rate")
        return None
    if value > largest_minor():
        problems.add(field, f"is too large once valued in {base}")
        return None
    return minor, found.rate, value


def to_bank(fund: Fund, code: str, minor: int, value: int) -> list[Line]:
    """The lines that bring `minor` of `code` (worth `value` in the fund's base) to the bank:
    the bank debited in the currency received and, when it is not the base, the exchange
    clearing account turning it into its base value. The caller credits the base value."""
    base = fund.base_currency_id
    lines = [Line(fund, Account.objects.get(code=BANK), code, currencies.from_minor(minor, code))]
    if code != base:
        clearing = Account.objects.get(code=FX_CLEARING)
        lines += [Line(fund, clearing, code, -currencies.from_minor(minor, code)),
                  Line(fund, clearing, base, currencies.from_minor(value, base))]
    return lines
