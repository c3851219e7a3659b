"""Forms of the tracing pages; labels come from the models, strings are translatable."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.registry.models import Sex
from corridor.tracing.models import Cause, Kinship, PlanStatus, RequestStatus, StepKind


class RequestForm(forms.Form):
    office = forms.ModelChoiceField(queryset=None, label=_("Office"))
    enquirer_person = forms.IntegerField(
        label=_("Enquirer's registry number"), required=False, min_value=1,
        help_text=_("When the enquirer is a registered person; otherwise give a name."))
    enquirer_name = forms.CharField(label=_("Enquirer's name"), max_length=200, required=False,
                                    widget=forms.TextInput(attrs={"dir": "auto"}))
    enquirer_contact = forms.CharField(label=_("Enquirer's contact"), max_length=200,
                                       required=False)
    enquirer_consent = forms.BooleanField(label=_("The enquirer consents to tracing"),
                                          required=False)
    cause = forms.ChoiceField(label=_("Cause of separation"), choices=Cause.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if offices.count() == 1:
            self.fields["office"].initial = offices.first()


class SoughtForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation to the enquirer"),
                                 choices=[("", "—"), *Kinship.choices], required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False,
                                 widget=forms.TextInput(attrs={"dir": "auto"}))
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False,
                                  widget=forms.TextInput(attrs={"dir": "auto"}))
    original_script_name = forms.CharField(label=_("Name in original script"), max_length=200,
                                           required=False,
                                           widget=forms.TextInput(attrs={"dir": "auto"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_year = forms.IntegerField(label=_("Year of birth (approximate)"), required=False,
                                    min_value=1900, max_value=2100)
    birth_date = forms.DateField(label=_("Date of birth, if known"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    father_name = forms.CharField(label=_("Father's name"), max_length=200, required=False)
    mother_name = forms.CharField(label=_("Mother's name"), max_length=200, required=False)
    nationality = forms.CharField(label=_("Nationality (ISO 3166 alpha-3)"), max_length=3,
                                  required=False)
    place_of_origin = forms.CharField(label=_("Place of origin"), max_length=200, required=False)
    last_seen_place = forms.CharField(label=_("Last seen at"), max_length=200, required=False)
    last_seen_on = forms.DateField(label=_("Last seen on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


SoughtFormSet = forms.formset_factory(SoughtForm, extra=3, max_num=10)


class RequestEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=RequestStatus.choices)
    enquirer_contact = forms.CharField(label=_("Enquirer's contact"), max_length=200,
                                       required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("confirm", _("Confirm: this is the sought person")),
        ("reject", _("Reject: not the sought person"))])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(forms.Form):
    movement_origin = forms.CharField(label=_("Movement from"), max_length=200, required=False)
    movement_destination = forms.CharField(label=_("Movement to"), max_length=200,
                                           required=False)
    movement_date_wanted = forms.DateField(label=_("Movement wanted on"), required=False,
                                           widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))


class PlanEditForm(PlanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=StepKind.choices)
    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))
    done_by = forms.CharField(label=_("Done by"), max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))


class BookingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    leg = forms.ModelChoiceField(queryset=None, label=_("Leg of a family-reunion operation"))
    traveller = forms.ChoiceField(label=_("Who travels"), choices=[
        ("found", _("The person found")), ("enquirer", _("The enquirer"))])
    household_split_reason = forms.CharField(
        label=_("Reason for travelling apart from the household"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, legs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leg"].queryset = legs
        self.fields["leg"].label_from_instance = lambda leg: (
            f"{leg.operation.reference}: {leg} — {leg.departure_local:%Y-%m-%d %H:%M}")


class LinkBookingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    booking = forms.IntegerField(label=_("Booking number"), min_value=1)
