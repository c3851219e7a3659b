from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from corridor.access.models import OfficeKind
from corridor.access.roles import TOKEN_SCOPES, Role
from corridor.core.models import AuditAction


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username",
                                                             "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.CharField(
        label=_("Authentication code"), required=False, max_length=8,
        help_text=_("The six digits from your authenticator app, if you have set one up."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=[(s, s) for s in TOKEN_SCOPES],
        widget=forms.CheckboxSelectMultiple,
    )
    expires_in_days = forms.IntegerField(label=_("Expires after (days)"), min_value=1,
                                         max_value=365, initial=90)

    def __init__(self, *args, allowed_scopes: set[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Offer only what the user's roles allow; the service refuses the rest anyway.
        self.fields["scopes"].choices = [(s, s) for s in TOKEN_SCOPES if s in allowed_scopes]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("User"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("Any")), *list(AuditAction.choices)])
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))


    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Any")), *record_types()]


# Audited names that are not a model's: a backup, the flows figures an analyst read.
OTHER_RECORD_TYPES = {"corridor.backup": _("Backup"), "flows.aggregate": _("Flow figures")}


def record_types() -> list[tuple[str, str]]:
    """Every kind of record the trail names, as `app.model` (what audit_record writes), labelled
    with the model's name in the reader's language; the project's apps only."""
    types = {model._meta.label_lower: str(model._meta.verbose_name)
             for model in apps.get_models() if model.__module__.startswith("corridor.")}
    types |= {code: str(label) for code, label in OTHER_RECORD_TYPES.items()}
    return sorted(((code, f"{label[:1].upper()}{label[1:]} ({code})") for code, label in types.items()),
                  key=lambda choice: choice[1].casefold())


class OfficeForm(forms.Form):
    """A new office below one the administrator manages, or the editable facts of one."""

    parent = forms.ModelChoiceField(label=_("Parent office"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"))
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=120)
    country = forms.CharField(label=_("Country (ISO3)"), min_length=3, max_length=3)

    def __init__(self, *args, parents=None, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # where an office sits in the tree stays
            del self.fields["parent"], self.fields["kind"]
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        else:
            self.fields["parent"].queryset = parents
            self.fields["kind"].choices = [c for c in OfficeKind.choices if c[0] != OfficeKind.HEADQUARTERS]


class StaffCreateForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(label=_("Initial password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class MembershipForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
