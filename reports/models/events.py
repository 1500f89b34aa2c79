from django.db import models
from simple_history.models import HistoricalRecords

from reports.choices import Confidence, Damage, WaveKind
from reports.models.common import (
    DateSpan,
    Reviewed,
    ReviewedQuerySet,
    TimeStamped,
    choices_constraint,
    date_span_constraints,
    review_constraints,
    review_permission,
    visible_prefetch,
)


class WaveQuerySet(ReviewedQuerySet):
    def for_api(self, *, viewer):
        # perpetrator: brief, one join. weapons, sources, and the attacks and the wave's
        # own figures that the viewer may see: one query each for the whole page.
        return (
            self.visible_to(viewer)
            .select_related("perpetrator")
            .prefetch_related(
                "weapons",
                "sources",
                visible_prefetch(self, "attacks", viewer),
                visible_prefetch(self, "casualties", viewer),
            )
        )


class Wave(TimeStamped, Reviewed, DateSpan):
    """A group of attacks of one night or one offensive (a wave of strikes, a campaign)."""

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=WaveKind, default=WaveKind.WAVE)
    description = models.TextField(blank=True)
    perpetrator = models.ForeignKey(
        "reports.Actor", null=True, blank=True, on_delete=models.PROTECT, related_name="waves"
    )
    weapons = models.ManyToManyField("reports.Weapon", blank=True, related_name="waves")
    sources = models.ManyToManyField("reports.Source", related_name="waves")

    objects = WaveQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["weapons", "sources"])

    class Meta:
        ordering = ["-date_start", "id"]
        permissions = [review_permission("wave", "waves")]
        constraints = [*review_constraints(), *date_span_constraints(), choices_constraint("kind", WaveKind)]

    def __str__(self) -> str:
        return self.name


class AttackQuerySet(ReviewedQuerySet):
    def for_api(self, *, viewer):
        # location, perpetrator and wave: one join each, shown brief on every row.
        # weapons, targets, sources, visible casualties: one query each for the whole page.
        return (
            self.visible_to(viewer)
            .select_related("location", "perpetrator", "wave")
            .prefetch_related("weapons", "targets", "sources", visible_prefetch(self, "casualties", viewer))
        )


class Attack(TimeStamped, Reviewed, DateSpan):
    """One reported strike on one place over a stated time."""

    wave = models.ForeignKey(Wave, null=True, blank=True, on_delete=models.PROTECT, related_name="attacks")
    location = models.ForeignKey("reports.Location", on_delete=models.PROTECT, related_name="attacks")
    perpetrator = models.ForeignKey(
        "reports.Actor", null=True, blank=True, on_delete=models.PROTECT, related_name="attacks"
    )
    weapons = models.ManyToManyField("reports.Weapon", blank=True, related_name="attacks")
    targets = models.ManyToManyField("reports.TargetType", blank=True, related_name="attacks")
    damage = models.CharField(max_length=16, choices=Damage, default=Damage.UNKNOWN)
    damage_description = models.CharField(
        max_length=500, blank=True, help_text='In the source\'s words, e.g. "completely destroyed".'
    )
    description = models.TextField(blank=True)
    confidence = models.CharField(max_length=16, choices=Confidence, default=Confidence.REPORTED)
    sources = models.ManyToManyField("reports.Source", related_name="attacks")

    objects = AttackQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["weapons", "targets", "sources"])

    class Meta:
        ordering = ["-date_start", "id"]
        permissions = [review_permission("attack", "attacks")]
        constraints = [
            *review_constraints(),
            *date_span_constraints(),
            choices_constraint("damage", Damage),
            choices_constraint("confidence", Confidence),
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.date_start:%Y-%m-%d}"
