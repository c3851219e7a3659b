"""Movements: operations with legs, bookings of people on legs (with a timeline), escorts, and
what decides whether a person may travel (medical clearance, exit and entry permissions)."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.access.models import Office, validate_iso3
from corridor.core.append_only import AppendOnly
from corridor.core.models import VersionedModel
from corridor.partners.models import Project
from corridor.registry.models import Person


def validate_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Not a time zone name (for example Asia/Amman).")) from None


class OperationKind(models.TextChoices):
    VOLUNTARY_RETURN = "voluntary_return", _("Voluntary return")
    RESETTLEMENT = "resettlement", _("Resettlement")
    FAMILY_REUNION = "family_reunion", _("Family reunion")
    EVACUATION = "evacuation", _("Evacuation")
    TRANSFER = "transfer", _("Transfer")
    REFUGEE_REPATRIATION = "refugee_repatriation", _("Refugee repatriation")


class OperationStatus(models.TextChoices):
    PLANNING = "planning", _("In planning")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", pgettext_lazy("movement operation", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("movement operation", "Cancelled")


# An operation in one of these takes no new bookings or proposals.
CLOSED_STATUSES = (OperationStatus.COMPLETED, OperationStatus.CANCELLED)


class Mode(models.TextChoices):
    AIR = "air", _("Air")
    LAND = "land", _("Land")
    SEA = "sea", _("Sea")


# Minimum connection time between two legs, by the mode of the onward leg (minutes).
DEFAULT_CONNECTION_MINUTES = {Mode.AIR: 90, Mode.LAND: 30, Mode.SEA: 60}


class Operation(VersionedModel):
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="operations",
                               verbose_name=_("office"))
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="operations",
                                verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=30, choices=OperationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=OperationStatus.choices,
                              default=OperationStatus.PLANNING)
    # Overrides the default minimum connection time of every connection in this operation.
    min_connection_minutes = models.PositiveIntegerField(_("minimum connection time (minutes)"),
                                                         null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("operation")

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"


class Leg(VersionedModel):
    """One transport: departure and arrival are stored aware (UTC) with the zone of each end."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="legs")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.AIR)
    carrier = models.CharField(_("carrier"), max_length=100)
    number = models.CharField(_("number"), max_length=20, blank=True)
    origin = models.CharField(_("origin"), max_length=100)
    destination = models.CharField(_("destination"), max_length=100)
    departure = models.DateTimeField(_("departure"))
    departure_zone = models.CharField(_("time zone of departure"), max_length=64,
                                      validators=[validate_zone])
    arrival = models.DateTimeField(_("arrival"))
    arrival_zone = models.CharField(_("time zone of arrival"), max_length=64,
                                    validators=[validate_zone])
    seats = models.PositiveIntegerField(_("seats"))
    wheelchair_places = models.PositiveIntegerField(_("wheelchair places"), default=0)
    stretcher_places = models.PositiveIntegerField(_("stretcher places"), default=0)
    escort_seats = models.PositiveIntegerField(_("escort seats"), default=0)
    # ISO3 of the country whose exit (entry) permission each passenger needs; blank: none.
    exit_permission_country = models.CharField(_("exit permission needed from"), max_length=3,
                                               blank=True, validators=[validate_iso3])
    entry_permission_country = models.CharField(_("entry permission needed from"), max_length=3,
                                                blank=True, validators=[validate_iso3])
    fare = models.DecimalField(_("fare per passenger"), max_digits=12, decimal_places=2,
                               default=0)

    class Meta:
        ordering = ["departure", "id"]
        verbose_name = _("leg")

    def __str__(self) -> str:
        return f"{self.carrier} {self.number} {self.origin}→{self.destination}".replace("  ", " ")

    def clean(self) -> None:
        if self.departure and self.arrival and self.arrival <= self.departure:
            raise ValidationError({"arrival": _("The arrival must come after the departure.")})
        if self.fare is not None and self.fare < 0:
            raise ValidationError({"fare": _("A fare cannot be negative.")})

    @property
    def departure_local(self):
        return self.departure.astimezone(zoneinfo.ZoneInfo(self.departure_zone))

    @property
    def arrival_local(self):
        return self.arrival.astimezone(zoneinfo.ZoneInfo(self.arrival_zone))


