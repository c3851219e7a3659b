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
