"""What every app's records share: a version for concurrent edits, and the audit trail."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from corridor.core.append_only import AppendOnly


@lru_cache(maxsize=1024)
def _choice_labels(field: models.Field, language: str | None) -> dict:
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


def choice_labels(field: models.Field) -> dict:
    """value → label of a field's choices, in the active language (built once per language)."""
    return _choice_labels(field, get_language())


class ChoiceLabelsModel(models.Model):
    """`get_FOO_display()` from a table of labels per field and language.

    Django's own builds the table again at every call, translating every label of the field:
    a list of 50 people showing their category made 550 translations (a third of the page)."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> str:
        value = getattr(self, field.attname)
        labels = choice_labels(field)
        return labels.get(make_hashable(value), force_str(value, strings_only=True))


class VersionedModel(ChoiceLabelsModel):
    """A record edited by people: each write bumps `version`, and a stale write is refused."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    VIEW = "view", _("Viewed")
    EXPORT = "export", _("Exported")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out")
    LOGOUT = "logout", _("Logged out")
    # An attempt on a record that exists but lies outside the user's scope (it answered 404).
    REFUSED = "refused", _("Refused")


class AuditEvent(AppendOnly, models.Model):
    """Append-only: the model refuses updates and deletes, and so does a database trigger."""

    append_only_message = "audit events are append-only"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The name at the time, so the trail reads the same if the account is renamed.
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    office_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    via = models.CharField(max_length=10, blank=True)  # page, api, command

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"


class AuditEventOffice(AppendOnly, models.Model):
    """An office whose records an event showed or exported: a list or an export spans several,
    and each office's administrators see the event (who listed or exported their people).
    Append-only with its event."""

    append_only_message = "audit events are append-only"

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="office_links")
    office_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "office_id"],
                                               name="audit_event_office_unique")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.office_id}"


class IdempotencyRecord(models.Model):
    """A create sent with an Idempotency-Key: which record it made, never the answer itself.

    A replay reads that record again through the audited selector (scope and audit apply, and
    no personal data sits here in plain text). Kept 24 hours (core/idempotency.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    endpoint = models.CharField(max_length=200)
    status_code = models.PositiveSmallIntegerField()
    object_type = models.CharField(max_length=60)
    object_id = models.BigIntegerField()
    # A keyed hash (HMAC) of the canonical request: a replay must be the same request.
    request_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "endpoint"], name="idempotency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"
