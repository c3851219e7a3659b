"""Who sees and edits which projects: the office scope of projects.view and projects.edit."""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.policies import can_in_office, offices_for
from corridor.partners.models import Project


def projects_visible_to(user) -> QuerySet[Project]:
    return Project.objects.filter(office__in=offices_for(user, "projects.view"))


def can(user, action: str, project: Project) -> bool:
    return can_in_office(user, f"projects.{action}", project.office_id)
