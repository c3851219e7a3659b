"""Writing, validating and reading IATI files: the round trip and every refusal."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from engines.iati import (
    Organisation,
    OrganisationBudget,
    codelists,
    iter_activities,
    iter_activities_xml,
    iter_organisations_xml,
    one_year_after,
    validate,
)
from engines.iati.tests.helpers import ORG, REF, activity
from engines.iati.writer import CHUNK_BYTES

TODAY = dt.date.today()
NOW = dt.datetime.now(dt.UTC)


def xml(*activities) -> bytes:
    return b"".join(iter_activities_xml(activities, generated=NOW))


def messages(data: bytes) -> list[str]:
    return [str(p) for p in validate(data, today=TODAY)]


def test_a_written_file_validates_and_reads_back_the_same() -> None:
    written = [activity(TODAY, "P001"), activity(TODAY, "P002", transactions=0)]
    data = xml(*written)
    assert validate(data, today=TODAY) == []
    read = [a for a, _line in iter_activities(io.BytesIO(data))]
    assert read == written
    assert xml(*read) == data


def test_the_file_is_written_in_chunks_one_activity_at_a_time() -> None:
    chunks = list(iter_activities_xml((activity(TODAY, f"P{i:04d}", transactions=20)
                                       for i in range(200)), generated=NOW))
    assert len(chunks) > 5
    assert all(len(c) < CHUNK_BYTES + 40_000 for c in chunks)


def test_lines_are_reported_by_the_reader() -> None:
    data = xml(activity(TODAY, "P001"), activity(TODAY, "P002"))
    lines = [line for _a, line in iter_activities(io.BytesIO(data))]
    assert lines[0] == 2 and lines[1] > lines[0]


def test_the_identifier_must_start_with_the_reporting_orgs_ref() -> None:
    data = xml(activity(TODAY)).replace(f"<iati-identifier>{REF}-".encode(),
                                        b"<iati-identifier>XM-OTHER-")
    problems = validate(data, today=TODAY)
    assert [p.activity for p in problems] == ["XM-OTHER-P001"]
    assert problems[0].path == "/iati-activities/iati-activity/iati-identifier"
    assert "does not start with the reporting organisation's ref" in problems[0].message
    assert problems[0].line == 3


def test_sector_percentages_per_vocabulary_sum_to_100() -> None:
    data = xml(activity(TODAY)).replace(b'code="72010" vocabulary="1" percentage="40"',
                                        b'code="72010" vocabulary="1" percentage="39.99"')
    (problem,) = validate(data, today=TODAY)
    assert "sectors of vocabulary 1 percentages sum to 99.99, not 100" in problem.message
    assert problem.activity == f"{REF}-P001"
    assert problem.path.endswith("/sector[1]")


def test_several_sectors_each_need_a_percentage() -> None:
    data = xml(activity(TODAY)).replace(b' vocabulary="1" percentage="40"', b' vocabulary="1"')
    (problem,) = validate(data, today=TODAY)
    assert problem.path.endswith("/sector[2]/@percentage")


def test_country_and_region_percentages_sum_to_100() -> None:
    data = xml(activity(TODAY)).replace(b'code="589" vocabulary="1" percentage="30"',
                                        b'code="589" vocabulary="1" percentage="31"')
    (problem,) = validate(data, today=TODAY)
    assert "recipient countries and regions percentages sum to 101, not 100" in problem.message


def test_a_transaction_dated_after_today_is_refused() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    first = activity(TODAY).transactions[0].date.isoformat()
    data = xml(activity(TODAY)).replace(
        f'<transaction-date iso-date="{first}"/>'.encode(),
        f'<transaction-date iso-date="{tomorrow}"/>'.encode())
    (problem,) = validate(data, today=TODAY)
    assert problem.path.endswith("/transaction[1]/transaction-date/@iso-date")
    assert f"dated {tomorrow}, after today" in problem.message
    # The same file a day later is valid: the verdict is relative to the day given.
    assert validate(data, today=tomorrow) == []


def test_a_budget_period_of_more_than_a_year_is_refused() -> None:
    a = activity(TODAY)
    start = a.budgets[0].period_start
    end = a.budgets[0].period_end.isoformat()
    longer = one_year_after(start) + dt.timedelta(days=1)
    data = xml(a).replace(f'<period-end iso-date="{end}"/>'.encode(),
                          f'<period-end iso-date="{longer}"/>'.encode())
    (problem,) = validate(data, today=TODAY)
    assert "longer than a year" in problem.message
    assert problem.path.endswith("/budget[1]/period-end/@iso-date")
    exactly = data.replace(f'"{longer}"'.encode(), f'"{one_year_after(start)}"'.encode())
    assert validate(exactly, today=TODAY) == []


def test_a_budget_ending_before_it_starts_is_refused() -> None:
    a = activity(TODAY)
    end = a.budgets[0].period_end.isoformat()
    before = (a.budgets[0].period_start - dt.timedelta(days=1)).isoformat()
    data = xml(a).replace(f'<period-end iso-date="{end}"/>'.encode(),
                          f'<period-end iso-date="{before}"/>'.encode())
    assert any("before it starts" in m for m in messages(data))


@pytest.mark.parametrize(("old", "new", "codelist", "path"), [
    (b'code="15190"', b'code="15199"', "Sector", "sector[1]/@code"),
    (b'<sector code="151" vocabulary="2"', b'<sector code="159" vocabulary="2"',
     "SectorCategory", "sector[3]/@code"),
    (b'default-currency="USD"', b'default-currency="USX"', "Currency",
     "iati-activity/@default-currency"),
    (b'<default-aid-type code="2" vocabulary="2"/>', b'<default-aid-type code="7" vocabulary="2"/>',
     "EarmarkingCategory", "default-aid-type[2]/@code"),
    (b'<activity-status code="2"/>', b'<activity-status code="9"/>', "ActivityStatus",
     "activity-status/@code"),
    (b'<transaction-type code="4"/>', b'<transaction-type code="14"/>', "TransactionType",
     "transaction[1]/transaction-type/@code"),
    (b'<recipient-country code="JO"', b'<recipient-country code="JOR"', "Country",
     "recipient-country/@code"),
    (b'role="1"', b'role="7"', "OrganisationRole", "participating-org[2]/@role"),
    (b'xml:lang="fr"', b'xml:lang="xx"', "Language", "narrative[2]/@xml:lang"),
])
def test_a_code_not_in_its_codelist_is_refused(old, new, codelist, path) -> None:
    data = xml(activity(TODAY))
    assert old in data
    problems = validate(data.replace(old, new, 1), today=TODAY)
    assert any(f"is not in the {codelist} codelist" in p.message and p.path.endswith(path)
               and p.activity == f"{REF}-P001" for p in problems), problems


def test_a_code_of_another_vocabulary_is_not_checked_against_the_dac_list() -> None:
    data = xml(activity(TODAY)).replace(b'<sector code="151" vocabulary="2" percentage="100"/>',
                                        b'<sector code="X-1" vocabulary="99" percentage="100"/>')
    assert validate(data, today=TODAY) == []


def test_a_schema_error_names_the_activity_and_path() -> None:
    data = xml(activity(TODAY)).replace(b'<activity-status code="2"/>', b"")
    problems = validate(data, today=TODAY)
    assert problems and problems[0].activity == f"{REF}-P001"
    assert problems[0].path.startswith("/iati-activities/iati-activity")
    assert problems[0].line


def test_every_problem_is_listed() -> None:
    data = (xml(activity(TODAY, "P001"), activity(TODAY, "P002"))
            .replace(b'code="15190"', b'code="00000"')
            .replace(b'percentage="30"', b'percentage="10"'))
    problems = validate(data, today=TODAY)
    assert {p.activity for p in problems} == {f"{REF}-P001", f"{REF}-P002"}
    assert len(problems) == 4


def test_a_file_that_is_not_xml_gives_its_line() -> None:
    (problem,) = validate(b"<?xml version='1.0'?>\n<iati-activities>\n<oops>", today=TODAY)
    assert "not well-formed" in problem.message and problem.line


def test_a_doctype_is_refused_and_its_entities_never_expanded() -> None:
    data = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<iati-activities version="2.03"><iati-activity>&e;</iati-activity></iati-activities>')
    (problem,) = validate(data, today=TODAY)
    assert "DOCTYPE is not allowed" in problem.message
    assert "root:" not in str(problem)


def test_an_organisation_file_validates_and_its_budget_periods_are_checked() -> None:
    year = TODAY.replace(month=1, day=1)
    org = Organisation(identifier=REF, name=ORG.name, reporting_org=ORG, default_currency="USD",
                       total_budgets=(OrganisationBudget(year, year.replace(month=12, day=31),
                                                         __import__("decimal").Decimal("5000000"),
                                                         year),))
    data = b"".join(iter_organisations_xml([org], generated=NOW))
    assert validate(data, today=TODAY) == []
    longer = data.replace(f'"{year.replace(month=12, day=31)}"'.encode(),
                          f'"{year.replace(year=year.year + 1, month=3)}"'.encode())
    assert any("longer than a year" in str(p) for p in validate(longer, today=TODAY))


def test_every_codelist_is_mapped_or_set_aside_with_a_reason() -> None:
    files = set(codelists.codelist_files())
    used = {m.codelist for m in codelists.MAPPINGS} | {codelists.LANGUAGE_CODELIST}
    assert used <= files
    assert files - used == set(codelists.UNMAPPED)
    assert len(files) >= 60
    assert "EEK" in codelists.codes("Currency")  # withdrawn codes stay valid (historic data)
