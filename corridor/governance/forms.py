from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.finance.models import MemberState
from corridor.governance.models import (
    Choice,
    DecisionKind,
    Distribution,
    Office,
    Organ,
    SessionKind,
)
from engines.governance import ABSTAIN, DEFAULT_RULE_SET

RULE_SETS = {"constitution-1996": _("Constitution in force in 1996 (with an Executive Committee)"),
             "constitution-2013": _("Constitution as amended, in force since 2013")}


def rule_set_choices() -> list[tuple[str, str]]:
    """The shipped rule sets by their translated titles, the secretariat's own by theirs."""
    from corridor.governance.rules import available

    return [(a.key, RULE_SETS.get(a.key, a.title)) for a in available()]


class MotionExtras(forms.Form):
    """What a motion may name besides its title: the member whose vote it restores, and the
    documents it is taken on (by symbol)."""

    subject = forms.ModelChoiceField(
        label=_("Member whose vote is restored"), required=False,
        queryset=MemberState.objects.all(),
        help_text=_("Only for a restoration of voting rights."))
    documents = forms.CharField(label=_("Documents (symbols)"), required=False, max_length=400,
                                help_text=_("e.g. MC/1868, MC/INF/245"))

    def clean_documents(self) -> list[str]:
        raw = self.cleaned_data.get("documents") or ""
        return [s.strip() for s in raw.replace(";", ",").split(",") if s.strip()]


class SessionForm(forms.Form):
    organ = forms.ChoiceField(label=_("Organ"), choices=Organ.choices)
    number = forms.IntegerField(label=_("Number"), min_value=1)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), required=False, max_length=120)
    rule_set = forms.ChoiceField(label=_("Rules"), initial=DEFAULT_RULE_SET, choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].choices = rule_set_choices()


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(label=_("Delegations present"), coerce=int,
                                             required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(m.pk, f"{m.name} ({m.iso3})") for m in members]


NOT_VOTING = ""


class RollCallForm(MotionExtras):
    """One choice per delegation present; "—" for one that does not vote."""

    title = forms.CharField(label=_("Motion"), max_length=300)
    decision_kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    field_order = ["title", "decision_kind", "subject", "documents"]

    def __init__(self, *args, present, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        self.codes = []
        for member in present:
            name = f"vote_{member.iso3}"
            self.codes.append((name, member.iso3))
            self.fields[name] = forms.ChoiceField(
                label=f"{member.name} ({member.iso3})", required=False,
                choices=[(NOT_VOTING, "—"), *Choice.choices])

    def choices(self) -> dict[str, str]:
        return {code: self.cleaned_data[name] for name, code in self.codes
                if self.cleaned_data.get(name)}


class ElectionForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"), choices=Office.choices)
    candidates = forms.CharField(label=_("Candidates"), widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("One per line."))

    def names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["candidates"].splitlines()
                if line.strip()]


class CastForm(forms.Form):
    member = forms.ChoiceField(label=_("Delegation voting"))
    choice = forms.ChoiceField(label=_("Ballot"))

    def __init__(self, *args, voters, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = voters
        self.fields["choice"].choices = [*[(c, c) for c in candidates],
                                         (ABSTAIN, _("Abstention"))]


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt code"), max_length=20)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=300)
    additional = forms.BooleanField(label=_("Additional item requested by members"),
                                    required=False)
    requested_by = forms.ModelMultipleChoiceField(
        label=_("Requested by"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple)
    memorandum = forms.CharField(label=_("Explanatory memorandum"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    document = forms.CharField(label=_("Document symbol"), required=False, max_length=40)

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requested_by"].queryset = members


class DocumentForm(forms.Form):
    symbol = forms.CharField(label=_("Symbol"), max_length=40, help_text=_("e.g. MC/1868"))
    title = forms.CharField(label=_("Title"), max_length=300)
    issued_on = forms.DateField(label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"}))
    languages = forms.MultipleChoiceField(
        label=_("Languages"), widget=forms.CheckboxSelectMultiple,
        choices=[("en", _("English")), ("fr", _("French")), ("es", _("Spanish")),
                 ("ar", _("Arabic"))])
    distribution = forms.ChoiceField(label=_("Distribution"), choices=Distribution.choices)


class HandsForm(MotionExtras):
    title = forms.CharField(label=_("Motion"), max_length=300)
    decision_kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    field_order = ["title", "decision_kind", "subject", "documents"]
    yes = forms.IntegerField(label=_("Yes"), min_value=0)
    no = forms.IntegerField(label=_("No"), min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)
