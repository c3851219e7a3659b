"""Every template: a `{# … #}` comment must end on its own line. Django's short comment is one
line only; one that runs on prints its text into the page (it did in the manifest PDF). Longer
comments use {% comment %}."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

SHORT_COMMENT = re.compile(r"\{#(?:(?!#\}).)*$", re.M)


def _templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted(p for p in (root / "corridor").rglob("*") if p.suffix in (".html", ".txt", ".xml")
                  and "templates" in p.parts)


def test_no_template_has_a_short_comment_running_over_lines():
    found = [f"{path.relative_to(settings.BASE_DIR)}:{text[:match.start()].count(chr(10)) + 1}"
             for path in _templates()
             for text in [path.read_text(encoding="utf-8")]
             for match in SHORT_COMMENT.finditer(text)]
    assert _templates(), "no template found"
    assert found == [], f"use {{% comment %}} for comments over several lines: {found}"
