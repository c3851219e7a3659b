"""Words for what the linkage engine returns: compared fields and comparison levels, translated.

The engine (engines/linkage) names fields by their column (`father_name`) and levels by fixed
labels ("near: day and month swapped") and never imports Django; the pages translate them here.
An unknown code (a level a newer model adds) is shown as it is rather than hidden.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FIELDS: dict[str, Promise] = {
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "birth_date": _("Date of birth"),
    "father_name": _("Father's name"),
    "mother_name": _("Mother's name"),
    "sex": _("Sex"),
    "birth_place": _("Place of origin"),
    "nationality": _("Nationality"),
    "address": _("Address"),
    "locality": _("Locality"),
    "postcode": _("Postcode"),
    "phone": _("Phone number"),
    "document_number": _("Document number"),
    # Shown beside the compared fields in the review's side-by-side table.
    "original_script_name": _("Name in original script"),
    "office": _("Office"),
    "household": _("Household"),
    "registered": _("Registered"),
    "merged_into": _("Merged into"),
    "version": _("Version"),
}

# The level labels of engines/linkage/comparisons.py (and of the stored model built from it).
LEVELS: dict[str, Promise] = {
    "blank": _("blank"),
    "mismatch": _("mismatch"),
    "match: same": _("match: same"),
    "match: same name": _("match: same name"),
    "match: same date": _("match: same date"),
    "near: same sound": _("near: same sound"),
    "near: similar spelling": _("near: similar spelling"),
    "near: somewhat similar": _("near: somewhat similar"),
    "near: similar": _("near: similar"),
    "near: same first given name": _("near: same first given name"),
    "near: nickname or short form": _("near: nickname or short form"),
    "near: the other's father's name": _("near: family name is the other's father's name"),
    "near: swapped": _("near: given and family names swapped"),
    "near: day and month swapped": _("near: day and month swapped"),
    "near: agrees as far as known": _("near: agrees as far as known"),
    "near: same year and month": _("near: same year and month"),
    "near: one part differs": _("near: one part of the date differs"),
    "near: estimated, within a year": _("near: estimated, within a year"),
    "near: within a year": _("near: within a year"),
    "near: both estimated, years apart": _("near: both dates estimated, a few years apart"),
    "near: one character differs": _("near: one character differs"),
}


def field_label(field: str) -> str:
    label = FIELDS.get(field)
    return str(label) if label is not None else field


def level_label(level: str) -> str:
    label = LEVELS.get(level)
    return str(label) if label is not None else level


# A field's weight is the log2 of how much more often its agreement (or disagreement) is seen
# between records of the same person than of different people: 4 bits is 16 times. Reviewers
# read words, not bits (issue 18); the thresholds are Jeffreys-style steps of that ratio.
EVIDENCE: tuple[tuple[float, Promise], ...] = (
    (4.0, _("strong evidence for the same person")),
    (1.0, _("weak evidence for the same person")),
    (-1.0, _("neither for nor against")),
    (-4.0, _("weak evidence against")),
)
STRONG_AGAINST = _("strong evidence against")


def evidence_label(weight: float | None) -> str:
    if weight is None:
        return ""
    for bound, label in EVIDENCE:
        if weight >= bound:
            return str(label)
    return str(STRONG_AGAINST)


LIKELIHOODS: tuple[tuple[float, Promise], ...] = (
    (0.99, _("almost certainly the same person")),
    (0.9, _("likely the same person")),
    (0.5, _("possibly the same person")),
    (0.1, _("unlikely to be the same person")),
)


def likelihood_label(probability: float) -> str:
    for bound, label in LIKELIHOODS:
        if probability >= bound:
            return str(label)
    return str(_("very unlikely to be the same person"))
