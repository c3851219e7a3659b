"""Forms of the members' history, the organs on a date, special sessions and rule sets."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.finance.models import MemberState
from corridor.governance.models import DelegateRole, Office, Organ, Status

DATE = {"type": "date"}


class OnForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs=DATE))


class StatusForm(forms.Form):
    member = forms.ModelChoiceField(label=_("State"), queryset=MemberState.objects.all())
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    since = forms.DateField(label=_("Since"), widget=forms.DateInput(attrs=DATE))
    reference = forms.CharField(label=_("By decision"), max_length=200,
                                help_text=_("e.g. Resolution No. 470 (XL)"))


class StateForm(forms.Form):
    """A State not yet known (an observer, a new member): ISO 3166 alpha-3 code and name."""

    iso3 = forms.RegexField(label=_("ISO 3166-1 alpha-3"), regex=r"^[A-Za-z]{3}$", max_length=3)
    name = forms.CharField(label=_("Name"), max_length=200)


class RepresentativeForm(forms.Form):
    member = forms.ModelChoiceField(label=_("State"), queryset=MemberState.objects.all())
    name = forms.CharField(label=_("Representative"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=DelegateRole.choices)


class TermForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"), choices=Office.choices)
    member = forms.ModelChoiceField(label=_("State (Executive Committee seat)"), required=False,
                                    queryset=MemberState.objects.all())
    person = forms.CharField(label=_("Person (office)"), required=False, max_length=200)
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE))


class SpecialRequestForm(forms.Form):
    organ = forms.ChoiceField(label=_("Organ"), choices=Organ.choices)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    opened_on = forms.DateField(label=_("Opened on"), widget=forms.DateInput(attrs=DATE))
    rule_set = forms.ChoiceField(label=_("Rules"))

    def __init__(self, *args, rule_sets, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].choices = rule_sets


class SupportForm(forms.Form):
    members = forms.ModelMultipleChoiceField(label=_("Members asking"),
                                             queryset=MemberState.objects.all(),
                                             widget=forms.CheckboxSelectMultiple)
    on = forms.DateField(label=_("Asked on"), widget=forms.DateInput(attrs=DATE))


class ConveneForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("Place"), required=False, max_length=120)


class RuleSetForm(forms.Form):
    """A new version: the JSON typed (or pasted) here, or a JSON file."""

    document = forms.CharField(label=_("Rule set (JSON)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}))
    upload = forms.FileField(label=_("or a JSON file"), required=False)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def text(self) -> str:
        upload = self.cleaned_data.get("upload")
        if upload:
            raw = upload.read(200_000)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        return self.cleaned_data.get("document") or ""
