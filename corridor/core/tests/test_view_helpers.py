"""The shared page helpers: problems of a refused write land on their field or above the form."""

from __future__ import annotations

from django import forms

from corridor.core.errors import ValidationFailed
from corridor.core.views import add_problems


class NameForm(forms.Form):
    name = forms.CharField()


def test_problems_go_on_their_field_or_above_the_form_naming_where():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_problems(form, ValidationFailed([
        {"field": "name", "message": "too short"},
        {"field": "name", "message": "taken", "where": "row 3"},
        {"field": "birth_date", "message": "not a date", "where": "row 4"},
        {"field": None, "message": "the leg is full"},
    ]))
    assert form.errors["name"] == ["too short", "row 3: taken"]
    assert form.non_field_errors() == ["row 4 birth_date: not a date", "the leg is full"]


def test_select_options_mark_the_chosen_value_and_escape_labels():
    from corridor.core.templatetags.page_tags import select_options

    html = select_options([("", "Any"), ("a&b", "<A>"), (3, "three")], "3")
    assert html == ('<option value="">Any</option><option value="a&amp;b">&lt;A&gt;</option>'
                    '<option value="3" selected>three</option>')
    assert 'value="" selected' in select_options([("", "Any")], None)


def test_the_menu_marks_the_current_page(rf):
    from django.template import Context
    from django.urls import resolve

    from corridor.access.navigation import NAVIGATION
    from corridor.core.templatetags.page_tags import main_menu

    request = rf.get("/people/")
    request.resolver_match = resolve("/people/")
    html = main_menu(Context({"request": request, "navigation": NAVIGATION[:2]}))
    assert html == ('<li><a href="/home/">Home</a></li>'
                    '<li><a href="/people/" aria-current="page">People</a></li>')
