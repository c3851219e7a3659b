from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office, User
from corridor.access.roles import ROLE_PERMISSIONS
from corridor.cases.models import (
    AssistanceKind,
    CaseKind,
    CaseState,
    ClosureReason,
    ReferralStatus,
)
from corridor.partners.models import Partner


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


# The case list's sortable columns, as its headers name them.
COLUMN_LABELS = {"reference": _("Reference"), "for": _("For"), "kind": _("Kind"),
                 "state": _("State"), "project": _("Project"), "office": _("Office"),
                 "assigned": _("Assigned to"), "opened": _("Opened")}


class CaseFilterForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("Any")), *CaseState.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Any")), *CaseKind.choices])
    office = forms.ModelChoiceField(label=_("Office"), required=False, queryset=None,
                                    empty_label=_("Any"))
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class CaseCreateForm(forms.Form):
    """A case for a person or household already chosen (opened from their page): the form asks
    for no record number (issue 18, item 10)."""

    project = forms.ModelChoiceField(label=_("Project"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of case"), choices=CaseKind.choices)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)

    def __init__(self, *args, projects, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class TransitionForm(VersionedForm):
    to = forms.ChoiceField(widget=forms.HiddenInput, choices=CaseState.choices)
    reason = forms.CharField(label=_("Reason"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)

    def __init__(self, *args, to: str, open_work=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if to == CaseState.CLOSED:
            self.fields["reason"] = forms.ChoiceField(label=_("Reason for closing"),
                                                      choices=ClosureReason.choices)
            if open_work:
                # Asked, not defaulted: closing must not cancel work nobody chose to cancel.
                self.fields["open_work"] = forms.BooleanField(
                    label=_("Cancel the planned assistance (releasing its money) and withdraw "
                            "the open referrals"), required=False)
        elif to not in (CaseState.REJECTED, CaseState.OPEN):
            del self.fields["reason"]
            del self.fields["note"]
        else:
            self.fields["reason"].required = True
            del self.fields["note"]


def case_workers_for(office: Office):
    """Users holding cases.edit in the office or an office above it."""
    roles = [role for role, permissions in ROLE_PERMISSIONS.items() if "cases.edit" in permissions]
    ancestors = [int(part) for part in office.path.strip("/").split("/") if part]
    return (User.objects.filter(is_active=True, memberships__role__in=roles,
                                memberships__office_id__in=ancestors)
            .distinct().order_by("username"))


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False,
                                      empty_label=_("Nobody"))

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = case_workers_for(office)


class BulkTransferForm(forms.Form):
    """The receiving office and the reason: of one case (TransferForm) or of the cases ticked
    on the list, where only offices every one of them may go to are offered."""

    office = forms.ModelChoiceField(label=_("Transfer to office"), queryset=None)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea,
                             help_text=_("The receiving office reads this before it accepts."))

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices.order_by("code")


class TransferForm(VersionedForm, BulkTransferForm):
    pass


class TransferDeclineForm(VersionedForm):
    reason = forms.CharField(label=_("Reason for declining"), widget=forms.Textarea)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("PDF, JPEG, PNG, DOCX or XLSX, up to 10 MB."))


class AssistanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of assistance"), choices=AssistanceKind.choices)
    planned_cost = forms.DecimalField(label=_("Planned cost"), max_digits=12, decimal_places=2,
                                      min_value=0)
    description = forms.CharField(label=_("Description"), required=False, max_length=255)
    beneficiary = forms.ModelChoiceField(label=_("Beneficiary"), queryset=None, required=False)

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].queryset = people


class DeliverForm(VersionedForm):
    actual_cost = forms.DecimalField(label=_("Actual cost"), max_digits=12, decimal_places=2,
                                     min_value=0)
    delivered_on = forms.DateField(label=_("Delivered on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


class CancelForm(VersionedForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=255)


class ReferralForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person referred"), queryset=None)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.order_by("name"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AnswerForm(VersionedForm):
    status = forms.ChoiceField(label=_("Answer"), choices=[
        (s, label) for s, label in ReferralStatus.choices if s != ReferralStatus.SENT])
    answer = forms.CharField(label=_("Partner's answer"), required=False, widget=forms.Textarea)
    answered_on = forms.DateField(label=_("Answered on"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))


class BulkAssignForm(forms.Form):
    """Assign the selected cases: only workers who may work on every one of them are offered."""

    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False,
                                      empty_label=_("Nobody"))

    def __init__(self, *args, offices: list[Office], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        workers = User.objects.filter(is_active=True)
        for office in offices:
            workers = workers.filter(pk__in=case_workers_for(office).values("pk"))
        self.fields["assignee"].queryset = workers.order_by("username")
