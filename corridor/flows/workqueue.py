"""Flows' part of the home page's work queue: surge alerts not yet acknowledged at the points of
the user's offices (counts only), and imports waiting for this user's review."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.access.policies import offices_for
from corridor.access.workqueue import counted, register_source
from corridor.flows import policies
from corridor.flows.models import ImportBatch, PublicationStatus


def _items(user):
    alerts = policies.alerts_visible_to(user).filter(acknowledged_at__isnull=True)
    # Drafts another analyst imported in an office where this user may publish (ADR 0032: no
    # one reviews their own upload).
    to_review = (ImportBatch.objects.filter(status=PublicationStatus.DRAFT,
                                            office__in=offices_for(user, "flows.publish"))
                 .exclude(created_by_id=user.pk))
    return [counted("flows.surges", _("Surge alerts to acknowledge"), alerts, "created_at",
                    reverse("flows:alert_list"), alert=True),
            counted("flows.review", _("Flow imports to review"), to_review, "created_at",
                    reverse("flows:import_list"))]


def register() -> None:
    register_source("flows", _items)
