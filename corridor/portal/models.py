"""The portal's content: one table of items of every kind (their common fields, texts per
language and the fields of each kind in `details`, checked against the kind's schema in
corridor/portal/kinds.py), their countries and subjects (for browsing and facets), files,
revisions, public change history, researchers' consent and the search index (ADR 0090).

Nothing here is about a person except researchers, who are listed only with their consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.append_only import AppendOnly


class Kind(models.TextChoices):
    LEGISLATION = "legislation", _("Legislation")
    STRUCTURE = "structure", _("Administrative structure")
    MEETING = "meeting", _("Meeting or event")
    PUBLICATION = "publication", _("Publication")
    RESEARCHER = "researcher", _("Researcher")
    PROJECT = "project", _("Research project")
    CAMPAIGN = "campaign", _("Information campaign")
    LINK = "link", _("Link")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Item(models.Model):
    """What the public sees is the last published revision applied here; drafts and reviews of
    changes wait in Revision until published (a never-published item is not public at all)."""

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    slug = models.SlugField(max_length=120, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    source_language = models.CharField(max_length=8)
    title = models.JSONField(default=dict)
    summary = models.JSONField(default=dict, blank=True)
    body = models.JSONField(default=dict, blank=True)  # sanitised HTML per language
    details = models.JSONField(default=dict, blank=True)
    date = models.DateField(null=True, blank=True)  # enacted, held, issued, started
    end_date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    # Public from this moment (scheduled publication of a first version): set when published.
    live_from = models.DateTimeField(null=True, blank=True, db_index=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # False hides the item whatever its status: a researcher without recorded, unwithdrawn consent.
    listed = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["status", "kind", "live_from"], name="portal_item_public"),
                   # Newest first, by kind or all: the home page, browsing, feeds, the date sort.
                   models.Index(fields=["kind", "-date", "-id"], name="portal_item_kind_date"),
                   models.Index(fields=["-date", "-id"], name="portal_item_date")]

    def __str__(self) -> str:
        return self.slug


def public_q(now=None) -> Q:
    """The items anyone may read: published, live, and listed."""
    return Q(status=Status.PUBLISHED, listed=True, live_from__lte=now or timezone.now())


class ItemCountry(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(max_length=3, db_index=True)  # ISO 3166 alpha-3
    region = models.CharField(max_length=3, blank=True, db_index=True)  # UN M49, from the country

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "country"], name="portal_item_country")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.country}"


class ItemSubject(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="subjects")
    subject = models.CharField(max_length=40, db_index=True)  # a code of corridor.portal.subjects

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "subject"], name="portal_item_subject")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.subject}"


class ItemFile(models.Model):
    """A publication's file or a meeting's document. Public once its item is published."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="files")
    title = models.JSONField(default=dict)
    language = models.CharField(max_length=8)
    file = models.FileField(upload_to="portal/%Y/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    public = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.file.name


class RevisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class Revision(models.Model):
    """A whole snapshot of an item's content (texts, details, countries, subjects, dates)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    state = models.CharField(max_length=20, choices=RevisionState.choices, default=RevisionState.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=255, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    publish_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="portal_revision_number")]

    def __str__(self) -> str:
        return f"{self.item_id} r{self.number}"


class PublicChange(AppendOnly, models.Model):
    """The public change history of an item: one line per publication, never changed."""

    append_only_message = "the public change history is append-only"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="changes")
    revision = models.PositiveIntegerField()
    at = models.DateTimeField()
    note = models.CharField(max_length=255, blank=True)
    languages = models.JSONField(default=list)

    class Meta:
        ordering = ["-at", "-revision"]

    def __str__(self) -> str:
        return f"{self.item_id} r{self.revision}"


class ResearcherConsent(AppendOnly, models.Model):
    """A researcher's consent to be listed, or its withdrawal: the latest row decides."""

    append_only_message = "consent records are append-only"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField()  # False: withdrawn
    at = models.DateTimeField(default=timezone.now)
    how = models.CharField(max_length=255)  # "signed form of 3 March", "e-mail of …"
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.given}"


class LinkCheck(models.Model):
    """The last check of a link's address by the link-check task."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="link_check")
    url = models.URLField(max_length=500)
    checked_at = models.DateTimeField()
    ok = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True)
    error = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.url


class SearchEntry(models.Model):
    """One item in one language, as the index holds it: `terms` are the stems, each prefixed by
    the language code (corridor.portal.search.text). The full-text index over `terms` is the
    database's own (FTS5 table or tsvector column), made by migration per vendor."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="search_entries")
    language = models.CharField(max_length=8)
    terms = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["item", "language"], name="portal_entry_item")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.language}"
