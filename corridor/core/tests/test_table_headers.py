"""Every table header says what its column holds: a screen reader reads an empty <th> as nothing,
so a column of buttons gets visually hidden text (issue 18)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

EMPTY_HEADER = re.compile(r"<th\b[^>]*>\s*</th>")


def test_no_template_has_an_empty_table_header():
    root = Path(settings.BASE_DIR) / "corridor"
    empty = [f"{path.relative_to(root)}:{text[:match.start()].count(chr(10)) + 1}"
             for path in root.rglob("*.html")
             for text in [path.read_text(encoding="utf-8")]
             for match in EMPTY_HEADER.finditer(text)]
    assert empty == []


def test_a_column_of_actions_is_named_for_screen_readers(org, cast, client_for):
    page = client_for(cast["administrator"]).get(f"/staff/{cast['case_worker'].pk}/").content.decode()
    assert '<th scope="col"><span class="visually-hidden">Actions</span></th>' in page
