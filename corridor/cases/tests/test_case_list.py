"""The case list sorts by column and exports what it lists, or the cases ticked, as CSV and
Excel (issue 18, item 12); every export is audited and names the cases, and a case outside the
user's scope cannot be exported by ticking its number."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from corridor.cases import services
from corridor.cases.models import Case
from corridor.core.models import AuditAction, AuditEvent
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def cases(worker, project, org):
    made = []
    for given, kind in (("Zahra", "voluntary_return"), ("Amal", "evacuation"),
                        ("Mona", "counter_trafficking")):
        person = PersonFactory(office=org.country_a, given_name=given, family_name="Said")
        made.append(services.case_open(actor=worker, project=project, kind=kind, person=person))
    return made


def _references(page: str) -> list[str]:
    import re

    return re.findall(r'<a href="/cases/\d+/">([^<]+)</a>', page)


def test_the_list_sorts_by_column_and_reverses_on_a_second_click(client_for, worker, cases):
    client = client_for(worker)
    ascending = _references(client.get("/cases/?sort=reference").content.decode())
    descending = _references(client.get("/cases/?sort=-reference").content.decode())
    assert ascending == sorted(ascending) and descending == ascending[::-1]
    page = client.get("/cases/?sort=reference").content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-reference" in page
    kinds = client.get("/cases/?sort=kind").content.decode()
    assert _references(kinds) == [c.reference for c in sorted(cases, key=lambda c: c.kind)]


def test_what_is_listed_exports_as_csv_and_excel(client_for, worker, cases):
    client = client_for(worker)
    response = client.get("/cases/export.csv?kind=evacuation")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Reference" and len(rows) == 2
    assert rows[1][0] == cases[1].reference and rows[1][2] == "Amal"
    workbook = load_workbook(io.BytesIO(client.get("/cases/export.xlsx").content))
    sheet = workbook.active
    assert sheet.max_row == 4  # header and three cases
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT,
                                      object_type="cases.case").latest("id")
    assert sorted(event.changes["cases"]) == sorted(c.pk for c in cases)


def test_the_cases_ticked_export_alone_and_none_outside_scope(client_for, worker, cases,
                                                              case_b):
    client = client_for(worker)
    response = client.post("/cases/export.csv", {"case": [cases[0].pk, cases[2].pk]})
    body = response.content.decode("utf-8-sig")
    assert cases[0].reference in body and cases[2].reference in body
    assert cases[1].reference not in body
    assert client.post("/cases/export.csv",
                       {"case": [cases[0].pk, case_b.pk]}).status_code == 404
    assert Case.objects.count() == 4
