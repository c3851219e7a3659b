from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office
from corridor.geo.models import AdminArea
from corridor.registry.models import (
    Category,
    DatePrecision,
    DocumentKind,
    Person,
    Relation,
    Sex,
    Vulnerability,
)


class CommaListField(forms.CharField):
    """A list typed as comma-separated words (aliases, language codes)."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [part.strip() for part in text.split(",") if part.strip()]


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    aliases = CommaListField(label=_("Other names"), required=False,
                             help_text=_("Other spellings or names, separated by commas."))
    languages = CommaListField(label=_("Languages"), required=False,
                               help_text=_("ISO 639 codes, separated by commas (ar, fr, uk…)."))
    vulnerabilities = forms.MultipleChoiceField(label=_("Vulnerabilities"), required=False,
                                                choices=Vulnerability.choices,
                                                widget=forms.CheckboxSelectMultiple)
    place_of_origin = forms.ModelChoiceField(
        label=_("Place of origin (P-code)"), required=False, queryset=AdminArea.objects.all(),
        to_field_name="pcode", widget=forms.TextInput)

    class Meta:
        model = Person
        fields = ["given_name", "family_name", "original_script_name", "aliases", "sex",
                  "birth_date", "birth_date_precision", "nationality", "place_of_origin",
                  "category", "vulnerabilities", "languages"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}),
                   "original_script_name": forms.TextInput(attrs={"dir": "auto"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.place_of_origin_id:
            self.initial["place_of_origin"] = self.instance.place_of_origin.pcode


class PersonCreateForm(PersonForm):
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    phone = forms.CharField(label=_("Phone number"), required=False)
    document_kind = forms.ChoiceField(label=_("Identity document"), required=False,
                                      choices=[("", "—"), *DocumentKind.choices])
    document_number = forms.CharField(label=_("Document number"), required=False)
    consent_assistance = forms.BooleanField(label=_("Consents to assistance"), required=False)
    consent_tracing = forms.BooleanField(label=_("Consents to tracing"), required=False)

    class Meta(PersonForm.Meta):
        fields = ["office", *PersonForm.Meta.fields]

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def clean(self):
        data = super().clean()
        if data.get("document_number") and not data.get("document_kind"):
            self.add_error("document_kind", _("Say which document the number is from."))
        return data


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    phone = forms.CharField(label=_("Phone number"), required=False)
    document = forms.CharField(label=_("Document number"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("Any")), *Category.choices])
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("Any")), *Sex.choices])


class HouseholdForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    address = forms.CharField(label=_("Address"), required=False, max_length=255)

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class MemberForm(forms.Form):
    relation_to_head = forms.ChoiceField(label=_("Relation to the head"),
                                         choices=[("", "—"), *Relation.choices], required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    original_script_name = forms.CharField(label=_("Name in original script"), max_length=200,
                                           required=False,
                                           widget=forms.TextInput(attrs={"dir": "auto"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.DateField(label=_("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    birth_date_precision = forms.ChoiceField(label=_("Precision"), choices=DatePrecision.choices)
    nationality = forms.CharField(label=_("Nationality (ISO3)"), max_length=3, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    phone = forms.CharField(label=_("Phone number"), required=False)
    document_kind = forms.ChoiceField(label=_("Identity document"), required=False,
                                      choices=[("", "—"), *DocumentKind.choices])
    document_number = forms.CharField(label=_("Document number"), required=False)
    consent_assistance = forms.BooleanField(label=_("Consents to assistance"), required=False)
    consent_tracing = forms.BooleanField(label=_("Consents to tracing"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("given_name") and not data.get("relation_to_head"):
            self.add_error("relation_to_head", _("Say how this person is related to the head."))
        return data


MemberFormSet = forms.formset_factory(MemberForm, extra=6, max_num=20)
