from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office
from corridor.registry.models import EDITABLE_FIELDS, Category, Person


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = EDITABLE_FIELDS
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}


class PersonCreateForm(PersonForm):
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())

    class Meta(PersonForm.Meta):
        fields = ["office", *EDITABLE_FIELDS]

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("Any")), *list(Category.choices)])
