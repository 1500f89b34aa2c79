from django.db import models
from simple_history.models import HistoricalRecords

from reports.models.common import CitedQuerySet, TimeStamped


class WeaponQuerySet(CitedQuerySet):
    def for_api(self, *, viewer=None):
        # The broader kind is shown brief on every row.
        return self.select_related("parent")


class Weapon(TimeStamped):
    """One kind of weapon in the shared vocabulary (missile, strike drone, aerial bomb)."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The broader kind (a cruise missile is a missile).",
    )
    description = models.TextField(blank=True)

    objects = WeaponQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TargetType(TimeStamped):
    """One kind of thing that was hit (residential building, energy infrastructure)."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = CitedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
