"""Abstract building blocks shared by events, figures and claims."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, ProtectedError, Q, When

from reports.choices import Confidence, DatePrecision, Qualifier, Rank, ReviewStatus
from reports.constraints import FieldCheckConstraint

# PostgreSQL's integer limit, stated so that SQLite (whose integers are larger) accepts the same.
MAX_COUNT = 2_147_483_647


def choices_constraint(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    """Keep a choice column inside its vocabulary for every writer, not only forms."""
    return FieldCheckConstraint(
        field=field,
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
        violation_error_message=f"Not a valid {field.replace('_', ' ')}.",
    )


def citing_records(queryset: models.QuerySet) -> list[models.Model]:
    """Records that cite any row of ``queryset`` through a many-to-many link.

    Deleting a cited row would silently strip it from those records: a figure would
    lose its claimant or its source, a statement its subject.
    """
    citing: list[models.Model] = []
    for relation in queryset.model._meta.related_objects:
        if relation.many_to_many:
            citing += relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": queryset}
            ).distinct()
    return citing


def ensure_not_cited(queryset: models.QuerySet) -> None:
    citing = citing_records(queryset)
    if citing:
        raise ProtectedError(
            f"Cannot delete {queryset.model._meta.verbose_name}: other records cite it.", set(citing)
        )


class CitedQuerySet(models.QuerySet):
    """A queryset whose rows cannot be deleted while other records cite them."""

    def for_api(self, *, viewer=None):
        """The rows with what the API shows of them loaded; models override it to add joins.

        What it reads may depend on ``viewer`` only through ``sees_drafts`` (``drafts_seen``): the
        API compiles the queries of a list page once per set of rights (api/serializers/rows.py)."""
        return self

    def delete(self):
        ensure_not_cited(self)
        return super().delete()


class ReviewedQuerySet(CitedQuerySet):
    def published(self):
        return self.filter(review_status=ReviewStatus.PUBLISHED)

    def for_api(self, *, viewer):
        return self.visible_to(viewer)

    def visible_to(self, user):
        """Everything for those who may edit these records; only what is published for anyone else."""
        if sees_drafts(self.model, user):
            return self
        return self.published()


class ClaimQuerySet(ReviewedQuerySet):
    """Claims, some of which are rivals: claims of the same fact, one of which may be preferred."""

    def rival_condition(self, viewer) -> Q:
        """What a claim shares with the outer claim (``OuterRef``) that makes the two rivals, as
        ``viewer`` sees them: a link to a draft they may not see is null for them and makes no rivals."""
        raise NotImplementedError

    def _preferred_rival(self, viewer) -> Exists:
        rivals = (
            self.model._default_manager.visible_to(viewer)
            .filter(self.rival_condition(viewer), rank=Rank.PREFERRED)
            .exclude(pk=OuterRef("pk"))
        )
        return Exists(rivals)

    def best_ranked(self, *, viewer):
        """Claims that no rival outranks, as Wikidata's best rank: the preferred claims of a fact if
        it has any (among those ``viewer`` may see), else its normal ones; never deprecated ones."""
        return self.filter(Q(rank=Rank.PREFERRED) | Q(rank=Rank.NORMAL) & ~self._preferred_rival(viewer))

    def outranked(self, *, viewer):
        """Deprecated claims, and normal claims that have a preferred rival."""
        return self.filter(Q(rank=Rank.DEPRECATED) | Q(rank=Rank.NORMAL) & self._preferred_rival(viewer))


def overlapping_span() -> Q:
    """Spans that share at least a day with the outer record's span."""
    return Q(date_start__lte=OuterRef("date_end"), date_end__gte=OuterRef("date_start"))


def visible_prefetch(queryset: models.QuerySet, lookup: str, viewer) -> Prefetch:
    """Prefetch a list of reviewed records, keeping only those ``viewer`` may see (drafts stay hidden).

    Their links to records ``viewer`` may not see all of are joined: what is shown of such a link
    depends on the linked record's review status (``shown_link``), read without a query per row.
    """
    related = queryset.model._meta.get_field(lookup).related_model
    rows = related._default_manager.visible_to(viewer)
    links = [link.name for link in hidden_links(related, viewer)]
    if links:  # select_related() without names would join every required link
        rows = rows.select_related(*links)
    return Prefetch(lookup, queryset=rows)


def sees_drafts(model: type[models.Model], user) -> bool:
    """Whether ``user`` sees every row of ``model``: a record that is not reviewed, or an editor of it."""
    if not issubclass(model, Reviewed):
        return True
    meta = model._meta
    return user is not None and user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def drafts_seen(viewer) -> frozenset[str]:
    """The reviewed models (by label) whose drafts ``viewer`` sees. The rows and links a viewer is
    shown depend on nothing else of the viewer (``visible_to``, ``hidden_links``, ``shown_path``
    ask ``sees_drafts`` only): SQL built for one viewer is that of any viewer with the same set."""
    return frozenset(
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, Reviewed) and sees_drafts(model, viewer)
    )


