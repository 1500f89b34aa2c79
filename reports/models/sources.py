from django.db import models
from simple_history.models import HistoricalRecords

from reports.choices import SourceKind
from reports.models.common import CitedQuerySet, TimeStamped, choices_constraint


class Source(TimeStamped):
    """One document that facts come from: an article, a post, a statement, an assessment."""

    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, null=True, blank=True, unique=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(
        max_length=16, default="en", help_text="BCP 47 language tag, e.g. en, uk, ru."
    )
    kind = models.CharField(max_length=32, choices=SourceKind, default=SourceKind.NEWS_ARTICLE)
    notes = models.TextField(blank=True, help_text="What a curator should know about this document.")

    objects = CitedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "id"]
        constraints = [choices_constraint("kind", SourceKind)]

    def __str__(self) -> str:
        return self.title
