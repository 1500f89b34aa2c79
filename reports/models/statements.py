from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from reports.choices import Channel, SpeechAct
from reports.constraints import FieldCheckConstraint
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


class StatementQuerySet(ReviewedQuerySet):
    def for_api(self, *, viewer):
        # speaker and on_behalf_of: brief on every row; the sources, the actors and the
        # records spoken about that the viewer may see: one query each for the whole page.
        return (
            self.visible_to(viewer)
            .select_related("speaker", "on_behalf_of")
            .prefetch_related(
                "sources",
                "about_actors",
                *(
                    visible_prefetch(self, lookup, viewer)
                    for lookup in ("about_attacks", "about_waves", "about_deployments")
                ),
            )
        )


class Statement(TimeStamped, Reviewed, DateSpan):
    """One thing an actor said, once, with its verbatim words kept apart from any paraphrase."""

    speaker = models.ForeignKey("reports.Actor", on_delete=models.PROTECT, related_name="statements")
    speaker_role = models.CharField(
        max_length=300, blank=True, help_text="The speaker's role or title when speaking."
    )
    on_behalf_of = models.ForeignKey(
        "reports.Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements_on_behalf",
        help_text="The organisation the speaker spoke for.",
    )
    channel = models.CharField(max_length=32, choices=Channel, default=Channel.UNKNOWN)
    speech_act = models.CharField(max_length=32, choices=SpeechAct)
    quote = models.TextField(blank=True, help_text="The speaker's exact words, verbatim.")
    paraphrase = models.TextField(blank=True, help_text="What the source says was said, in its own words.")
    language = models.CharField(max_length=16, default="en", help_text="BCP 47 tag of the quote.")
    sources = models.ManyToManyField("reports.Source", related_name="statements")
    about_attacks = models.ManyToManyField("reports.Attack", blank=True, related_name="statements")
    about_waves = models.ManyToManyField("reports.Wave", blank=True, related_name="statements")
    about_deployments = models.ManyToManyField(
        "reports.ForceDeployment", blank=True, related_name="statements"
    )
    about_actors = models.ManyToManyField("reports.Actor", blank=True, related_name="statements_about")

    objects = StatementQuerySet.as_manager()

    history = HistoricalRecords(
        m2m_fields=["sources", "about_attacks", "about_waves", "about_deployments", "about_actors"]
    )

    class Meta:
        ordering = ["-date_start", "id"]
        permissions = [review_permission("statement", "statements")]
        constraints = [
            *review_constraints(),
            *date_span_constraints(),
            choices_constraint("channel", Channel),
            choices_constraint("speech_act", SpeechAct),
            FieldCheckConstraint(
                field="quote",
                condition=~Q(quote="") | ~Q(paraphrase=""),
                name="%(app_label)s_%(class)s_has_words",
                violation_error_message="Give the verbatim quote, a paraphrase, or both.",
            ),
        ]

    def __str__(self) -> str:
        words = self.quote or self.paraphrase
        return f"{self.speaker}: {words[:80]}"
