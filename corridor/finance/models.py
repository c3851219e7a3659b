"""The ledger (currencies, exchange rates, funds, accounts, transactions and their postings) and
the assessed contributions of member States (budgets, scales, assessments, payments).

Every amount is a whole number of the currency's minor unit (`*_minor`): exact on SQLite (whose
DECIMAL is a float) and on PostgreSQL. Ledger rows are append-only (model and database
triggers); a transaction counts once it is sealed, and it can only be sealed balanced (ADR 0070).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.core.append_only import AppendOnly
from corridor.core.models import ChoiceLabelsModel
from corridor.finance import currencies


class Currency(models.Model):
    """ISO 4217, loaded from data/iso4217.csv by the migrations: a posting's currency is a
    foreign key, so the database itself refuses a code that is not on the list."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    numeric = models.CharField(_("numeric code"), max_length=3)
    minor_units = models.PositiveSmallIntegerField(_("minor units"), null=True)
    name = models.CharField(_("name"), max_length=100)
    withdrawn = models.CharField(_("withdrawn"), max_length=7, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return self.code


class ExchangeRate(AppendOnly, models.Model):
    """One unit of `currency` is worth `rate` units of `base` on `day`, as `source` published it.
    Written once: a posting converted at it must keep meaning what it meant."""

    append_only_message = "exchange rates are append-only"

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("currency"))
    base = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("base currency"))
    day = models.DateField(_("date"))
    # At most 15 significant digits: what SQLite's float gives back exactly.
    rate = models.DecimalField(_("rate"), max_digits=15, decimal_places=10)
    source = models.CharField(_("source"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "base", "day"], name="finance_one_rate_a_day"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="finance_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency_id}→{self.base_id} {self.day} {self.rate}"


class FundKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative budget")
    VOLUNTARY = "voluntary", _("Voluntary contribution")
    EMERGENCY = "emergency", _("Emergency revolving fund")


class Fund(ChoiceLabelsModel):
    """A self-balancing set of accounts: every transaction balances within each fund."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=FundKind.choices)
    base_currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("base currency"))

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class AccountKind(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    NET_ASSETS = "net_assets", _("Net assets")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


class MemberState(models.Model):
    """A member State: the minimal record assessed contributions need. The governance issue
    extends it (admission, withdrawal, representation); it lives here until then (ADR 0070)."""

    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=200)
    admitted = models.DateField(_("admitted"), null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Account(ChoiceLabelsModel):
    """An account of the chart; a member's receivable is an account of its own."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AccountKind.choices)
    member = models.OneToOneField(MemberState, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="receivable")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TransactionKind(models.TextChoices):
    JOURNAL = "journal", _("Journal entry")
    ASSESSMENT = "assessment", _("Assessment")
    PAYMENT = "payment", _("Payment")
    REVERSAL = "reversal", _("Reversal")
    RECEIPT = "receipt", _("Voluntary contribution received")
    CAPITAL = "capital", _("Capital of the emergency fund")
    ADVANCE = "advance", _("Emergency advance")


class Transaction(AppendOnly, ChoiceLabelsModel):
    append_only_message = "ledger transactions are append-only: reverse one instead"

    booked_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=TransactionKind.choices)
    description = models.CharField(_("description"), max_length=300)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-booked_on", "-id"]
        indexes = [models.Index(fields=["booked_on", "id"], name="finance_txn_booked_on")]

    def __str__(self) -> str:
        return f"T{self.pk} {self.booked_on} {self.description}"


class TransactionSeal(AppendOnly, models.Model):
    """The mark that a transaction's postings are complete. The database refuses it unless they
    balance per fund and currency (and in each fund's base currency), refuses any posting after
    it, and only sealed transactions count in a balance."""

    append_only_message = "ledger transactions are append-only: reverse one instead"

    transaction = models.OneToOneField(Transaction, on_delete=models.PROTECT,
                                       related_name="seal")
    sealed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"seal of T{self.transaction_id}"


class Posting(AppendOnly, models.Model):
    """One line of a transaction: positive is a debit, negative a credit."""

    append_only_message = "ledger transactions are append-only: reverse one instead"

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="postings")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    amount_minor = models.BigIntegerField()
    # One unit of `currency` in the fund's base currency, as converted (1 for the base itself).
    rate = models.DecimalField(max_digits=15, decimal_places=10)
    base_minor = models.BigIntegerField()
    # The assessment year a receivable line concerns (arrears age by it); None elsewhere.
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Copied from the transaction: a balance at a date reads postings only.
    booked_on = models.DateField()

    class Meta:
        ordering = ["booked_on", "id"]
        indexes = [
            models.Index(fields=["fund", "account", "booked_on"], name="finance_posting_balance"),
            models.Index(fields=["account", "year"], name="finance_posting_year"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount_minor=0),
                                   name="finance_posting_not_zero"),
        ]

    def __str__(self) -> str:
        return f"T{self.transaction_id} {self.account_id} {self.currency_id} {self.amount_minor}"

    @property
    def amount(self) -> Decimal:
        return currencies.from_minor(self.amount_minor, self.currency_id)

    @property
    def base_amount(self) -> Decimal:
        return currencies.from_minor(self.base_minor, self.fund.base_currency_id)


