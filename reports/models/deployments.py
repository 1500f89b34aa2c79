from django.db import models
from django.db.models import F, OuterRef, Q
from simple_history.models import HistoricalRecords

from reports.choices import DatePrecision, DeploymentStatus
from reports.constraints import FieldCheckConstraint
from reports.models.common import (
    Claim,
    ClaimQuerySet,
    DateSpan,
    Reviewed,
    ReviewedQuerySet,
    TimeStamped,
    choices_constraint,
    claim_constraints,
    date_span_constraints,
    overlapping_span,
    review_constraints,
    review_permission,
    visible_along,
    visible_prefetch,
)


class ForceDeploymentQuerySet(ReviewedQuerySet):
    def for_api(self, *, viewer):
        # The two actors and the place: brief on every row. Sources, and the statuses,
        # strengths and losses the viewer may see: one query each for the whole page.
        return (
            self.visible_to(viewer)
            .select_related("deploying_actor", "supported_actor", "location")
            .prefetch_related(
                "sources",
                *(
                    visible_prefetch(self, lookup, viewer)
                    for lookup in ("statuses", "strengths", "casualties")
                ),
            )
        )


class ForceDeployment(TimeStamped, Reviewed):
    """A force of one actor sent to support another somewhere (North Korean troops to Russia)."""

    name = models.CharField(max_length=300)
    deploying_actor = models.ForeignKey(
        "reports.Actor", on_delete=models.PROTECT, related_name="deployments_sent"
    )
    supported_actor = models.ForeignKey(
        "reports.Actor", on_delete=models.PROTECT, related_name="deployments_received"
    )
    location = models.ForeignKey(
        "reports.Location", null=True, blank=True, on_delete=models.PROTECT, related_name="deployments"
    )
    purpose = models.TextField(
        blank=True, help_text='What the force was sent for, e.g. "to assist the offensive".'
    )
    description = models.TextField(blank=True)
    # A deployment's own start and end are often unknown to the source; its statuses
    # and figures carry the dates that were reported.
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=16, choices=DatePrecision, default=DatePrecision.APPROXIMATE)
    sources = models.ManyToManyField("reports.Source", related_name="deployments")

    objects = ForceDeploymentQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["sources"])

    class Meta:
        ordering = ["name", "id"]
        permissions = [review_permission("forcedeployment", "force deployments")]
        constraints = [
            *review_constraints(),
            FieldCheckConstraint(
                field="date_end",
                condition=Q(date_end__gte=F("date_start")),
                name="%(app_label)s_%(class)s_date_end_after_start",
                violation_error_message="The end date must not be before the start date.",
            ),
            choices_constraint("date_precision", DatePrecision),
            FieldCheckConstraint(
                field="supported_actor",
                condition=~Q(supported_actor=F("deploying_actor")),
                name="%(app_label)s_%(class)s_supports_another",
                violation_error_message="A force is deployed to support another actor.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ForceDeploymentStatusQuerySet(ClaimQuerySet):
    def rival_condition(self, viewer) -> Q:
        # Statuses of the same deployment claimed for at least one common day; none for a draft
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


class ForceDeploymentStatus(TimeStamped, Reviewed, DateSpan, Claim):
    """One claim of what state a deployment was in over a span (deployed, withdrawn from the front)."""

    deployment = models.ForeignKey(ForceDeployment, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=32, choices=DeploymentStatus)
    phrase = models.CharField(
        max_length=500,
        blank=True,
        help_text='The claim in the source\'s words, e.g. "have likely withdrawn".',
    )
    evidence = models.TextField(
        blank=True,
        help_text='What the claim rests on, e.g. "not seen on the front lines for over three weeks".',
    )

    objects = ForceDeploymentStatusQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["claimants", "sources"])

    class Meta:
        ordering = ["date_start", "id"]
        verbose_name_plural = "force deployment statuses"
        permissions = [review_permission("forcedeploymentstatus", "force deployment statuses")]
        constraints = [
            *review_constraints(),
            *date_span_constraints(),
            *claim_constraints(),
            choices_constraint("status", DeploymentStatus),
        ]

    def __str__(self) -> str:
        return f"{self.deployment}: {self.get_status_display()}"
