from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office
from corridor.core.widgets import DatalistInput
from corridor.geo import codes, lists
from corridor.geo.models import AdminArea
from corridor.partners.models import Partner, PrivacyNotice
from corridor.registry.models import (
    Category,
    ConsentPurpose,
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


class DocumentFields(forms.Form):
    """An identity document as the registration forms and the document page take it: its
    expiry is what the movement planner's travel-document check reads."""

    document_kind = forms.ChoiceField(label=_("Identity document"), required=False,
                                      choices=[("", "—"), *DocumentKind.choices])
    document_number = forms.CharField(label=_("Document number"), required=False)
    document_issuing_country = forms.CharField(
        label=_("Issuing country"), max_length=3, required=False,
        widget=DatalistInput(lists.country_options, "countries"))
    document_expires_on = forms.DateField(label=_("Expires on"), required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))

    def clean_document_issuing_country(self) -> str:
        # Checked here too (the one intake checks it again) so that the error sits on the field.
        code = (self.cleaned_data.get("document_issuing_country") or "").strip().upper()
        if code and not codes.is_country(code):
            raise forms.ValidationError(_("unknown country code %(value)r") % {"value": code})
        return code

    def clean(self):
        data = super().clean()
        if data.get("document_number") and not data.get("document_kind"):
            self.add_error("document_kind", _("Say which document the number is from."))
        return data

    def document_inputs(self) -> list:
        """The document given, as the registry's services take it (none without a number)."""
        from corridor.registry.services import DocumentInput

        data = self.cleaned_data
        if not data.get("document_number"):
            return []
        return [DocumentInput(kind=data["document_kind"], number=data["document_number"],
                              issuing_country=(data.get("document_issuing_country") or "").upper(),
                              expires_on=data.get("document_expires_on"))]


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    aliases = CommaListField(label=_("Other names"), required=False,
                             help_text=_("Other spellings or names, separated by commas."))
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False,
                                          choices=lists.language_options)
    vulnerabilities = forms.MultipleChoiceField(label=_("Vulnerabilities"), required=False,
                                                choices=Vulnerability.choices,
                                                widget=forms.CheckboxSelectMultiple)
    place_of_origin = forms.ModelChoiceField(
        label=_("Place of origin"), required=False, queryset=AdminArea.objects.all(),
        to_field_name="pcode", widget=DatalistInput(list, "areas"))

    class Meta:
        model = Person
        fields = ["given_name", "family_name", "original_script_name", "aliases", "sex",
                  "birth_date", "birth_date_precision", "nationality", "place_of_origin",
                  "category", "vulnerabilities", "languages"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}),
                   "original_script_name": forms.TextInput(attrs={"dir": "auto"}),
                   "nationality": DatalistInput(lists.country_options, "countries")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.place_of_origin_id:
            self.initial["place_of_origin"] = self.instance.place_of_origin.pcode
        held = tuple(self.instance.languages or ()) if self.instance.pk else ()
        self.fields["languages"].choices = lists.language_options(keep=held)
        if self.instance.pk:
            self.offer_areas((self.instance.office.country,))

    def offer_areas(self, countries: tuple[str, ...]) -> None:
        """Places of origin offered: the gazetteer's areas of the offices' countries."""
        self.fields["place_of_origin"].widget.options = lambda: lists.area_options(countries)


class PersonCreateForm(DocumentFields, PersonForm):
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    phone = forms.CharField(label=_("Phone number"), required=False)
    consent_assistance = forms.BooleanField(label=_("Consents to assistance"), required=False)
    consent_tracing = forms.BooleanField(label=_("Consents to tracing"), required=False)

    class Meta(PersonForm.Meta):
        fields = ["office", *PersonForm.Meta.fields]

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.offer_areas(tuple(offices.values_list("country", flat=True).distinct()))


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


class MemberForm(DocumentFields):
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
    nationality = forms.CharField(label=_("Nationality"), max_length=3, required=False,
                                  widget=DatalistInput(lists.country_options, "countries"))
    # Chosen, never preset: a default category would record a wrong one unnoticed.
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices],
                                 required=False)
    phone = forms.CharField(label=_("Phone number"), required=False)
    consent_assistance = forms.BooleanField(label=_("Consents to assistance"), required=False)
    consent_tracing = forms.BooleanField(label=_("Consents to tracing"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("given_name") and not data.get("relation_to_head"):
            self.add_error("relation_to_head", _("Say how this person is related to the head."))
        if data.get("given_name") and not data.get("category"):
            self.add_error("category", _("Choose the person's category."))
        return data


# One member block to start; more are added on the page (MEMBER_FIELDS lets the view carry
# what was typed into a re-rendered form when a block is added without script).
MemberFormSet = forms.formset_factory(MemberForm, extra=1, max_num=20, can_delete=True)
MEMBER_FIELDS = tuple(MemberForm.base_fields)


class DocumentForm(DocumentFields):
    """A document added to a registered person (a passport issued since, a renewed card)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document_kind"].required = True
        self.fields["document_number"].required = True


class ConsentForm(forms.Form):
    """A consent given, or refused or withdrawn, after registration: a new record, so that
    the history of what the person agreed to, and when, is kept."""

    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given = forms.TypedChoiceField(
        label=_("Consent"), coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Given")), ("no", _("Refused or withdrawn"))])
    recorded_on = forms.DateField(label=_("Recorded on"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    partner = forms.ModelChoiceField(label=_("Partner (sharing only)"), required=False,
                                     queryset=Partner.objects.all())
    # What the person was told (partners.PrivacyNotice): a sharing consent shares only the
    # fields and purposes its notice names (ADR 0093).
    notice = forms.ModelChoiceField(label=_("Privacy notice (sharing only)"), required=False,
                                    queryset=PrivacyNotice.objects.all())

    def clean(self):
        data = super().clean()
        if data.get("purpose") == ConsentPurpose.SHARING and not data.get("partner"):
            self.add_error("partner", _("Say which partner the data would be shared with."))
        if data.get("purpose") != ConsentPurpose.SHARING and data.get("partner"):
            self.add_error("partner", _("Only a consent to sharing names a partner."))
        if data.get("purpose") != ConsentPurpose.SHARING and data.get("notice"):
            self.add_error("notice", _("Only a consent to sharing names a privacy notice."))
        return data
