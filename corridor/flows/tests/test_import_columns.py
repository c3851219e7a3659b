"""The flows import page says which columns each kind of file holds, and offers a template of
each kind that, once filled in, imports as it is (issue 18, item 12)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from corridor.flows import services
from corridor.flows.tests.helpers import count_row
from engines.flowstats.schema import SPECS


def test_the_import_page_lists_every_column_of_every_kind(client_for, cast, points):
    page = client_for(cast["data_analyst"]).get("/flows/imports/").content.decode()
    for kind, spec in SPECS.items():
        assert f'id="columns-{kind}"' in page and f"/flows/imports/template/{kind}.csv" in page
        for column in spec.columns:
            assert f"<code>{column.name}</code>" in page
    assert "#affected+num" in page and "in or out" in page and "fmp" in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_filled_in_template_imports(client_for, cast, org, points, fmt):
    client = client_for(cast["data_analyst"])
    answer = client.get(f"/flows/imports/template/counts.{fmt}")
    assert answer.status_code == 200
    row = [str(v) for v in count_row(count=7)]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(answer.content.decode())))
        assert rows[0] == list(SPECS["counts"].names) and rows[1][0] == "#date"
        data = answer.content + (",".join(row) + "\r\n").encode()
    else:
        book = load_workbook(io.BytesIO(answer.content))
        sheet = book.active
        assert [c.value for c in sheet[1]] == list(SPECS["counts"].names)
        sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    outcome = services.flows_import(actor=cast["data_analyst"], office=org.country_a,
                                    kind="counts", data=data, filename=f"filled.{fmt}")
    assert outcome.batch.row_count == 1


def test_templates_of_unknown_kinds_and_to_those_without_flows_are_refused(client_for, cast):
    analyst = client_for(cast["data_analyst"])
    assert analyst.get("/flows/imports/template/people.csv").status_code == 404
    assert analyst.get("/flows/imports/template/counts.pdf").status_code == 404
    assert client_for(cast["case_worker"]).get(
        "/flows/imports/template/counts.csv").status_code == 404
