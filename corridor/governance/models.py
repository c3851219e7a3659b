"""Sessions of the governing bodies, who attended, and the votes taken there.

Member States are finance's (corridor.finance.models.MemberState, ADR 0070): governance reads
their arrears through finance's one selector. A vote freezes its electorate when it is taken
(members, who was present, whose vote was suspended and why) and stores the engine's result with
it: a later payment or arrival does not change a vote already decided. Ballots and results are
append-only."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.core.append_only import AppendOnly
from corridor.core.models import ChoiceLabelsModel


class Organ(models.TextChoices):
    COUNCIL = "council", _("Council")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive Committee")


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Regular session")
    SPECIAL = "special", _("Special session")


class DecisionKind(models.TextChoices):
    """The kinds of decision whose majority the rule set names (others are "ordinary")."""

    ORDINARY = "ordinary", _("Ordinary decision")
    ADMISSION = "admission", _("Admission of a member")
    CONSTITUTION_AMENDMENT = "constitution_amendment", _("Amendment of the constitution")
    VOTING_RIGHTS_RESTORATION = "voting_rights_restoration", _("Restoration of voting rights")


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstention")


class Method(models.TextChoices):
    ROLL_CALL = "roll_call", _("Roll call")
    SHOW_OF_HANDS = "show_of_hands", _("Show of hands")


class Session(ChoiceLabelsModel):
    organ = models.CharField(_("organ"), max_length=30, choices=Organ.choices)
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices)
    opens_on = models.DateField(_("opens on"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    rule_set = models.CharField(_("rule set"), max_length=40)
    # The stored version of the rule set pinned when the session opened (None: the shipped file,
    # for sessions opened before rule sets were stored).
    rule_set_version = models.PositiveIntegerField(null=True, blank=True)
    # The agenda is provisional until adopted (then its items are fixed, save additional ones).
    agenda_adopted_on = models.DateField(_("agenda adopted on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("session")
        constraints = [models.UniqueConstraint(fields=["organ", "number"],
                                               name="governance_session_number")]

    def __str__(self) -> str:
        return f"{self.get_organ_display()}, {self.number}"


class Distribution(models.TextChoices):
    GENERAL = "general", _("General")
    RESTRICTED = "restricted", _("Restricted")
    LIMITED = "limited", _("Limited")


class Document(ChoiceLabelsModel):
    """A session document, found by its symbol (e.g. MC/1868)."""

    symbol = models.CharField(_("symbol"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    languages = models.JSONField(_("languages"), default=list)
    distribution = models.CharField(_("distribution"), max_length=12,
                                    choices=Distribution.choices)
    session = models.ForeignKey("Session", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="documents")

    class Meta:
        ordering = ["symbol"]

    def __str__(self) -> str:
        return self.symbol


class AgendaItem(models.Model):
    """An item of a session's agenda; an additional item is requested by members with an
    explanatory memorandum."""

    session = models.ForeignKey("Session", on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    additional = models.BooleanField(_("additional item"), default=False)
    memorandum = models.TextField(_("explanatory memorandum"), blank=True)
    requested_by = models.ManyToManyField("finance.MemberState", blank=True, related_name="+")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["session", "number"],
                                               name="governance_item_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Attendance(models.Model):
    """A member's delegation present at the session from `arrived_at` (the vote counts who is
    present when it is taken)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey("finance.MemberState", on_delete=models.PROTECT, related_name="+")
    arrived_at = models.DateTimeField(_("arrived at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        ordering = ["member__name"]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.session_id}"


class Suspension(models.Model):
    """A suspension of a member's vote recorded by the secretariat (beside the arrears that
    finance computes): from `since`, until `until` (exclusive) or open."""

    member = models.ForeignKey("finance.MemberState", on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    def __str__(self) -> str:
        return f"{self.member_id} since {self.since}"


class Vote(AppendOnly, models.Model):
    """A vote taken and decided: written once, with its frozen electorate and result."""

    append_only_message = "a vote taken is never changed; take a new vote"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="votes")
    title = models.CharField(_("motion"), max_length=300)
    decision_kind = models.CharField(_("kind of decision"), max_length=40,
                                     choices=DecisionKind.choices)
    majority = models.CharField(_("majority"), max_length=20)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices,
                              default=Method.ROLL_CALL)
    members = models.JSONField()  # ISO3 codes of the members when the vote was taken
    present = models.JSONField()
    suspended = models.JSONField()  # code -> reason
    result = models.JSONField()  # the engine's Decision.to_json() and the quorum's counts
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        ordering = ["taken_at", "id"]

    def __str__(self) -> str:
        return self.title


class Ballot(AppendOnly, models.Model):
    """A roll call's ballot: each member's vote on record."""

    append_only_message = "ballots are never changed"

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    member = models.CharField(max_length=3)
    choice = models.CharField(max_length=10, choices=Choice.choices)

    class Meta:
        ordering = ["member"]
        constraints = [models.UniqueConstraint(fields=["vote", "member"],
                                               name="governance_one_ballot_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.choice}"


class Office(models.TextChoices):
    DIRECTOR_GENERAL = "director_general", _("Director General")
    DEPUTY_DIRECTOR_GENERAL = "deputy_director_general", _("Deputy Director General")
    # One seat of the Executive Committee: a member State elected for the rule set's term.
    EXECUTIVE_COMMITTEE_MEMBER = "executive_committee_member", _("Executive Committee member")


class Election(AppendOnly, models.Model):
    """An election to an office by secret ballot over repeated rounds, its electorate frozen
    when it opens. Its rounds are `ElectionRound` rows, written as each round is counted."""

    append_only_message = "an election opened is never changed"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="elections")
    office = models.CharField(_("office"), max_length=30, choices=Office.choices)
    candidates = models.JSONField()
    majority = models.CharField(max_length=20)
    members = models.JSONField()
    present = models.JSONField()
    suspended = models.JSONField()
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["opened_at", "id"]

    def __str__(self) -> str:
        return str(self.get_office_display())


class ElectionRound(AppendOnly, models.Model):
    """A round counted: the engine's result of the whole election up to this round."""

    append_only_message = "a round counted is never changed"

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    result = models.JSONField()
    counted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"],
                                               name="governance_one_count_per_round")]

    def __str__(self) -> str:
        return f"{self.election_id} round {self.number}"


