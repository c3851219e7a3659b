from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The portal's editorial side: pages for portal editors and the governance secretariat
    (drafts, review, publication, revisions, translations, files, consent, link checks). It holds
    no model: the content is corridor.portal's (ADR 0090)."""

    name = "corridor.editorial"
    label = "editorial"
    verbose_name = _("Portal editing")

    def ready(self) -> None:
        from corridor.editorial import tasks  # noqa: F401 - registers its task kind
