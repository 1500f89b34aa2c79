from django.db import models
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from reports.choices import ActorKind
from reports.models.common import CitedQuerySet, TimeStamped, choices_constraint


class ActorQuerySet(CitedQuerySet):
    def for_api(self, *, viewer=None):
        # The parent is shown nested and brief on every row.
        return self.select_related("parent")


class Actor(TimeStamped):
    """A state, armed force, unit, organisation, intelligence service or person."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=ActorKind)
    country = CountryField(blank=True, help_text="ISO 3166-1 alpha-2 code, e.g. UA, RU, KP.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="What this actor is part of (a unit's armed force, a person's organisation).",
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="A person's current role; statements keep the role at the time."
    )
    description = models.TextField(blank=True)

    objects = ActorQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        constraints = [choices_constraint("kind", ActorKind)]

    def __str__(self) -> str:
        return self.name
