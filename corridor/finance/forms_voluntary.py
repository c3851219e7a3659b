"""Forms of voluntary contributions, the emergency fund and appeals (ADR 0071): they only shape
input; the services check it and name the field of every refusal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.finance import currencies
from corridor.finance.forms import DATE, _amount
from corridor.finance.models import (
    AppealRequirement,
    Contribution,
    DonorKind,
    Earmarking,
    Sector,
)
from corridor.movements.models import Operation
from corridor.partners.models import Partner, Project


class DonorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DonorKind.choices)
    iso3 = forms.CharField(label=_("Country (ISO 3166-1 alpha-3, governments only)"),
                           max_length=3, required=False)
    iati_ref = forms.CharField(label=_("IATI organisation identifier"), max_length=100,
                               required=False)


class AgreementForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)


class PledgeForm(forms.Form):
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=None)
    reference = forms.CharField(label=_("Reference"), max_length=26)
    earmarking = forms.TypedChoiceField(label=_("Earmarking"), coerce=int,
                                        choices=Earmarking.choices)
    amount = _amount(_("Amount pledged"))
    currency = forms.ChoiceField(label=_("Currency"), choices=currencies.choices, initial="USD")
    pledged_on = forms.DateField(label=_("Pledged on"), widget=DATE)
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.order_by("code"),
                                     required=False)
    operation = forms.ModelChoiceField(label=_("Operation"), required=False,
                                       queryset=Operation.objects.order_by("reference"))
    requirement = forms.ModelChoiceField(
        label=_("Appeal requirement"), required=False,
        queryset=AppealRequirement.objects.select_related("appeal", "agency"))
    earmarked_for = forms.CharField(label=_("Earmarked for (region, theme, activities)"),
                                    max_length=200, required=False)

    def __init__(self, *args, donors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["donor"].queryset = donors


class CommitForm(forms.Form):
    agreement = forms.ModelChoiceField(label=_("Signed agreement"), queryset=None)
    committed_on = forms.DateField(label=_("Committed on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount committed (empty: as pledged)"), max_digits=19,
                                decimal_places=4, required=False)

    def __init__(self, *args, agreements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    amount = _amount(_("Amount received"))
    currency = forms.ChoiceField(label=_("Currency"), choices=currencies.choices, initial="USD")
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class AllocationForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.order_by("code"))
    amount = _amount(_("Amount (in the contribution's currency)"))
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reason = forms.CharField(label=_("Why this project"), max_length=300)


class AllocationReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)


class CapitalForm(forms.Form):
    amount = _amount(_("Amount (USD)"))
    booked_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("Where the capital comes from"), max_length=300)


class AdvanceForm(forms.Form):
    operation = forms.ModelChoiceField(label=_("Emergency operation"),
                                       queryset=Operation.objects.order_by("reference"))
    amount = _amount(_("Amount (USD)"))
    advanced_on = forms.DateField(label=_("Advanced on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    pledges = forms.ModelMultipleChoiceField(
        label=_("Pledges that back it"), required=False,
        queryset=Contribution.objects.filter(operation__isnull=False).select_related("donor"))


class AppealForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)
    launched_on = forms.DateField(label=_("Launched on"), widget=DATE)


class RequirementForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency (empty: this organisation)"),
                                    queryset=Partner.objects.order_by("name"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    amount = _amount(_("Requirement (USD)"))
