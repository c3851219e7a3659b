"""Voluntary contributions (donors, agreements, contributions and their receipts, allocations of
unearmarked money to projects), the emergency revolving fund's advances and their
reimbursements, and consolidated appeals (ADR 0071). Imported by models.py.

A contribution keeps its three states apart: the pledge (amount and date), the commitment (the
signed agreement) and the receipts (money in the bank, posted to the ledger). Each state keeps its
original amount and currency and its value in the fund's base currency at its day's rate. Only
receipts are in the ledger; a pledge is shown, never counted as funding.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.core.append_only import AppendOnly
from corridor.core.models import ChoiceLabelsModel
from corridor.finance import currencies


class DonorKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    MULTILATERAL = "multilateral", _("Multilateral")
    PRIVATE = "private", _("Private")


class Donor(ChoiceLabelsModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DonorKind.choices)
    # A government's country (ISO 3166-1 alpha-3); blank for the others.
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, blank=True)
    # The IATI organisation identifier (for the IATI export), when the donor has one.
    iati_ref = models.CharField(_("IATI organisation identifier"), max_length=100, blank=True)

    class Meta:
        app_label = "finance"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A signed contribution agreement: what makes a pledge a commitment."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="agreements")
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        app_label = "finance"
        ordering = ["-signed_on", "reference"]

    def __str__(self) -> str:
        return self.reference


class Earmarking(models.IntegerChoices):
    """The Grand Bargain's earmarking levels, with the IATI EarmarkingCategory codes."""

    UNEARMARKED = 1, _("Unearmarked")
    SOFTLY_EARMARKED = 2, _("Softly earmarked")
    EARMARKED = 3, _("Earmarked")
    TIGHTLY_EARMARKED = 4, _("Tightly earmarked")


# Money the organisation itself allocates to projects: unearmarked and softly earmarked.
ALLOCATABLE = (Earmarking.UNEARMARKED, Earmarking.SOFTLY_EARMARKED)


class Sector(models.TextChoices):
    """The humanitarian clusters and sectors of a consolidated appeal."""

    CAMP_COORDINATION = "camp_coordination", _("Camp coordination and camp management")
    EARLY_RECOVERY = "early_recovery", _("Early recovery")
    EDUCATION = "education", _("Education")
    FOOD_SECURITY = "food_security", _("Food security")
    HEALTH = "health", _("Health")
    LOGISTICS = "logistics", _("Logistics")
    MULTI_SECTOR = "multi_sector", _("Multi-sector assistance to refugees and migrants")
    PROTECTION = "protection", _("Protection")
    SHELTER = "shelter", _("Shelter and non-food items")
    TRANSPORT = "transport", _("Transport and movements")
    WASH = "wash", _("Water, sanitation and hygiene")


class Appeal(models.Model):
    """A consolidated inter-agency appeal; its requirements are in US dollars."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    launched_on = models.DateField(_("launched on"))

    class Meta:
        app_label = "finance"
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class AppealRequirement(ChoiceLabelsModel):
    """What one agency asks for one sector in an appeal (USD). Agency None: this organisation."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="requirements")
    agency = models.ForeignKey("partners.Partner", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("agency"))
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    amount_minor = models.BigIntegerField()

    class Meta:
        app_label = "finance"
        ordering = ["appeal", "agency__name", "sector"]

    def __str__(self) -> str:
        return f"{self.appeal.code} {self.agency or '—'} {self.sector}"

    @property
    def amount(self) -> Decimal:
        return currencies.from_minor(self.amount_minor, "USD")


