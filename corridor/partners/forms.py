from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.partners.models import ProgrammeCategory, Project


class ProjectForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = ["code", "title", "category", "office", "currency", "budget", "start", "end"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}),
                   "end": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"currency": _("ISO 4217 code: USD, EUR, CHF…")}

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class ProjectFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Programme category"), required=False,
                                 choices=[("", _("Any")), *ProgrammeCategory.choices])