def hidden_links(model: type[models.Model], viewer) -> list[models.ForeignKey]:
    """``model``'s links to one record of a kind ``viewer`` may see only when it is published.

    A published record may link to a draft (an attack to a draft wave); for such a viewer the link
    is shown as null, as if it were not there, so that nothing of the draft shows, not even its id.
    """
    return [
        link
        for link in model._meta.concrete_fields
        if link.many_to_one or link.one_to_one
        if not sees_drafts(link.related_model, viewer)
    ]


def shown_link(record: models.Model, name: str, viewer) -> models.Model | None:
    """The record ``record`` links to by ``name``, or None when ``viewer`` may not see it."""
    return shown_record(getattr(record, name), viewer)


def shown_record(linked: models.Model | None, viewer) -> models.Model | None:
    """``linked`` if ``viewer`` may see it, else None."""
    if (
        linked is None
        or getattr(linked, "review_status", ReviewStatus.PUBLISHED) == ReviewStatus.PUBLISHED
        or sees_drafts(type(linked), viewer)
    ):
        return linked
    return None


def _hidden_along(model: type[models.Model], path: str, viewer) -> list[str]:
    """The records a lookup ``path`` reads through that ``viewer`` may see only when they are
    published, as lookups from ``model`` (``wave`` for ``wave__name`` of an attack, for the public)."""
    hidden: list[str] = []
    prefix = ""
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            # The column of a link (``wave_id``), read without its record; or an annotation or a
            # lookup (``__in``) past the relations.
            field = next(
                (link for link in model._meta.concrete_fields if link.is_relation and link.attname == part),
                None,
            )
            if field is None:
                break
            part = field.name
        if not field.is_relation:
            break
        if not sees_drafts(field.related_model, viewer):
            hidden.append(f"{prefix}{part}")
        prefix = f"{prefix}{part}__"
        model = field.related_model
    return hidden


def shown_path(model: type[models.Model], path: str, viewer) -> str | Case:
    """A ``values_list`` lookup as ``viewer`` may see it: ``path`` itself, or its value where every
    record it reads through is one ``viewer`` may see, and null where one is not (a draft that a
    published record links to). ``wave_id`` and ``wave__name`` of an attack in a draft wave are
    null, for anyone who may not see drafts of waves; in the query, so that no row is read twice.
    """
    hidden = _hidden_along(model, path, viewer)
    if not hidden:
        return path
    published = Q(*(Q(**{f"{record}__review_status": ReviewStatus.PUBLISHED}) for record in hidden))
    return Case(When(published, then=F(path)), default=None)


def visible_along(model: type[models.Model], lookup: str, viewer) -> Q:
    """That every record ``lookup`` goes through from ``model`` is one ``viewer`` may see: a filter
    through a relation counts only the records the viewer may see (a wave's published attacks).

    Given in the same ``filter()`` as the lookup, it holds for the same related rows."""
    return Q(
        *(
            Q(**{f"{record}__review_status": ReviewStatus.PUBLISHED})
            for record in _hidden_along(model, lookup, viewer)
        )
    )


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Bumped by every save; a detail response's ETag, so that a stale edit is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        ensure_not_cited(type(self)._base_manager.filter(pk=self.pk))
        return super().delete(*args, **kwargs)


class Reviewed(models.Model):
    """A record curators create as a draft and reviewers verify, publish or retract."""

    external_id = models.CharField(
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text="A stable id from the system the record came from; imports update by it.",
    )
    review_status = models.CharField(
        max_length=16, choices=ReviewStatus, default=ReviewStatus.DRAFT, db_index=True
    )
    retraction_reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="Who last verified, published or retracted it.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def review_constraints() -> list[models.CheckConstraint]:
    return [
        choices_constraint("review_status", ReviewStatus),
        FieldCheckConstraint(
            field="retraction_reason",
            condition=~Q(review_status=ReviewStatus.RETRACTED) | ~Q(retraction_reason=""),
            name="%(app_label)s_%(class)s_retraction_has_reason",
            violation_error_message="Say why the record is retracted.",
        ),
    ]


def review_permission(model_name: str, plural: str) -> tuple[str, str]:
    return (f"review_{model_name}", f"Can verify, publish and retract {plural}")


class DateSpan(models.Model):
    """When something happened: a first and a last day, and how precise they are.

    A day has start == end; "the night of 31 January to 1 February" is a span over two
    days; "January 2025" is the month's first and last day with month precision.
    """

    date_start = models.DateField(help_text="First day the record may refer to.")
    date_end = models.DateField(
        help_text="Last day the record may refer to (equal to the start for one day)."
    )
    date_precision = models.CharField(max_length=16, choices=DatePrecision, default=DatePrecision.DAY)

    class Meta:
        abstract = True


