"""Forms of the cluster review: which record stands, and the reasons for a refusal or an undo."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MergeForm(forms.Form):
    """Choose the record that stands; the versions read of every record travel as hidden
    fields (`v<person id>`) so that a record edited meanwhile refuses the merge."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    standing = forms.TypedChoiceField(label=_("Record that stands"), coerce=int,
                                      widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Note"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        self.fields["standing"].choices = [
            (p.pk, f"#{p.pk} {p.given_name} {p.family_name} ({p.office.code})")
            for p in self.people]
        for person in self.people:
            self.fields[f"v{person.pk}"] = forms.IntegerField(widget=forms.HiddenInput,
                                                              initial=person.version)

    def versions(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data[f"v{p.pk}"] for p in self.people}


class ClusterDecisionForm(forms.Form):
    """Reject a cluster, or undo its merge: both need a reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
