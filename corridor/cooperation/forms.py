"""The cooperation pages' forms: they parse; the services decide and refuse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.cooperation.models import FollowUpOutcome, RequestStatus
from corridor.cooperation.models.returns import OCCUPATION_CHOICES
from corridor.jobs.models import EDUCATION_CHOICES

DATE = forms.DateInput(attrs={"type": "date"})


class RequestForm(forms.Form):
    office = forms.ModelChoiceField(queryset=None, label=_("Office"))
    country = forms.CharField(label=_("Country (ISO 3166 alpha-3)"), max_length=3)
    institution = forms.CharField(label=_("Institution"), max_length=200)
    subject = forms.CharField(label=_("Subject"), max_length=255)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class AssessForm(forms.Form):
    assessment = forms.CharField(label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("Assessed on"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecideForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=[
        (RequestStatus.ACCEPTED, _("Accept")), (RequestStatus.DECLINED, _("Decline")),
        (RequestStatus.COMPLETED, _("Mark completed"))])
    note = forms.CharField(label=_("Reason"), required=False, max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MissionForm(forms.Form):
    terms_of_reference = forms.CharField(label=_("Terms of reference"),
                                         widget=forms.Textarea(attrs={"rows": 3}))
    experts = forms.CharField(label=_("Experts"), max_length=500)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)


class ReportForm(forms.Form):
    report = forms.FileField(label=_("Report (PDF)"))


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    validity_months = forms.IntegerField(label=_("Certificates valid for (months)"),
                                         required=False, min_value=1, max_value=120)
    pass_mark = forms.IntegerField(label=_("Post-test pass mark"), required=False,
                                   min_value=0, max_value=100)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class ParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("Name as printed on the certificate"), max_length=200)
    institution = forms.CharField(label=_("Institution"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)


class EvaluationForm(forms.Form):
    rating = forms.IntegerField(label=_("Overall rating (1 to 5)"))
    relevance = forms.IntegerField(label=_("Relevance to the work (1 to 5)"))
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class IssueForm(forms.Form):
    on = forms.DateField(label=_("Issued on"), widget=DATE)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=255)


class NeedForm(forms.Form):
    office = forms.ModelChoiceField(queryset=None, label=_("Office"))
    country = forms.CharField(label=_("Country (ISO 3166 alpha-3)"), max_length=3)
    occupation = forms.ChoiceField(label=_("Occupation (ISCO-08)"), choices=OCCUPATION_CHOICES)
    institution = forms.CharField(label=_("Institution"), max_length=200)
    languages = forms.CharField(label=_("Languages (ISO 639 codes, comma separated)"),
                                required=False)
    education_level = forms.ChoiceField(label=_("Minimum education"), required=False,
                                        choices=[("", "—"), *EDUCATION_CHOICES])
    years_wanted = forms.IntegerField(label=_("Years of experience wanted"), min_value=0,
                                      max_value=60, initial=0)
    posts = forms.IntegerField(label=_("Number of posts"), min_value=1, initial=1)

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class CandidateForm(forms.Form):
    person = forms.IntegerField(label=_("Person (registry number)"))
    case = forms.IntegerField(label=_("Case (number)"))
    residing_in = forms.CharField(label=_("Country of residence (ISO alpha-3)"), max_length=3)
    returning_to = forms.CharField(label=_("Country of return (ISO alpha-3)"), max_length=3,
                                   required=False)
    occupation = forms.ChoiceField(label=_("Occupation (ISCO-08)"), choices=OCCUPATION_CHOICES)


class PlacementForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    position = forms.CharField(label=_("Position"), max_length=200)
    placed_on = forms.DateField(label=_("Starts on"), widget=DATE)


class FollowUpForm(forms.Form):
    follow_up = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FollowUpOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)