class BallotCast(AppendOnly, models.Model):
    """Who voted in a round of a secret ballot — and nothing of what: the choice is a
    `SecretBallot` row that names no one, with no column, order or time shared with this one."""

    append_only_message = "a ballot cast is never changed"

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="cast")
    round = models.PositiveSmallIntegerField()
    member = models.CharField(max_length=3)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "round", "member"],
                                               name="governance_one_secret_ballot_each")]

    def __str__(self) -> str:
        return f"{self.member} voted in round {self.round}"


class SecretBallot(AppendOnly, models.Model):
    """What was voted in a round, by nobody named: a random key (no sequence to match against
    the order of `BallotCast` rows), no time, the hash of the voter's receipt code."""

    append_only_message = "a secret ballot is never changed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField()
    choice = models.CharField(max_length=200)
    receipt_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"ballot of round {self.round}"


class Decision(AppendOnly, models.Model):
    """A numbered decision (resolution) of an organ, with the vote or election behind it."""

    append_only_message = "a decision is never changed; a later decision amends it"

    organ = models.CharField(max_length=30, choices=Organ.choices)
    number = models.PositiveIntegerField()
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="decisions")
    vote = models.OneToOneField(Vote, on_delete=models.PROTECT, related_name="decision",
                                null=True, blank=True)
    election = models.OneToOneField(Election, on_delete=models.PROTECT, related_name="decision",
                                    null=True, blank=True)
    title = models.CharField(max_length=300)
    adopted_on = models.DateField()
    # The documents it was taken on (a link table: the decision's own row is never changed).
    documents = models.ManyToManyField(Document, blank=True, related_name="decisions")

    class Meta:
        ordering = ["organ", "number"]
        constraints = [models.UniqueConstraint(fields=["organ", "number"],
                                               name="governance_decision_number")]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"


from corridor.governance.models_organs import (  # noqa: E402,F401  (their tables are this app's)
    Body,
    DelegateRole,
    MembershipStatus,
    Representative,
    Restoration,
    RuleSetVersion,
    SpecialSessionRequest,
    SpecialSessionSupport,
    Status,
    Term,
)
