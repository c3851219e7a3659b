"""Issue 13's "done when", in a real browser: a case worker uploads a large KoboToolbox export
(Excel, with its row of HXL hashtags) and watches the task; then the same export with a
submission edited in Kobo, which updates its household instead of adding one; and finds on a
person's page the possible duplicate the background check raised (the same woman submitted twice
by two enumerators)."""

from __future__ import annotations

import datetime as dt
import io
import time
import uuid

import pytest

from corridor.registry.imports.tests.conftest import (
    KOBO_MAIN,
    KOBO_MAIN_HXL,
    KOBO_MEMBERS,
    KOBO_MEMBERS_HXL,
)
from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser

HOUSEHOLDS = 1500
GIVEN = ["Amal", "Basma", "Dalia", "Fadwa", "Huda", "Iman", "Lina", "Maha", "Nadia", "Rania"]
FAMILY = ["Aziz", "Bakr", "Darwish", "Fares", "Ghanem", "Hamdan", "Jaber", "Kassem", "Mansour"]
# The same woman, written by two enumerators: Zainab with her phone, then Zaynab without it.
TWICE = ("Zainab", "Qureshi", dt.datetime(1979, 11, 23), "+962790555123")


def _export(path, *, edited: bool = False) -> None:
    """Submissions of two members each, the last two the same woman and her son; `edited`: the
    first submission edited in Kobo (a new _uuid, its rootUuid the first one; the family name
    corrected)."""
    from openpyxl import Workbook

    book = Workbook()
    main = book.active
    main.title = "household registration"
    main.append(KOBO_MAIN)
    main.append(KOBO_MAIN_HXL)
    members = book.create_sheet("members")
    members.append(KOBO_MEMBERS)
    members.append(KOBO_MEMBERS_HXL)
    day = dt.datetime(2026, 3, 2)
    for index in range(1, HOUSEHOLDS + 1):
        root = uuid.UUID(int=index).hex
        current = uuid.UUID(int=10**9 + index).hex if edited and index == 1 else root
        main.append([day.isoformat(), day.isoformat(), day, f"Zarqa, block {index}", index,
                     current, day.isoformat(), "Approved", "", "", "", "v1", "", index,
                     f"uuid:{root}"])
        if index == HOUSEHOLDS - 1:
            head, family, born, phone = TWICE
        elif index == HOUSEHOLDS:
            head, family, born, phone = "Zaynab", TWICE[1], TWICE[2], ""
        elif index == 1:
            head, family, born, phone = "Basma", "Haddad", dt.datetime(1985, 6, 7), ""
        else:
            head, family = GIVEN[index % len(GIVEN)], f"{FAMILY[index % len(FAMILY)]}{index}"
            born, phone = dt.datetime(1960 + index % 40, 1 + index % 12, 1 + index % 28), ""
        if edited and index == 1:
            family = "Haddadin"  # corrected in Kobo after the first import
        for number, (relation, given, sex, birth) in enumerate(
                [("head", head, "female", born), ("child", f"Son of {head}", "male",
                                                  dt.datetime(2016, 4, 5))], start=1):
            members.append([relation, given, family, "", sex, birth, "SYR", "refugee", "",
                            phone if relation == "head" else "", "", "", "yes", "yes",
                            index * 2 + number, "household registration", index, index,
                            current])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def _import(page, base: str, path) -> str:
    page.goto(base + "/people/import/")
    page.set_input_files("#id_file", str(path))
    page.select_option("#id_kind", "field_export")
    page.select_option("#id_office", label="Country Office, Amman")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "/tasks/" in page.url
    # The task page follows the worker in place: its stage and counts change, then the preview.
    confirm = page.locator("main form[action$='/confirm/'] button[type=submit]")
    confirm.wait_for(timeout=120_000)
    preview = page.content()
    confirm.click()
    page.wait_for_load_state()
    assert "/tasks/" in page.url
    page.locator("#task-state[data-finished='true']").wait_for(timeout=120_000)
    return preview


def test_a_large_kobo_export_then_its_edit_then_the_duplicate_it_raised(served_app, browser,
                                                                          tmp_path):
    base = served_app["url"]
    page = browser.new_context().new_page()
    sign_in(page, base, "caseworker.amman")
    first, edited = tmp_path / "export.xlsx", tmp_path / "export-edited.xlsx"
    _export(first)
    _export(edited, edited=True)

    preview = _import(page, base, first)
    assert "#affected" not in preview  # the hashtag row is not a submission
    body = page.locator("#task-body").inner_text()
    assert f"{HOUSEHOLDS * 2:,}" in body or str(HOUSEHOLDS * 2) in body, body

    # The same export with one submission edited in Kobo: that household is updated, no other.
    preview = _import(page, base, edited)
    body = page.locator("#task-body").inner_text()
    assert "Edited since imported: households updated" in body, body
    page.goto(f"{base}/people/?q=Basma+Haddadin")
    assert page.locator("tbody a", has_text="HADDADIN").count() >= 1
    page.goto(f"{base}/people/?q=Basma+Haddad")
    assert page.locator("tbody a", has_text="HADDAD,").count() == 0  # renamed, not doubled

    # The background check scored the new people: the woman submitted twice is proposed.
    page.goto(f"{base}/people/?q={TWICE[0]}+{TWICE[1]}")
    page.locator("tbody a", has_text=TWICE[1].upper()).first.click()
    person = page.url
    for _ in range(60):
        if page.locator("#possible-duplicates").count():
            break
        time.sleep(2)
        page.goto(person)
    duplicates = page.locator("#possible-duplicates")
    assert duplicates.count() == 1, "no possible duplicate shown after two minutes"
    assert TWICE[1].upper() in duplicates.inner_text().upper()