class DailyTotal(models.Model):
    """The sum of the sealed postings of one day, per fund, account, currency and assessment year
    (0: none). Written only by the database, when a seal is inserted (migration 0003), so that a
    balance at any date sums days, not entries; the entries stay the record (ADR 0070)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(default=0)
    day = models.DateField()
    amount_minor = models.BigIntegerField()
    base_minor = models.BigIntegerField()
    entries = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["fund", "account", "currency", "year", "day"], name="finance_one_total_a_day")]
        indexes = [models.Index(fields=["fund", "day"], name="finance_total_fund_day"),
                   models.Index(fields=["account", "day"], name="finance_total_account_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.account_id} {self.currency_id} {self.amount_minor}"


class MonthlyTotal(models.Model):
    """The daily totals summed per month (`month`: its first day), kept by the database in the
    same way (migration 0005): a balance at a day sums the months before its month and the days
    of its month, so that it reads a few hundred rows per account, not one per day (a fund whose
    accounts each move on most days had as many daily totals as entries; ADR 0070)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(default=0)
    month = models.DateField()
    amount_minor = models.BigIntegerField()
    base_minor = models.BigIntegerField()
    entries = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["fund", "account", "currency", "year", "month"],
            name="finance_one_total_a_month")]
        indexes = [models.Index(fields=["fund", "month"], name="finance_month_fund"),
                   models.Index(fields=["account", "month"], name="finance_month_account")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.account_id} {self.currency_id} {self.amount_minor}"


# Assessed contributions ------------------------------------------------------------------------

class Budget(models.Model):
    """The administrative budget of a year, assessed on the members by that year's scale."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="budgets")
    amount_minor = models.BigIntegerField()
    adopted = models.DateField(_("adopted"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Budget {self.year}"

    @property
    def amount(self) -> Decimal:
        return currencies.from_minor(self.amount_minor, self.fund.base_currency_id)


class Scale(models.Model):
    """A year's scale of assessment, computed by engines/assessment from a UN scale."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    floor = models.CharField(_("floor"), max_length=20)
    ceiling = models.CharField(_("ceiling"), max_length=20)
    decimals = models.PositiveSmallIntegerField(_("decimals"))
    source = models.CharField(_("UN scale file"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Scale {self.year}"


class ScaleRate(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="rates")
    member = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="scale_rates")
    un_rate = models.CharField(max_length=40)
    rate = models.CharField(max_length=40)  # percent, exactly `decimals` decimals, as written

    class Meta:
        ordering = ["member__name"]
        constraints = [models.UniqueConstraint(fields=["scale", "member"],
                                               name="finance_one_rate_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.rate}"


class Assessment(models.Model):
    """A member's contribution for a year, and the ledger transaction that assessed it."""

    year = models.PositiveSmallIntegerField()
    member = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="assessments")
    rate = models.CharField(max_length=40)
    amount_minor = models.BigIntegerField()
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["year", "member__name"]
        constraints = [models.UniqueConstraint(fields=["year", "member"],
                                               name="finance_one_assessment_a_year")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year}"

    @property
    def amount(self) -> Decimal:
        """In the administrative fund's currency, Swiss francs."""
        return currencies.from_minor(self.amount_minor, "CHF")


class SurplusDecision(models.TextChoices):
    CREDIT = "credit", _("Keep as a credit on the member's account")
    REFUND = "refund", _("Refund to the member")


class Payment(models.Model):
    """A member's payment as received (amount and currency) and its value in the fund's base."""

    member = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="payments")
    received_on = models.DateField(_("date"))
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    amount_minor = models.BigIntegerField()
    rate = models.DecimalField(max_digits=15, decimal_places=10)
    base_minor = models.BigIntegerField()
    surplus = models.CharField(max_length=10, choices=SurplusDecision.choices, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    transaction = models.OneToOneField(Transaction, on_delete=models.PROTECT, related_name="payment")

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"Payment {self.pk} by {self.member_id}"

    @property
    def amount(self) -> Decimal:
        return currencies.from_minor(self.amount_minor, self.currency_id)


# Voluntary contributions, the emergency revolving fund and appeals (ADR 0071).
from corridor.finance.models_voluntary import (  # noqa: E402, F401
    ALLOCATABLE,
    Agreement,
    Allocation,
    Appeal,
    AppealRequirement,
    Contribution,
    Donor,
    DonorKind,
    Earmarking,
    EmergencyAdvance,
    Receipt,
    Reimbursement,
    Sector,
)
