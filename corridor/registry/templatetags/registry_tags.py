from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from corridor.registry.models import Category, Relation, Sex

register = template.Library()


@register.simple_tag
def person_rows(rows: list[tuple], people_url: str) -> SafeString:
    """The people list's rows (registry.views._rows). Written as template tags, the 50 rows'
    350 variables were a third of the page's cost; every text is escaped here as the template
    would (the id is an integer)."""
    url = escape(people_url)
    # Safe: every value is escaped in the f-string.
    return mark_safe("".join(
        f'<tr><td><a href="{url}{int(pk)}/">{escape(name)}</a></td>'
        f'<td dir="auto">{escape(original or "")}</td><td>{escape(born)}</td>'
        f"<td>{escape(nationality or '')}</td><td>{escape(str(category))}</td>"
        f"<td>{escape(office)}</td></tr>"
        for pk, name, original, born, nationality, category, office in rows))


# Codes a record or an import's preview holds, worded for the reader ("head", "refugee" were
# shown raw: issue 18, item 8).
_LABELS = {"sex": dict(Sex.choices), "relation": dict(Relation.choices),
           "category": dict(Category.choices)}


@register.filter
def code_label(code, kind: str) -> str:
    """`{{ row.category|code_label:"category" }}`: the code's label, or the code if unknown."""
    return str(_LABELS.get(kind, {}).get(code, code or ""))