def date_span_constraints() -> list[models.CheckConstraint]:
    return [
        FieldCheckConstraint(
            field="date_end",
            condition=Q(date_end__gte=F("date_start")),
            name="%(app_label)s_%(class)s_date_end_after_start",
            violation_error_message="The end date must not be before the start date.",
        ),
        FieldCheckConstraint(
            field="date_end",
            condition=~Q(date_precision=DatePrecision.DAY) | Q(date_end=F("date_start")),
            name="%(app_label)s_%(class)s_day_is_one_day",
            violation_error_message="A date with day precision must start and end on the same day.",
        ),
        choices_constraint("date_precision", DatePrecision),
    ]


class Estimate(models.Model):
    """A number as the source gave it: low, best and high, a qualifier and the words used.

    "approximately 12,000" is best 12,000 approximately; "at least 11" is low 11;
    "between 30 and 50" is low 30 and high 50 with the qualifier range.
    """

    low = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)])
    best = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)])
    high = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)])
    qualifier = models.CharField(max_length=16, choices=Qualifier, default=Qualifier.EXACT)
    phrase = models.CharField(
        max_length=500, blank=True, help_text='The figure in the source\'s words, e.g. "around 4,000".'
    )

    class Meta:
        abstract = True


def estimate_constraints() -> list[models.CheckConstraint]:
    # A NULL comparison passes a CHECK, so each ordering rule only binds when both
    # numbers are present; Django's own validation treats NULL the same way.
    prefix = "%(app_label)s_%(class)s_"
    needs_best = [Qualifier.EXACT, Qualifier.APPROXIMATELY]
    needs_low = [Qualifier.AT_LEAST, Qualifier.MORE_THAN, Qualifier.RANGE]
    needs_high = [Qualifier.AT_MOST, Qualifier.RANGE]
    return [
        FieldCheckConstraint(
            field="best",
            condition=Q(low__isnull=False) | Q(best__isnull=False) | Q(high__isnull=False),
            name=prefix + "has_a_number",
            violation_error_message="Give at least one of low, best and high.",
        ),
        FieldCheckConstraint(
            field="best",
            condition=Q(low__lte=F("best")),
            name=prefix + "low_lte_best",
            violation_error_message="best must not be below low.",
        ),
        FieldCheckConstraint(
            field="high",
            condition=Q(best__lte=F("high")),
            name=prefix + "best_lte_high",
            violation_error_message="high must not be below best.",
        ),
        FieldCheckConstraint(
            field="high",
            condition=Q(low__lte=F("high")),
            name=prefix + "low_lte_high",
            violation_error_message="high must not be below low.",
        ),
        FieldCheckConstraint(
            field="best",
            condition=~Q(qualifier__in=needs_best) | Q(best__isnull=False),
            name=prefix + "qualifier_needs_best",
            violation_error_message="An exact or approximate figure needs best.",
        ),
        FieldCheckConstraint(
            field="low",
            condition=~Q(qualifier__in=needs_low) | Q(low__isnull=False),
            name=prefix + "qualifier_needs_low",
            violation_error_message="An 'at least', 'more than' or range figure needs low.",
        ),
        FieldCheckConstraint(
            field="high",
            condition=~Q(qualifier__in=needs_high) | Q(high__isnull=False),
            name=prefix + "qualifier_needs_high",
            violation_error_message="An 'at most' or range figure needs high.",
        ),
        FieldCheckConstraint(
            field="qualifier",
            condition=~Q(qualifier=Qualifier.EXACT)
            | ((Q(low__isnull=True) | Q(low=F("best"))) & (Q(high__isnull=True) | Q(high=F("best")))),
            name=prefix + "exact_has_no_spread",
            violation_error_message="An exact figure cannot have low or high different from best.",
        ),
        choices_constraint("qualifier", Qualifier),
    ]


class Claim(models.Model):
    """Who claimed something, in which documents, how sure and how it ranks against rivals.

    Rivals are kept side by side; one may be preferred (Wikidata's ranks) with a reason.
    """

    claimants = models.ManyToManyField(
        "reports.Actor", related_name="%(class)s_claims", help_text="Who claims it; one or several."
    )
    sources = models.ManyToManyField(
        "reports.Source",
        related_name="%(class)s_claims",
        help_text="The documents it comes from; at least one.",
    )
    statement = models.ForeignKey(
        "reports.Statement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)s_claims",
        help_text="The statement that made the claim, when there is one.",
    )
    confidence = models.CharField(max_length=16, choices=Confidence, default=Confidence.REPORTED)
    rank = models.CharField(max_length=16, choices=Rank, default=Rank.NORMAL)
    rank_reason = models.CharField(
        max_length=500, blank=True, help_text="Why this claim is preferred or deprecated."
    )

    class Meta:
        abstract = True


def claim_constraints() -> list[models.CheckConstraint]:
    return [
        FieldCheckConstraint(
            field="rank_reason",
            condition=Q(rank=Rank.NORMAL) | ~Q(rank_reason=""),
            name="%(app_label)s_%(class)s_rank_has_reason",
            violation_error_message="Say why a claim is preferred or deprecated.",
        ),
        choices_constraint("rank", Rank),
        choices_constraint("confidence", Confidence),
    ]
