from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office
from corridor.geo.models import AdminArea
from corridor.jobs.models import SECTOR_CHOICES, ReferralStatus, SkillsProfile, Vacancy, VacancyStatus
from corridor.jobs.vocabulary import SKILLS


def skill_choices() -> list[tuple[str, str]]:
    return sorted(((code, gettext(label)) for code, (label, *_rest) in SKILLS.items()),
                  key=lambda pair: pair[1])


def split_skills(codes: list[str]) -> tuple[list[str], list[str]]:
    """(vocabulary codes, free terms)."""
    return [c for c in codes if c in SKILLS], [c for c in codes if c not in SKILLS]


class CommaListField(forms.CharField):
    """A list typed as comma-separated words (free skill terms, language or country codes)."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [part.strip() for part in text.split(",") if part.strip()]


def _skills_field(label):
    return forms.MultipleChoiceField(label=label, required=False, choices=skill_choices,
                                     widget=forms.SelectMultiple(attrs={"size": 8}),
                                     help_text=_("Choose several with Ctrl or Cmd."))


class VacancyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    required_skills = _skills_field(_("Required skills"))
    other_required = CommaListField(label=_("Other required skills"), required=False,
                                    help_text=_("Free terms, separated by commas."))
    desirable_skills = _skills_field(_("Desirable skills"))
    other_desirable = CommaListField(label=_("Other desirable skills"), required=False,
                                     help_text=_("Free terms, separated by commas."))
    languages = CommaListField(label=_("Languages"), required=False,
                               help_text=_("ISO 639 codes, separated by commas (ar, fr, uk…)."))
    admin_area = forms.ModelChoiceField(label=_("Admin area (P-code)"), required=False,
                                        queryset=AdminArea.objects.all(), to_field_name="pcode",
                                        widget=forms.TextInput)

    class Meta:
        model = Vacancy
        fields = ["title", "employer", "sector", "description", "required_skills",
                  "desirable_skills", "languages", "education_level", "years_wanted", "country",
                  "admin_area", "place_text", "posts", "status", "closing_date"]
        widgets = {"closing_date": forms.DateInput(attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 4})}

    field_order = ["title", "employer", "sector", "description", "required_skills",
                   "other_required", "desirable_skills", "other_desirable"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for field, other in (("required_skills", "other_required"),
                                 ("desirable_skills", "other_desirable")):
                known, free = split_skills(getattr(self.instance, field))
                self.initial[field], self.initial[other] = known, free
            if self.instance.admin_area_id:
                self.initial["admin_area"] = self.instance.admin_area.pcode

    def changes(self) -> dict:
        data = self.cleaned_data
        values = {f: data[f] for f in self.Meta.fields}
        values["required_skills"] = [*data["required_skills"], *data["other_required"]]
        values["desirable_skills"] = [*data["desirable_skills"], *data["other_desirable"]]
        values["status"] = values["status"] or VacancyStatus.OPEN
        return values


class VacancyCreateForm(VacancyForm):
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())

    field_order = ["office", *VacancyForm.field_order]

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["country"].required = False
        self.fields["country"].help_text = _("Empty: the office's country.")


class VacancyFilterForm(forms.Form):
    q = forms.CharField(label=_("Title or employer"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False,
                               choices=[("", _("Any")), *SECTOR_CHOICES])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any")), *VacancyStatus.choices])


class ProfileForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    skills = _skills_field(_("Skills"))
    other_skills = CommaListField(label=_("Other skills"), required=False,
                                  help_text=_("Free terms, separated by commas."))
    languages = CommaListField(label=_("Languages"), required=False,
                               help_text=_("ISO 639 codes, separated by commas. Empty: the "
                                           "languages in the person's record."))
    preferred_areas = CommaListField(label=_("Preferred places (P-codes)"), required=False,
                                     help_text=_("Separated by commas."))
    preferred_countries = CommaListField(label=_("Preferred countries"), required=False,
                                         help_text=_("ISO 3166 alpha-3 codes, separated by "
                                                     "commas."))

    class Meta:
        model = SkillsProfile
        fields = ["skills", "education_level", "languages", "preferred_countries",
                  "availability", "available_from", "notes"]
        widgets = {"available_from": forms.DateInput(attrs={"type": "date"}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    field_order = ["skills", "other_skills", "education_level"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, label in SECTOR_CHOICES:
            self.fields[f"years_{code}"] = forms.DecimalField(
                label=_("Years in %(sector)s") % {"sector": label}, required=False,
                min_value=0, max_value=60, decimal_places=1)
        if self.instance.pk:
            self.initial["skills"], self.initial["other_skills"] = split_skills(
                self.instance.skills)
            self.initial["preferred_areas"] = [a.pcode for a in self.instance.preferred_areas.all()]
            for sector, years in self.instance.sector_years.items():
                self.initial[f"years_{sector}"] = years

    def clean_preferred_areas(self) -> list[int]:
        codes = self.cleaned_data["preferred_areas"]
        found = dict(AdminArea.objects.filter(pcode__in=codes).values_list("pcode", "pk"))
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(_("Unknown P-code: %(codes)s") %
                                        {"codes": ", ".join(unknown)})
        return [found[c] for c in codes]

    def changes(self) -> dict:
        data = self.cleaned_data
        values = {f: data[f] for f in self.Meta.fields}
        values["skills"] = [*data["skills"], *data["other_skills"]]
        values["sector_years"] = {code: float(data[f"years_{code}"])
                                  for code, _label in SECTOR_CHOICES if data.get(f"years_{code}")}
        return values


class ReferForm(forms.Form):
    vacancy = forms.IntegerField(widget=forms.HiddenInput)
    person = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    # Which of the person's open cases records the referral (asked when there are several).
    case = forms.IntegerField(required=False)


class ReferralStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    on = forms.DateField(label=_("On"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Outcome note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, referral=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if referral is not None:
            labels = dict(ReferralStatus.choices)
            self.fields["status"].choices = [(s, labels[s]) for s in referral.next_statuses]