class Contribution(ChoiceLabelsModel):
    """A donor's voluntary contribution: a fund of its own in the ledger (ADR 0071)."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="contributions")
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    fund = models.OneToOneField("finance.Fund", on_delete=models.PROTECT,
                                related_name="contribution")
    earmarking = models.PositiveSmallIntegerField(_("earmarking"), choices=Earmarking.choices)
    # What it is earmarked for: a project (3, 4; optional for 2), an operation of a project,
    # a requirement of an appeal, and in words (a region, a theme, a budget line).
    project = models.ForeignKey("partners.Project", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="contributions",
                                verbose_name=_("project"))
    operation = models.ForeignKey("movements.Operation", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="contributions",
                                  verbose_name=_("operation"))
    requirement = models.ForeignKey(AppealRequirement, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="contributions",
                                    verbose_name=_("appeal requirement"))
    earmarked_for = models.CharField(_("earmarked for"), max_length=200, blank=True)
    currency = models.ForeignKey("finance.Currency", on_delete=models.PROTECT, related_name="+")
    # The pledge.
    pledged_on = models.DateField(_("pledged on"))
    pledged_minor = models.BigIntegerField()
    pledged_base_minor = models.BigIntegerField()
    # The commitment (the signed agreement), once there is one.
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="contributions")
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    committed_minor = models.BigIntegerField(null=True, blank=True)
    committed_base_minor = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "finance"
        ordering = ["-pledged_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pledged_minor__gt=0),
                                   name="finance_pledge_positive"),
            models.CheckConstraint(condition=models.Q(committed_minor__isnull=True)
                                   | models.Q(committed_minor__gt=0),
                                   name="finance_commitment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.donor})"

    @property
    def base_currency(self) -> str:
        return self.fund.base_currency_id

    @property
    def pledged(self) -> Decimal:
        return currencies.from_minor(self.pledged_minor, self.currency_id)

    @property
    def pledged_base(self) -> Decimal:
        return currencies.from_minor(self.pledged_base_minor, self.base_currency)

    @property
    def committed(self) -> Decimal | None:
        if self.committed_minor is None:
            return None
        return currencies.from_minor(self.committed_minor, self.currency_id)

    @property
    def committed_base(self) -> Decimal | None:
        if self.committed_base_minor is None:
            return None
        return currencies.from_minor(self.committed_base_minor, self.base_currency)


class Receipt(AppendOnly, models.Model):
    """Money received on a contribution, as received, and the ledger transaction that posted it
    (with, in the same transaction, any first charge repaying an emergency advance)."""

    append_only_message = "receipts are append-only: reverse the transaction instead"

    contribution = models.ForeignKey(Contribution, on_delete=models.PROTECT,
                                     related_name="receipts")
    received_on = models.DateField(_("received on"))
    currency = models.ForeignKey("finance.Currency", on_delete=models.PROTECT, related_name="+")
    amount_minor = models.BigIntegerField()
    rate = models.DecimalField(max_digits=15, decimal_places=10)
    base_minor = models.BigIntegerField()
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    transaction = models.OneToOneField("finance.Transaction", on_delete=models.PROTECT,
                                       related_name="receipt")

    class Meta:
        app_label = "finance"
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"Receipt {self.pk} on {self.contribution_id}"

    @property
    def amount(self) -> Decimal:
        return currencies.from_minor(self.amount_minor, self.currency_id)

    @property
    def base_amount(self) -> Decimal:
        return currencies.from_minor(self.base_minor, self.contribution.base_currency)


class Allocation(AppendOnly, models.Model):
    """The decision to give a project money from an unearmarked (or softly earmarked)
    contribution: who decided, when and why. Never edited: a negative allocation that
    `reverses` an earlier one takes it back."""

    append_only_message = "allocations are append-only: take one back instead"

    contribution = models.ForeignKey(Contribution, on_delete=models.PROTECT,
                                     related_name="allocations")
    project = models.ForeignKey("partners.Project", on_delete=models.PROTECT,
                                related_name="allocations", verbose_name=_("project"))
    decided_on = models.DateField(_("decided on"))
    reason = models.CharField(_("reason"), max_length=300)
    amount_minor = models.BigIntegerField()  # in the contribution fund's base currency
    rate = models.DecimalField(max_digits=15, decimal_places=10)
    project_minor = models.BigIntegerField()  # in the project's currency, at `rate`
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "finance"
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"Allocation {self.pk} to {self.project_id}"

    @property
    def amount(self) -> Decimal:
        return currencies.from_minor(self.amount_minor, self.contribution.base_currency)

    @property
    def project_amount(self) -> Decimal:
        return currencies.from_minor(self.project_minor, self.project.currency)


class EmergencyAdvance(AppendOnly, models.Model):
    """Money advanced by the emergency revolving fund (USD) to an emergency operation before
    its donors' money arrives, on the evidence of pledges to the operation."""

    append_only_message = "advances are append-only: reverse the transaction instead"

    operation = models.ForeignKey("movements.Operation", on_delete=models.PROTECT,
                                  related_name="emergency_advances",
                                  verbose_name=_("operation"))
    advanced_on = models.DateField(_("advanced on"))
    amount_minor = models.BigIntegerField()
    reason = models.CharField(_("reason"), max_length=300)
    pledges = models.ManyToManyField(Contribution, related_name="evidence_for")
    transaction = models.OneToOneField("finance.Transaction", on_delete=models.PROTECT,
                                       related_name="emergency_advance")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        app_label = "finance"
        ordering = ["advanced_on", "id"]

    def __str__(self) -> str:
        return f"Advance {self.pk} to {self.operation_id}"

    @property
    def amount(self) -> Decimal:
        return currencies.from_minor(self.amount_minor, "USD")


class Reimbursement(AppendOnly, models.Model):
    """A first charge on a receipt repaying an advance, posted in the receipt's transaction."""

    append_only_message = "reimbursements are append-only"

    advance = models.ForeignKey(EmergencyAdvance, on_delete=models.PROTECT,
                                related_name="reimbursements")
    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT,
                                related_name="reimbursements")
    amount_minor = models.BigIntegerField()  # USD

    class Meta:
        app_label = "finance"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Reimbursement of advance {self.advance_id}"

    @property
    def amount(self) -> Decimal:
        return currencies.from_minor(self.amount_minor, "USD")
