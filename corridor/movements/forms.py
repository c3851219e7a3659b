from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.geo import lists
from corridor.movements.models import EscortKind, Mode, OperationKind, OperationStatus, PermissionKind


class OperationForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of operation"), choices=OperationKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    min_connection_minutes = forms.IntegerField(
        label=_("Minimum connection time (minutes)"), required=False, min_value=0,
        help_text=_("Leave empty for the defaults: 90 min by air, 60 by sea, 30 by land."))

    def __init__(self, *args, offices, projects, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["project"].queryset = projects


class OperationEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of operation"), choices=OperationKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=OperationStatus.choices)
    min_connection_minutes = forms.IntegerField(
        label=_("Minimum connection time (minutes)"), required=False, min_value=0,
        help_text=_("Leave empty for the defaults: 90 min by air, 60 by sea, 30 by land."))


# What <input type="datetime-local"> shows and sends back.
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LegForm(forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    carrier = forms.CharField(label=_("Carrier"), max_length=100)
    number = forms.CharField(label=_("Flight, voyage or vehicle number"), max_length=20,
                             required=False)
    origin = forms.CharField(label=_("Origin (code or place)"), max_length=100)
    destination = forms.CharField(label=_("Destination (code or place)"), max_length=100)
    departure = forms.DateTimeField(label=_("Departure, local time"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                           format=LOCAL_INPUT))
    # Zone choices are set per form (the office's zones first): see __init__.
    departure_zone = forms.ChoiceField(label=_("Time zone of departure"),
                                       choices=())
    arrival = forms.DateTimeField(label=_("Arrival, local time"),
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                           format=LOCAL_INPUT))
    arrival_zone = forms.ChoiceField(label=_("Time zone of arrival"),
                                     choices=())
    seats = forms.IntegerField(label=_("Seats"), min_value=0)
    wheelchair_places = forms.IntegerField(label=_("Wheelchair places"), min_value=0, initial=0)
    stretcher_places = forms.IntegerField(label=_("Stretcher places"), min_value=0, initial=0)
    escort_seats = forms.IntegerField(label=_("Escort seats"), min_value=0, initial=0)
    exit_permission_country = forms.CharField(
        label=_("Exit permission needed from (ISO3)"), max_length=3, required=False)
    entry_permission_country = forms.CharField(
        label=_("Entry permission needed from (ISO3)"), max_length=3, required=False)
    fare = forms.DecimalField(label=_("Fare per passenger"), min_value=0, max_digits=12,
                              decimal_places=2, initial=0)

    def __init__(self, *args, countries: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Chosen, never preset (the first zone of the list is no one's default); the zones of the
        # operation's office come first.
        for name in ("departure_zone", "arrival_zone"):
            self.fields[name].choices = lists.zone_choices(countries)

    # Times are typed as local to each end: kept naive here, placed in their zone by the service.
    def clean_departure(self):
        return _wall_clock(self.cleaned_data["departure"])

    def clean_arrival(self):
        return _wall_clock(self.cleaned_data["arrival"])


class LegEditForm(LegForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def initial_for(leg) -> dict:
        """The leg as the form shows it: each end's wall-clock time in its own zone."""
        initial = {name: getattr(leg, name) for name in LegForm.base_fields}
        initial.update(version=leg.version,
                       departure=leg.departure_local.replace(tzinfo=None),
                       arrival=leg.arrival_local.replace(tzinfo=None))
        return initial


class LegMoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


def _wall_clock(value):
    return timezone.make_naive(value) if value is not None and timezone.is_aware(value) else value


class BookingForm(forms.Form):
    """People to book, ticked from a list (the operation's candidates and those the user searched
    for by name), never typed as record numbers (issue 18, item 10)."""

    people = forms.TypedMultipleChoiceField(label=_("People to book"), coerce=int,
                                            widget=forms.CheckboxSelectMultiple)
    onward = forms.BooleanField(label=_("Also book the onward legs"), required=False)
    household_split_reason = forms.CharField(
        label=_("Reason to book apart from the household"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when a household cannot travel together; the reason is audited."))

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(person.pk, person_label(person)) for person in people]


def person_label(person) -> str:
    """How a person is named in a list to tick: family name first, household and birth year
    to tell namesakes apart."""
    parts = [f"{(person.family_name or '').upper()}, {person.given_name}".strip(", ")]
    if person.household_id:
        parts.append(person.household.reference)
    if person.birth_date:
        parts.append(str(person.birth_date.year))
    return " · ".join(parts)


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class EscortForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of escort"), choices=EscortKind.choices)
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False,
                                  help_text=_("Staff of this office, above or below it; or give "
                                              "the name of someone else below."))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=40, required=False)

    def __init__(self, *args, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff
        self.fields["user"].label_from_instance = (
            lambda user: user.get_full_name() or user.get_username())


class EvacuationForm(forms.Form):
    legs = forms.ModelMultipleChoiceField(label=_("Legs"), queryset=None,
                                          widget=forms.CheckboxSelectMultiple)
    file = forms.FileField(label=_("List (CSV)"))
    household_split_reason = forms.CharField(
        label=_("Reason to book apart from the household"), required=False)

    def __init__(self, *args, legs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["legs"].queryset = legs


class ClearanceForm(forms.Form):
    examined_on = forms.DateField(label=_("Examined on"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    fit = forms.BooleanField(label=_("Fit to travel"), required=False)
    wheelchair = forms.BooleanField(label=_("Needs a wheelchair"), required=False)
    stretcher = forms.BooleanField(label=_("Needs a stretcher"), required=False)
    oxygen = forms.BooleanField(label=_("Needs oxygen"), required=False)
    medical_escort = forms.BooleanField(label=_("Needs a medical escort"), required=False)


class PermissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PermissionKind.choices)
    country = forms.CharField(label=_("Country (ISO3)"), max_length=3)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    valid_until = forms.DateField(label=_("Valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
