from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q
from simple_history.models import HistoricalRecords

from reports.choices import AgeGroup, CasualtyKind, Population
from reports.constraints import FieldCheckConstraint
from reports.models.common import (
    Claim,
    ClaimQuerySet,
    DateSpan,
    Estimate,
    Reviewed,
    TimeStamped,
    choices_constraint,
    claim_constraints,
    date_span_constraints,
    estimate_constraints,
    overlapping_span,
    review_constraints,
    review_permission,
    visible_along,
)


class Figure(TimeStamped, Reviewed, DateSpan, Estimate, Claim):
    """A claimed number: its estimate, its dates, who claimed it and where it was published."""

    notes = models.TextField(blank=True)

    class Meta:
        abstract = True


class CasualtyQuerySet(ClaimQuerySet):
    def for_api(self, *, viewer):
        # attack, wave, deployment, statement and included_in: shown brief, one join each; the
        # figure included_in is in: its id is shown only if the viewer may see it.
        # claimants, sources, locations: one query each for the whole page.
        return (
            self.visible_to(viewer)
            .select_related("attack", "wave", "deployment", "statement", "included_in__included_in")
            .prefetch_related("claimants", "sources", "locations")
        )

    def rival_condition(self, viewer) -> Q:
        # As in the totals (reports.services.summaries): the same kind of casualty for the same
        # attack, wave or deployment (exactly one is set), population, age group and places. A
        # draft owner the viewer may not see is none for them: its figures are rivals of none.
        same_owner = Q()
        for owner in ("attack", "wave", "deployment"):
            same_owner |= Q(Q(**{owner: OuterRef(owner)}), visible_along(self.model, owner, viewer))
        return same_owner & Q(
            kind=OuterRef("kind"),
            population=OuterRef("population"),
            age_group=OuterRef("age_group"),
            places_key=OuterRef("places_key"),
        )


class Casualty(Figure):
    """One claimed casualty figure for an attack, a wave or a deployment."""

    attack = models.ForeignKey(
        "reports.Attack", null=True, blank=True, on_delete=models.CASCADE, related_name="casualties"
    )
    wave = models.ForeignKey(
        "reports.Wave", null=True, blank=True, on_delete=models.CASCADE, related_name="casualties"
    )
    deployment = models.ForeignKey(
        "reports.ForceDeployment", null=True, blank=True, on_delete=models.CASCADE, related_name="casualties"
    )
    kind = models.CharField(max_length=32, choices=CasualtyKind)
    population = models.CharField(max_length=16, choices=Population, default=Population.UNKNOWN)
    age_group = models.CharField(max_length=16, choices=AgeGroup, default=AgeGroup.ALL)
    locations = models.ManyToManyField(
        "reports.Location",
        blank=True,
        related_name="casualties",
        help_text="Where the people were, when it is not simply the attack's place.",
    )
    included_in = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsets",
        help_text="A figure that already counts these people (children among the injured).",
    )
    # The ids of ``locations``, sorted and comma-separated, kept in step with them: part of
    # what makes two figures rivals for the same fact, so that SQL can group by it.
    places_key = models.CharField(max_length=255, editable=False, default="", db_index=True)

    objects = CasualtyQuerySet.as_manager()

    history = HistoricalRecords(
        m2m_fields=["claimants", "sources", "locations"], excluded_fields=["places_key"]
    )

    class Meta:
        ordering = ["-date_start", "id"]
        verbose_name_plural = "casualties"
        permissions = [review_permission("casualty", "casualties")]
        constraints = [
            *review_constraints(),
            *date_span_constraints(),
            *estimate_constraints(),
            *claim_constraints(),
            choices_constraint("kind", CasualtyKind),
            choices_constraint("population", Population),
            choices_constraint("age_group", AgeGroup),
            FieldCheckConstraint(
                field="attack",
                condition=(
                    Q(attack__isnull=False, wave__isnull=True, deployment__isnull=True)
                    | Q(attack__isnull=True, wave__isnull=False, deployment__isnull=True)
                    | Q(attack__isnull=True, wave__isnull=True, deployment__isnull=False)
                ),
                name="%(app_label)s_%(class)s_belongs_to_one",
                violation_error_message="A figure belongs to exactly one attack, wave or deployment.",
            ),
            FieldCheckConstraint(
                field="included_in",
                condition=~Q(included_in=F("id")),
                name="%(app_label)s_%(class)s_not_inside_itself",
                violation_error_message="A figure cannot be included in itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.phrase or self.best or self.low or self.high}"

    def clean(self):
        if self.included_in_id is None:
            return
        container = self.included_in
        same_owner = (container.attack_id, container.wave_id, container.deployment_id) == (
            self.attack_id,
            self.wave_id,
            self.deployment_id,
        )
        # A city's figure may be part of the total given for its whole wave.
        in_its_wave = self.attack_id is not None and container.wave_id == self.attack.wave_id
        if not (same_owner or in_its_wave):
            raise ValidationError(
                {"included_in": "A figure can only be included in one for the same event, or for its wave."}
            )
        seen = {self.pk}
        while container is not None:
            if container.pk in seen:
                raise ValidationError({"included_in": "Figures cannot include each other."})
            seen.add(container.pk)
            container = container.included_in


class ForceStrengthQuerySet(ClaimQuerySet):
    def rival_condition(self, viewer) -> Q:
        # Strengths of the same deployment claimed for at least one common day; none for a draft
        # deployment the viewer may not see.
        return (
            Q(deployment=OuterRef("deployment"))
            & visible_along(self.model, "deployment", viewer)
            & overlapping_span()
        )

    def for_api(self, *, viewer):
        # deployment and statement: brief, one join each; claimants and sources: one query each.
        return (
            self.visible_to(viewer)
            .select_related("deployment", "statement")
            .prefetch_related("claimants", "sources")
        )


class ForceStrength(Figure):
    """One claimed number of troops in a deployment ("approximately 12,000 soldiers were sent")."""

    deployment = models.ForeignKey(
        "reports.ForceDeployment", on_delete=models.CASCADE, related_name="strengths"
    )

    objects = ForceStrengthQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["claimants", "sources"])

    class Meta:
        ordering = ["date_start", "id"]
        permissions = [review_permission("forcestrength", "force strengths")]
        constraints = [
            *review_constraints(),
            *date_span_constraints(),
            *estimate_constraints(),
            *claim_constraints(),
        ]

    def __str__(self) -> str:
        return f"{self.deployment}: {self.phrase or self.best or self.low or self.high}"
