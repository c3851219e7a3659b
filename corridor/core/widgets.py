"""Form widgets shared by the apps' forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class DatalistInput(forms.TextInput):
    """A text input that offers a list as the user types (an HTML `datalist`): the stored value
    is the code (ISO3, P-code), the list shows its name in the reader's language. It works
    without script and still takes a code typed by someone who knows it.

    The list itself is written once per page by the `datalists` tag (form_fields.html), however
    many inputs use it: six member blocks share one list of countries. `options` is called then,
    so that names come in the language of the request."""

    def __init__(self, options: Callable[[], Iterable[tuple[str, str]]], list_id: str,
                 attrs=None) -> None:
        super().__init__({"autocomplete": "off", "list": list_id, **(attrs or {})})
        self.options = options
        self.list_id = list_id

    def datalist(self) -> SafeString:
        options = format_html_join("", '<option value="{}">{}</option>', self.options())
        return format_html('<datalist id="{}">{}</datalist>', self.list_id, options)