class BookingState(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("booking", "Proposed")
    BOOKED = "booked", _("Booked")
    CONFIRMED = "confirmed", pgettext_lazy("booking", "Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    DEPARTED = "departed", _("Departed")
    ARRIVED = "arrived", _("Arrived")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", pgettext_lazy("booking", "Cancelled")


# States that hold a seat.
HOLDING_STATES = (BookingState.PROPOSED, BookingState.BOOKED, BookingState.CONFIRMED,
                  BookingState.CHECKED_IN, BookingState.DEPARTED, BookingState.ARRIVED)


class Booking(VersionedModel):
    leg = models.ForeignKey(Leg, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bookings")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=BookingState.choices,
                             default=BookingState.PROPOSED, db_index=True)
    # Needs copied from the medical clearance when booked: what the seat counts use.
    wheelchair = models.BooleanField(_("wheelchair"), default=False)
    stretcher = models.BooleanField(_("stretcher"), default=False)
    oxygen = models.BooleanField(_("oxygen"), default=False)
    medical_escort = models.BooleanField(_("medical escort"), default=False)
    household_split_reason = models.TextField(_("reason for travelling apart from the household"),
                                              blank=True)
    fare = models.DecimalField(_("fare"), max_digits=12, decimal_places=2)
    # What happened when the case was handed over on arrival (costing, case moved on).
    handover_note = models.CharField(_("hand-over"), max_length=255, blank=True)
    # The transport item the fare was costed as on arrival: delivered at the end of the trip.
    assistance_item = models.ForeignKey("cases.AssistanceItem", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["person__family_name", "person__given_name", "id"]
        verbose_name = _("booking")
        constraints = [
            models.UniqueConstraint(fields=["leg", "person"],
                                    condition=Q(state__in=[s.value for s in HOLDING_STATES]),
                                    name="booking_one_holding_per_leg_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.leg}"

    @property
    def needs(self) -> list[str]:
        return [str(label) for flag, label in (
            (self.wheelchair, _("wheelchair")), (self.stretcher, _("stretcher")),
            (self.oxygen, _("oxygen")), (self.medical_escort, _("medical escort"))) if flag]


class BookingEvent(AppendOnly, models.Model):
    """A booking's timeline. Append-only."""

    append_only_message = "booking events are append-only"

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    from_state = models.CharField(max_length=20, blank=True, choices=BookingState.choices)
    to_state = models.CharField(max_length=20, choices=BookingState.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.from_state}→{self.to_state}"


class EscortKind(models.TextChoices):
    MEDICAL = "medical", _("Medical escort")
    OPERATIONAL = "operational", _("Operational escort")


class Escort(models.Model):
    """A staff user or a named escort on a leg; each takes one escort seat."""

    leg = models.ForeignKey(Leg, on_delete=models.PROTECT, related_name="escorts")
    kind = models.CharField(_("kind"), max_length=20, choices=EscortKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", verbose_name=_("staff"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    # Encrypted as travellers' numbers are (corridor.registry.documents); no look-up needs a hash.
    document_number_encrypted = models.TextField(_("document number (encrypted)"), blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("escort")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            full = self.user.get_full_name()
            return full or self.user.get_username()
        return self.name

    @property
    def document_number(self) -> str:
        """The number to show; a placeholder when no configured key opens it."""
        from corridor.registry.documents import reveal

        return reveal(self.document_number_encrypted, record=f"{self._meta.label_lower} {self.pk}")


class MedicalClearance(models.Model):
    """Fitness to travel, from a medical examination: valid from `examined_on` to `valid_until`."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="clearances")
    examined_on = models.DateField(_("examined on"))
    valid_until = models.DateField(_("valid until"))
    fit = models.BooleanField(_("fit to travel"))
    wheelchair = models.BooleanField(_("wheelchair"), default=False)
    stretcher = models.BooleanField(_("stretcher"), default=False)
    oxygen = models.BooleanField(_("oxygen"), default=False)
    medical_escort = models.BooleanField(_("medical escort"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-examined_on", "-id"]
        verbose_name = _("medical clearance")

    def __str__(self) -> str:
        return f"{self.person_id} {self.examined_on}"

    def clean(self) -> None:
        if self.examined_on and self.valid_until and self.valid_until < self.examined_on:
            raise ValidationError({"valid_until": _("Validity ends before the examination.")})


class PermissionKind(models.TextChoices):
    EXIT = "exit", _("Exit permission")
    ENTRY = "entry", _("Entry permission")


class TravelPermission(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="travel_permissions")
    kind = models.CharField(_("kind"), max_length=10, choices=PermissionKind.choices)
    country = models.CharField(_("country"), max_length=3, validators=[validate_iso3])
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("travel permission")

    def __str__(self) -> str:
        return f"{self.kind} {self.country}"


class Proposal(models.Model):
    """The planner's proposal for an operation, kept for the officer to review and accept."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="proposals")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # {person id (str): [leg id, ...]}: the legs each proposed traveller would take.
    assignments = models.JSONField(default=dict)
    priority_total = models.IntegerField(default=0)
    upper_bound = models.IntegerField(default=0)
    waiting_days = models.IntegerField(default=0)
    # {person id (str): [reason, ...]}: candidates left out because a pre-departure check failed.
    excluded = models.JSONField(default=dict)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"proposal {self.pk} for {self.operation_id}"
