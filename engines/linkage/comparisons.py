"""What the model compares, level by level, and how each level reads on the review page.

Every level label starts with its category (match, near, mismatch, blank): the explanation of a
pair reports that category beside the weight the level added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Splink is imported by the functions that build its comparisons, not here: the web processes
# import this module (its constants and labels, through the coded scorer) and never build one,
# and Splink with SQLGlot costs them half a second and tens of megabytes each.
if TYPE_CHECKING:
    import splink.comparison_level_library as cll
    from splink.internals.comparison_creator import ComparisonCreator

CATEGORIES = ("match", "near", "mismatch", "blank")


def _null(column: str) -> cll.ComparisonLevelCreator:
    import splink.comparison_level_library as cll
    return cll.NullLevel(column).configure(label_for_charts="blank")


def _else() -> cll.ComparisonLevelCreator:
    import splink.comparison_level_library as cll
    return cll.ElseLevel().configure(label_for_charts="mismatch")


def _custom(sql: str, label: str) -> cll.ComparisonLevelCreator:
    import splink.comparison_level_library as cll
    return cll.CustomLevel(sql, label_for_charts=label)


def _not_two_known(prefix: str) -> str:
    # Two different names that are both in the variant table ("mohammed" vs "mahmoud") are two
    # names, even when their consonant skeletons or spellings are close.
    return f"NOT (coalesce({prefix}_kn_l, 0) = 1 AND coalesce({prefix}_kn_r, 0) = 1)"


# m of two given names that share nothing (no sound, spelling, nickname or swap): a true match
# gets there through a name the person changed or a form filled in for someone else. EM learned
# about 0.15 from blocks that hold parents, children and siblings (a different given name then
# cost under 3 bits, and sisters of one age were merged); fixed, as the date's mismatch is.
GIVEN_MISMATCH_M = 0.02
# Jaro-Winkler thresholds of the "near" levels; engines.linkage.scoring decides the same levels
# in numpy with these very constants.
SIMILAR_SPELLING = 0.9
SOMEWHAT_SIMILAR = 0.8
# Parents' names are written less carefully: a little more spelling distance is still a match.
PARENT_SIMILAR_SPELLING = 0.88
# Places and addresses: the near level's threshold.
FUZZY_TEXT = 0.9


def given_name() -> ComparisonCreator:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    guard = _not_two_known("given")
    return cl.CustomComparison(
        output_column_name="given_name",
        comparison_levels=[
            _null("given"),
            cll.ExactMatchLevel("given", term_frequency_adjustments=True).configure(
                label_for_charts="match: same name"
            ),
            _custom(f"given_sk_l = given_sk_r AND {guard}", "near: same sound"),
            # A nickname or short form and the full name (data/nicknames.csv).
            _custom("given_nk_l = given_nk_r", "near: nickname or short form"),
            cll.And(
                cll.JaroWinklerLevel("given", SIMILAR_SPELLING), cll.CustomLevel(guard)
            ).configure(label_for_charts="near: similar spelling"),
            _custom(
                "given1_sk_l = given1_sk_r OR given1_l = given1_r", "near: same first given name"
            ),
            _custom("given_sk_l = family_x_sk_r OR family_x_sk_l = given_sk_r", "near: swapped"),
            cll.And(
                cll.JaroWinklerLevel("given", SOMEWHAT_SIMILAR), cll.CustomLevel(guard)
            ).configure(label_for_charts="near: somewhat similar"),
            _else().configure(m_probability=GIVEN_MISMATCH_M, fix_m_probability=True),
        ],
    )


def family_name() -> ComparisonCreator:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    return cl.CustomComparison(
        output_column_name="family_name",
        comparison_levels=[
            _null("family"),
            cll.ExactMatchLevel("family", term_frequency_adjustments=True).configure(
                label_for_charts="match: same name"
            ),
            _custom("family_sk_l = family_sk_r", "near: same sound"),
            cll.JaroWinklerLevel("family", SIMILAR_SPELLING).configure(
                label_for_charts="near: similar spelling"),
            # Both ways round: in patronymic naming a child's family name is the father's given
            # name, so one way round is a father and his child far more often than a swap.
            _custom("family_sk_l = given_x_sk_r AND given_x_sk_l = family_sk_r", "near: swapped"),
            # Patronymic naming: the family name one office wrote is the father's name the
            # other wrote beside a grandfather's name.
            _custom(
                "family_sk_l = father_x_sk_r OR father_x_sk_l = family_sk_r",
                "near: the other's father's name",
            ),
            cll.JaroWinklerLevel("family", SOMEWHAT_SIMILAR).configure(
                label_for_charts="near: somewhat similar"),
            _else(),
        ],
    )


def parent_name(column: str, output: str) -> ComparisonCreator:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    return cl.CustomComparison(
        output_column_name=output,
        comparison_levels=[
            _null(column),
            # A father called Mohammed says less than one called Zabihullah.
            cll.ExactMatchLevel(column, term_frequency_adjustments=True).configure(
                label_for_charts="match: same name"
            ),
            _custom(f"{column}_sk_l = {column}_sk_r", "near: same sound"),
            cll.JaroWinklerLevel(column, PARENT_SIMILAR_SPELLING).configure(
                label_for_charts="near: similar spelling"),
            _else(),
        ],
    )


# m of dates that agree on nothing (see birth_date).
DATE_MISMATCH_M = 0.01
# m of two full dates within a year whose month and day both differ (see birth_date).
WITHIN_A_YEAR_M = 0.005
# A date that is an estimate: no day, or the first of January.
_ESTIMATED = "(bd_{s} IS NULL OR (bm_{s} = 1 AND bd_{s} = 1))"
# Years two estimated ages may lie apart and still meet at the "both estimated" level.
ESTIMATES_APART = 3


def birth_date() -> ComparisonCreator:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            _custom("by_l IS NULL OR by_r IS NULL", "blank").configure(is_null_level=True),
            # Term frequency: a date shared by many records ("1 January" of an estimated year,
            # a default a clerk typed for everyone without papers) says less than a rare one.
            _custom("dob_l = dob_r", "match: same date").configure(
                tf_adjustment_column="dob", tf_adjustment_weight=1.0
            ),
            _custom("dob_swap_l = dob_r", "near: day and month swapped"),
            # One digit mistyped or two neighbouring digits transposed (19571024 / 19571204).
            cll.DamerauLevenshteinLevel("dob", 1).configure(label_for_charts="near: one typo"),
            _custom(
                "by_l = by_r AND (bd_l IS NULL OR bd_r IS NULL) "
                "AND (bm_l IS NULL OR bm_r IS NULL OR bm_l = bm_r)",
                "near: agrees as far as known",
            ),
            _custom("by_l = by_r AND bm_l = bm_r", "near: same year and month"),
            _custom(
                "(by_l = by_r AND bd_l = bd_r) OR "
                "(bm_l = bm_r AND bd_l = bd_r AND abs(by_l - by_r) <= 10)",
                "near: one part differs",
            ),
            # An estimated date — only a year (or year and month), or 1 January, the day
            # registrations write when the day is unknown — within a year of the other: how an
            # estimated age meets the real date. Kept apart from the next level: two full
            # dates a year apart whose month and day both differ are two people far more often
            # than one, and lumped together the estimates lent them their weight.
            _custom(
                f"abs(by_l - by_r) <= 1 AND ({_ESTIMATED.format(s='l')} OR {_ESTIMATED.format(s='r')})",
                "near: estimated, within a year",
            ),
            # A true match lands here only through two errors in one date (month and day both
            # wrong). EM cannot learn that: its blocks keyed on names and the year are full of
            # namesakes born the same year, which it takes for matches (m came out at 0.25 and
            # merged them). So m is set from that reasoning, not learned.
            _custom("abs(by_l - by_r) <= 1", "near: within a year").configure(
                m_probability=WITHIN_A_YEAR_M, fix_m_probability=True
            ),
            # Two estimated ages (1 January, or a year only), each office guessing its own
            # year: weak evidence, but not a disagreement.
            _custom(
                f"abs(by_l - by_r) <= {ESTIMATES_APART} AND {_ESTIMATED.format(s='l')} "
                f"AND {_ESTIMATED.format(s='r')}",
                "near: both estimated, years apart",
            ),
            # Dates that share nothing: among true matches this takes a misread or a wholly
            # wrong date. EM, whose blocks keyed on names and a contact field hold parents and
            # children, learned m near 0.2 (a date mismatch cost 2 bits, and a mother and
            # daughter of one name were merged); fixed like the level above.
            _else().configure(m_probability=DATE_MISMATCH_M, fix_m_probability=True),
        ],
    )


def exact(column: str, output: str, *, fuzzy: float | None = None) -> ComparisonCreator:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    levels = [
        _null(column),
        cll.ExactMatchLevel(column).configure(label_for_charts="match: same"),
    ]
    if fuzzy is not None:
        levels.append(
            cll.JaroWinklerLevel(column, fuzzy).configure(label_for_charts="near: similar")
        )
    levels.append(_else())
    return cl.CustomComparison(output_column_name=output, comparison_levels=levels)


def document() -> ComparisonCreator:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    return cl.CustomComparison(
        output_column_name="document_number",
        comparison_levels=[
            _null("document"),
            cll.ExactMatchLevel("document").configure(label_for_charts="match: same"),
            cll.DamerauLevenshteinLevel("document", 1).configure(
                label_for_charts="near: one character differs"
            ),
            _else(),
        ],
    )


# Feature columns that must hold data for a comparison to be worth including.
COMPARISONS: dict[str, tuple[str, object]] = {
    "given_name": ("given", given_name),
    "family_name": ("family", family_name),
    "birth_date": ("by", birth_date),
    "father_name": ("father", lambda: parent_name("father", "father_name")),
    "mother_name": ("mother", lambda: parent_name("mother", "mother_name")),
    "sex": ("sex", lambda: exact("sex", "sex")),
    "birth_place": ("place", lambda: exact("place", "birth_place", fuzzy=FUZZY_TEXT)),
    "nationality": ("nationality", lambda: exact("nationality", "nationality")),
    "address": ("address", lambda: exact("address", "address", fuzzy=FUZZY_TEXT)),
    "locality": ("locality", lambda: exact("locality", "locality", fuzzy=FUZZY_TEXT)),
    "postcode": ("postcode", lambda: exact("postcode", "postcode")),
    "phone": ("phone", lambda: exact("phone", "phone")),
    "document_number": ("document", document),
}


def comparisons_for(columns_with_data: set[str]) -> list[ComparisonCreator]:
    """The comparisons whose input column holds data (an all-blank column teaches nothing)."""
    return [factory() for column, factory in COMPARISONS.values() if column in columns_with_data]


def category(label: str) -> str:
    head = label.split(":", 1)[0].strip()
    return head if head in CATEGORIES else "near"
