from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.governance.models import Choice, DecisionKind, Organ, SessionKind
from engines.governance import DEFAULT_RULE_SET, SHIPPED

RULE_SETS = {"constitution-1996": _("Constitution in force in 1996 (with an Executive Committee)"),
             "constitution-2013": _("Constitution as amended, in force since 2013")}


class SessionForm(forms.Form):
    organ = forms.ChoiceField(label=_("Organ"), choices=Organ.choices)
    number = forms.IntegerField(label=_("Number"), min_value=1)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), required=False, max_length=120)
    rule_set = forms.ChoiceField(label=_("Rules"), initial=DEFAULT_RULE_SET,
                                 choices=[(key, RULE_SETS[key]) for key in SHIPPED])


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(label=_("Delegations present"), coerce=int,
                                             required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(m.pk, f"{m.name} ({m.iso3})") for m in members]


NOT_VOTING = ""


class RollCallForm(forms.Form):
    """One choice per delegation present; "—" for one that does not vote."""

    title = forms.CharField(label=_("Motion"), max_length=300)
    decision_kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)

    def __init__(self, *args, present, **kwargs) -> None:
        super().__init__(*args, **kwargs)
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
