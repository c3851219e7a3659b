"""Phone numbers in any international or national format, kept as E.164."""

from __future__ import annotations

import phonenumbers
import pycountry


def to_e164(raw: str, *, country_iso3: str = "") -> str | None:
    """E.164 form of `raw`, read in the office's country when it has no +prefix; None if invalid."""
    region = None
    if country_iso3:
        country = pycountry.countries.get(alpha_3=country_iso3)
        region = country.alpha_2 if country else None
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
