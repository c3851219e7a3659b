import pytest

from engines.linkage.dates import DateError, PartialDate, parse_birth_date
from engines.linkage.normalise import name_skeleton, normalise_name


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Mohammed", "MUHAMAD"),
        ("Al-Hassan", "ALHASAN"),
        ("Hassan", "Xasan"),
        ("Oleksandr", "Aleksandr"),
        ("Олександр", "Oleksandr"),
        ("Diallo", "Jallow"),
        ("الحسن", "Hassan"),
        ("Abd al-Rahman", "Abdulrahman"),
    ],
)
def test_variants_share_a_canonical_form_or_skeleton(left: str, right: str) -> None:
    a, b = normalise_name(left), normalise_name(right)
    assert a == b or name_skeleton(a) == name_skeleton(b)


def test_different_names_stay_different() -> None:
    assert normalise_name("Mohammed") != normalise_name("Mahmoud")
    assert normalise_name("Omar") != normalise_name("Ahmed")


def test_a_name_the_table_knows_is_not_split_at_its_abd_prefix() -> None:
    # "Abdullahi" is Abdullah, not "abd" + "lahi"; "Abdul Rahman" still glues to one name.
    assert normalise_name("Abdullahi") == normalise_name("Abdulai") == normalise_name("Abdullah")
    assert normalise_name("Abdul Rahman") == normalise_name("Abdulrahman") == "abdrahman"


def test_particles_are_dropped() -> None:
    assert normalise_name("Abu Bakr") == normalise_name("Bakr")
    assert normalise_name("bin Laden") == "laden"


def test_dates_partial_and_placeholder() -> None:
    assert parse_birth_date("1990-03-04") == PartialDate(1990, 3, 4)
    assert parse_birth_date("19900304") == PartialDate(1990, 3, 4)
    assert parse_birth_date("1990-03") == PartialDate(1990, 3)
    assert parse_birth_date("1990") == PartialDate(1990)
    assert parse_birth_date("1990-01-01") == PartialDate(1990)  # estimated-year placeholder
    assert parse_birth_date("") == PartialDate()


@pytest.mark.parametrize("bad", ["1990-13-01", "1990-02-30", "04/03/1990", "born 1990"])
def test_unparseable_dates_are_refused(bad: str) -> None:
    with pytest.raises(DateError):
        parse_birth_date(bad)
