"""Offices, staff, their roles in offices, API tokens, and the login throttle."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.access.roles import Role
from corridor.core.models import VersionedModel
from corridor.geo import countries
from corridor.geo.codes import validate_iso3


class OfficeKind(models.TextChoices):
    HEADQUARTERS = "hq", _("Headquarters")
    REGIONAL = "regional", _("Regional office")
    COUNTRY = "country", _("Country office")
    SUB_OFFICE = "sub", _("Sub-office")


class Office(VersionedModel):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=OfficeKind.choices)
    country = models.CharField(_("country"), max_length=3, validators=[validate_iso3])
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent office"),
    )
    # Materialised path of ids ("1/4/9/"): a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["path"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    @property
    def country_name(self) -> str:
        """The office's country in the reader's language, as every page names a country."""
        return countries.country_name(self.country)


class User(AbstractUser):
    """Staff. What a user may see comes from memberships: a role held in an office."""

    offices = models.ManyToManyField(Office, through="Membership", related_name="staff")
    # The interface language the user last chose (signing in, or the language switcher): what
    # the e-mails of their work queue are written in.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # When their last e-mail of what waits was sent: the next names only what is newer.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "office", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.office}"


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", pgettext_lazy("role request", "Approved")
    DECLINED = "declined", pgettext_lazy("role request", "Declined")


class RoleGrantRequest(models.Model):
    """A role that sees personal data, asked for by one administrator: it takes effect only
    when a second administrator whose scope covers the office approves it (four eyes)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grant_requests",
                             verbose_name=_("user"))
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("office"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices,
                              default=GrantStatus.PENDING)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "office", "role"],
                                    condition=models.Q(status="pending"),
                                    name="grant_request_one_pending")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.office} ({self.status})"


class ApiToken(models.Model):
    """A personal access token. Only a SHA-256 digest is kept; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginThrottle(models.Model):
    """Sign-in attempts counted against one key: an account name from one address, an address
    across all names, or an account name across all addresses (access.authentication). Names
    that do not exist are counted too, so a lockout reveals nothing. Rows are counted with one
    atomic UPDATE each, before the password is checked."""

    key = models.CharField(max_length=255, unique=True)
    failures = models.PositiveIntegerField(default=0)
    # The count runs out LOGIN_LOCKOUT_MINUTES after the last counted attempt.
    last_failure_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.failures} failures"


class LoginFailureTally(models.Model):
    """Failed sign-ins in aggregate: one counter per account name, address and hour, instead of
    one audit event per attempt (anyone can attempt, and the trail is append-only)."""

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=45)
    window_start = models.DateTimeField(db_index=True)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username", "address", "window_start"],
                                    name="login_failure_tally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.window_start}: {self.failures}"


class SavedFilter(models.Model):
    """A list's filters kept under a name by one user (issue 18, item 12): the query string of
    the list, restricted to the filter fields the list declares (never free text that could name
    a person), shown to that user only."""

    user = models.ForeignKey("access.User", on_delete=models.CASCADE, related_name="saved_filters")
    page = models.CharField(_("list"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "page", "name"],
                                               name="saved_filter_unique_name")]

    def __str__(self) -> str:
        return self.name
