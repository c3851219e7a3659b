from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.fielddata.models import ImportKind
from corridor.registry.models import Category, Sex


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("CSV (UTF-8), Excel (.xlsx), ZIP of CSV files or JSON; "
                                       "at most 50 MB."))
    kind = forms.ChoiceField(label=_("Kind of file"), choices=ImportKind.choices)
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)
    every_status = forms.BooleanField(
        label=_("Import every submission, whatever its validation status"), required=False,
        help_text=_("A KoboToolbox export that carries its review gives only the approved "
                    "submissions unless this is ticked."))

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class ConfirmForm(forms.Form):
    task = forms.UUIDField(widget=forms.HiddenInput)


class ExportForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", "—"), *Category.choices])
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=3)
