from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.finance import currencies
from corridor.finance.models import SurplusDecision

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=19, decimal_places=4)


class RateForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=currencies.choices)
    base = forms.ChoiceField(label=_("Base currency"), choices=currencies.choices, initial="CHF")
    day = forms.DateField(label=_("Date"), widget=DATE)
    rate = forms.DecimalField(label=_("Rate (one unit of the currency in the base currency)"),
                              max_digits=15, decimal_places=10)
    source = forms.CharField(label=_("Source"), max_length=200,
                             help_text=_("Who published the rate: a central bank, the UN."))


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    booked_on = forms.DateField(label=_("Date of the reversal"), required=False, widget=DATE,
                                help_text=_("Leave empty for the date of the transaction."))


class MemberForm(forms.Form):
    iso3 = forms.CharField(label=_("ISO 3166-1 alpha-3 code"), max_length=3)
    name = forms.CharField(label=_("Name"), max_length=200)
    admitted = forms.DateField(label=_("Admitted"), required=False, widget=DATE)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)
    amount = _amount(_("Administrative budget (CHF)"))
    adopted = forms.DateField(label=_("Adopted on"), widget=DATE)


class ScaleForm(forms.Form):
    un_scale = forms.FileField(label=_("UN scale (CSV with columns iso3, un_rate)"))
    floor = forms.DecimalField(label=_("Floor (percent)"), initial=0, min_value=0,
                               max_digits=33, decimal_places=30)
    ceiling = forms.DecimalField(label=_("Ceiling (percent)"), initial=100, min_value=0,
                                 max_digits=33, decimal_places=30)
    decimals = forms.IntegerField(label=_("Decimals"), initial=3, min_value=0, max_value=30)


class AssessForm(forms.Form):
    booked_on = forms.DateField(label=_("Date of the assessment"), widget=DATE)


class PaymentForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    amount = _amount(_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=currencies.choices, initial="CHF")
    surplus = forms.ChoiceField(
        label=_("If it is more than is owed"), required=False,
        choices=[("", _("Refuse the payment")), *SurplusDecision.choices])
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class JournalForm(forms.Form):
    booked_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=300)


class JournalLineForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=None, required=False)
    account = forms.ModelChoiceField(label=_("Account"), queryset=None, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=[("", "—"), *currencies.choices()],
                                 required=False)
    amount = forms.DecimalField(label=_("Amount (debit positive, credit negative)"),
                                max_digits=19, decimal_places=4, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999, required=False)

    def __init__(self, *args, funds, accounts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds
        self.fields["account"].queryset = accounts

    @property
    def filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(k) not in (None, "") for k in ("account", "currency", "amount"))


JournalLines = forms.formset_factory(JournalLineForm, extra=6, max_num=40)
