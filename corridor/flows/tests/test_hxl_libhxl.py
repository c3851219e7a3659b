"""The HXL exports as HXL's own library reads them: libhxl recognises the hashtag row, finds the
DTM tags, reads the values back, and its default schema finds no error (a masked count is a
blank cell with a note, not the text "< 5" in a number column)."""

from __future__ import annotations

import io

import hxl
import pytest

from corridor.flows import services
from corridor.flows.tests.helpers import count_row, counts_csv, day


@pytest.fixture
def flows_data(org, cast, points):
    """Syrians are many, two Iraqis and two Egyptians crossed (masked); round 1 of a baseline
    with one area under the threshold."""
    rows = [count_row(count=120), count_row(sex="male", count=80),
            count_row(point="JO-P2", days_ago=2, count=60, origin="SY01", destination="JO21"),
            count_row(nationality="IRQ", sex="male", count=2),
            count_row(nationality="EGY", sex="male", count=2, days_ago=4)]
    services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="counts",
                          data=counts_csv(rows), filename="week.csv")
    header = "round,assessment_type,date,admin_pcode,population_type,individuals\n"
    body = (f"1,baseline,{day(20)},JO11,idp,300\n1,baseline,{day(20)},JO12,idp,2\n"
            f"1,baseline,{day(20)},JO13,idp,250\n1,baseline,{day(20)},JO22,returnee,70\n"
            f"1,baseline,{day(20)},JO21,returnee,45\n")
    services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="assessments",
                          data=(header + body).encode(), filename="round-1.csv")
    return points


def _read(client, url: str) -> tuple[hxl.Dataset, list[list[str]], bytes]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    dataset = hxl.data(io.BytesIO(response.content))
    rows = [list(row.values) for row in dataset]
    return dataset, rows, response.content


def _errors(content: bytes) -> list[dict]:
    """libhxl's report against its default schema, errors only ("is_valid" is false on any issue,
    an "info" about a numeric outlier included)."""
    report = hxl.validate(hxl.data(io.BytesIO(content)))
    return [issue for issue in report["issues"] if issue["severity"] == "error"]


def _by(dataset: hxl.Dataset, rows: list[list[str]], tag: str) -> list[str]:
    index = [c.display_tag for c in dataset.columns].index(tag)
    return [row[index] for row in rows]


def test_displaced_export_is_dtm_hxl_that_libhxl_validates(flows_data, cast, client_for):
    dataset, rows, content = _read(client_for(cast["data_analyst"]), "/flows/export/displaced.csv")
    tags = [c.display_tag for c in dataset.columns]
    assert tags == ["#country+code", "#adm1+code", "#adm1+name", "#round+code", "#assessment+type",
                    "#date+reported", "#affected+idps+ind", "#affected+returnees+ind", "#meta+suppressed"]
    assert [c.header for c in dataset.columns][:3] == ["Country", "Admin P-code", "Admin name"]
    # libhxl's own tag patterns match the DTM tags (attributes in any order).
    assert hxl.TagPattern.parse("#affected+idps").find_column_index(dataset.columns) == 6
    assert hxl.TagPattern.parse("#adm1+code").find_column(dataset.columns).header == "Admin P-code"
    by_area = {row[1]: row for row in rows}
    assert set(by_area) == {"JO11", "JO12", "JO13", "JO21", "JO22"}
    assert by_area["JO11"][:7] == ["JOR", "JO11", "Amman", "1", "baseline", by_area["JO11"][5], "300"]
    assert by_area["JO22"][7] == "70" and by_area["JO21"][7] == "45"
    # JO12 (2 people) is masked, and a second area with it, so that the total does not give it away.
    assert by_area["JO12"][6] == "" and by_area["JO12"][8] == "IDPs < 5"
    assert sorted(row[1] for row in rows if row[8] == "IDPs < 5") == ["JO12", "JO13"]
    assert by_area["JO22"][6] == "" and by_area["JO22"][8] == ""  # not assessed for IDPs: blank, no note
    assert "2" not in _by(dataset, rows, "#affected+idps+ind")
    assert _errors(content) == []


def test_series_export_round_trips_and_validates(flows_data, cast, client_for):
    client = client_for(cast["data_analyst"])
    dataset, rows, content = _read(client, "/flows/export/series.csv?frequency=daily")
    assert [c.display_tag for c in dataset.columns] == [
        "#date+start", "#meta+days", "#affected+num", "#affected+num+previous", "#affected+change",
        "#affected+change+pct", "#meta+suppressed"]
    by_day = dict(zip(_by(dataset, rows, "#date+start"), _by(dataset, rows, "#affected+num"), strict=True))
    assert by_day[day(3)] == "202" and by_day[day(2)] == "60"
    assert by_day[day(4)] == "" and dict(zip(_by(dataset, rows, "#date+start"),
                                             _by(dataset, rows, "#meta+suppressed"), strict=True))[
        day(4)] == "People < 5"
    assert _errors(content) == []


def test_od_export_round_trips_and_validates(flows_data, cast, client_for):
    dataset, rows, content = _read(client_for(cast["data_analyst"]), "/flows/export/od.csv")
    assert [c.display_tag for c in dataset.columns] == [
        "#adm1+code+origin", "#adm1+name+origin", "#adm1+code+destination", "#adm1+name+destination",
        "#affected+num", "#meta+suppressed"]
    assert ["SY01", "Damascus", "JO21", "Irbid", "60", ""] in rows
    assert ["SY02", "Aleppo", "JO22", "Mafraq", "204", ""] in rows
    assert _errors(content) == []


@pytest.mark.parametrize("by", ["nationality", "sex", "age_group", "reason", "direction"])
def test_breakdown_exports_round_trip_and_validate(flows_data, cast, client_for, by):
    dataset, rows, content = _read(client_for(cast["data_analyst"]), f"/flows/export/breakdown.csv?by={by}")
    assert [c.display_tag for c in dataset.columns] == [f"#meta+{by.replace('_', '')}", "#affected+num",
                                                        "#meta+suppressed"]
    values = {row[0]: row[1:] for row in rows}
    assert values["TOTAL"] == ["264", ""]
    if by == "nationality":
        assert values["SYR"] == ["260", ""]
        assert values["IRQ"] == ["", "People < 5"] and values["EGY"] == ["", "People < 5"]
    assert _errors(content) == []


def test_a_masked_count_as_text_is_what_libhxl_refuses(flows_data):
    """The check above can fail: the old form of the file ("< 5" in a number column) is an error."""
    old = b"Nationality,People\n#meta+nationality,#affected+num\nIRQ,< 5\nSYR,260\n"
    errors = _errors(old)
    assert errors and errors[0]["tag_pattern"] == "#affected"
