"""Member States and observers over time, delegations, the terms of the Executive Committee's
seats and the Administration's offices, special sessions asked for by members, and the rule
sets as stored, versioned rows (issue 15, items 1, 2 and 5).

History is rows with dates, never an edited fact: a status change is a new `MembershipStatus`
row from its day on; a term is a `Term` row from `starts_on` to `ends_on` (exclusive). The ISO
3166 code and the name stay on finance's MemberState (ADR 0070): this is the history beside it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.core.append_only import AppendOnly
from corridor.core.models import ChoiceLabelsModel


class Status(models.TextChoices):
    MEMBER = "member", _("Member State")
    OBSERVER = "observer", _("Observer")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MembershipStatus(AppendOnly, ChoiceLabelsModel):
    """A State's status from `since` on, until a later row: admission, observer status,
    withdrawal — by the decision named (a numbered decision here, or a reference to one taken
    before Corridor, such as "Resolution No. 470 (XL)")."""

    append_only_message = "a status change is never changed; record a later one"

    member = models.ForeignKey("finance.MemberState", on_delete=models.PROTECT,
                               related_name="statuses")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    since = models.DateField(_("since"))
    decision = models.ForeignKey("governance.Decision", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("by decision"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member__name", "since", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "since"],
                                               name="governance_one_status_a_day")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status} since {self.since}"


class DelegateRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    ALTERNATE = "alternate", _("Alternate")
    ADVISER = "adviser", _("Adviser")


class Representative(ChoiceLabelsModel):
    """A member's representative at a session (its delegation is its representatives there)."""

    session = models.ForeignKey("governance.Session", on_delete=models.PROTECT,
                                related_name="representatives")
    member = models.ForeignKey("finance.MemberState", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=12, choices=DelegateRole.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["member__name", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.member_id})"


class Body(models.TextChoices):
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive Committee")
    ADMINISTRATION = "administration", _("Administration")


class Term(AppendOnly, ChoiceLabelsModel):
    """A seat or an office held from `starts_on` to `ends_on` (exclusive): an Executive
    Committee seat (a member State, two years) or the Director General's or Deputy's office (a
    person, five years), recorded from the election that filled it."""

    append_only_message = "a term recorded is never changed"

    body = models.CharField(_("organ"), max_length=30, choices=Body.choices)
    office = models.CharField(_("office"), max_length=40)
    member = models.ForeignKey("finance.MemberState", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    person = models.CharField(_("person"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    election = models.OneToOneField("governance.Election", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="term")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body", "office", "starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.office}: {self.person or self.member_id}"


class SpecialSessionRequest(models.Model):
    """Members asking for a special session; convened (its `session` set) once as many have
    asked as the rule set's fraction of the membership."""

    organ = models.CharField(_("organ"), max_length=30)
    purpose = models.CharField(_("purpose"), max_length=300)
    opened_on = models.DateField(_("opened on"))
    rule_set = models.CharField(max_length=80)
    session = models.OneToOneField("governance.Session", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="request")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.purpose


class SpecialSessionSupport(AppendOnly, models.Model):
    append_only_message = "a request of a member is never changed"

    request = models.ForeignKey(SpecialSessionRequest, on_delete=models.PROTECT,
                                related_name="supports")
    member = models.ForeignKey("finance.MemberState", on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(_("requested on"))

    class Meta:
        ordering = ["member__name"]
        constraints = [models.UniqueConstraint(fields=["request", "member"],
                                               name="governance_one_request_each")]

    def __str__(self) -> str:
        return f"{self.member_id} asks"


class RuleSetVersion(AppendOnly, models.Model):
    """One version of a rule set, in `engines.governance.rule_set_to_dict`'s shape, checked by
    `rule_set_from_dict` before it is written; a change is a new version."""

    append_only_message = "a rule set version is never changed; write a new version"

    key = models.CharField(_("rule set"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    document = models.JSONField()
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [models.UniqueConstraint(fields=["key", "version"],
                                               name="governance_rule_set_version")]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class Restoration(AppendOnly, models.Model):
    """A member's vote restored by the Council despite its arrears (the arrears rule's
    restoring decision), from the decision's day until `until` (exclusive) or open."""

    append_only_message = "a restoration is never changed"

    member = models.ForeignKey("finance.MemberState", on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField("governance.Decision", on_delete=models.PROTECT,
                                    related_name="restoration")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.member_id} restored"
