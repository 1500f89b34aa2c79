"""Totals computed from claimed figures, never stored, saying which figures they used.

The work is done in SQL so that it scales with the database, not with Python: one query picks
one figure per fact with a window function and sums the chosen figures by group, with the ids
of the figures and of their sources. Python only labels the groups, and rolls places up to
the chosen administrative level (a few thousand places at most, never one row per figure).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncDay, TruncMonth, TruncWeek

from reports.choices import (
    CasualtyKind,
    LocationKind,
    LocationScope,
    Population,
    Qualifier,
    Rank,
    ReviewStatus,
    SummaryGrouping,
)
from reports.models import Actor, Attack, Casualty, ForceDeployment, Location, Wave
from reports.models.common import hidden_links, shown_path, visible_along

TOTALS_RULE = (
    "One figure per fact: figures that claim the same kind of casualty for the same attack, wave or "
    "deployment, population, age group and places are rivals, and the preferred one is used, else the "
    "one with the latest end date (then the highest id). A figure whose attack, wave or deployment you "
    "may not see (shown as null) is a rival of none. Deprecated figures are not counted. A figure "
    "included in another (children among the injured, a city's dead within its wave's total) is not "
    "counted when a figure that includes it, directly or through up to two others you may see, is "
    "among the figures summed: then only the container counts. low sums each figure's low (else best, "
    "else 0); best sums best (else low, else high); high sums high (else best for exact and approximate "
    "figures) and is null when any figure used has no upper bound."
)

# How far up a chain of included_in the summary looks for a container among the figures summed.
CONTAINMENT_DEPTH = 3

OPEN_ENDED = [Qualifier.AT_LEAST, Qualifier.MORE_THAN]

# The date of a figure's span that places it in a day, week or month.
DATED_BY = "date_start"


PERIODS = (SummaryGrouping.DAY, SummaryGrouping.WEEK, SummaryGrouping.MONTH)


class IdList(Aggregate):
    """The values of a group joined by commas, on SQLite (GROUP_CONCAT) and PostgreSQL (STRING_AGG)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(distinct)s%(expressions)s)"
    allow_distinct = True
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(distinct)s(%(expressions)s)::text, ',')",
            **extra_context,
        )


def _ids(joined: str | None) -> set[int]:
    return set(map(int, joined.split(","))) if joined else set()


@dataclass
class CasualtyTotal:
    """The sum of the figures used for one kind of casualty in one group."""

    kind: str
    key: dict[str, Any] = field(default_factory=dict)
    low: int = 0
    best: int = 0
    high: int | None = 0
    figure_ids: list[int] = field(default_factory=list)
    source_ids: set[int] = field(default_factory=set)


@dataclass
class CasualtySummary:
    rule: str
    dated_by: str
    group_by: list[str]
    admin_level: str | None
    totals: list[CasualtyTotal]


def _one_row_per_figure(figures: QuerySet) -> QuerySet:
    """``figures`` as a query on the figures' table alone, in which each figure is one row.

    A filter may have joined the figures to other tables (their places, their sources) and
    made them distinct; then they are read again by id, so that one figure is one row when
    its rivals are ranked. Without a join the filter is used as it is: reading the figures
    again would cost an index probe per figure.
    """
    query = figures.query
    joined = any(count for alias, count in query.alias_refcount.items() if alias != query.base_table)
    if joined or query.distinct or query.combinator:
        return Casualty.objects.filter(pk__in=figures.values("pk"))
    return figures.order_by()


def countable_figures(figures: QuerySet, *, viewer=None) -> QuerySet:
    """The figures of ``figures`` that count people no other of them counts (see TOTALS_RULE).

    Deprecated figures are left out; so is a figure one of whose containers (up to
    CONTAINMENT_DEPTH levels up) is itself a non-deprecated figure of ``figures``. A subset
    whose container is filtered out, hidden from the viewer or deprecated counts on its own.
    The chain is walked only through figures ``viewer`` (the public when None) may see: a figure
    in a draft is included in nothing for them, so the draft's own container does not hold it.
    """
    figures = figures.order_by()
    counted = figures.exclude(rank=Rank.DEPRECATED)
    # For each level, whether a counted figure holds the chain of subsets that starts at the
    # figure's own container: an EXISTS on indexed ids, inside which the chain is walked, so
    # that the figures without a container (nearly all) cost no join and no probe.
    contained = Q()
    container = "pk"
    for _level in range(CONTAINMENT_DEPTH):
        # In the same filter() as the chain, so that it holds for the same figures of the chain.
        chain = Q(**{container: OuterRef("included_in_id")})
        contained |= Exists(counted.filter(chain, visible_along(Casualty, container, viewer)))
        container = f"subsets__{container}"
    return (
        _one_row_per_figure(figures)
        .exclude(rank=Rank.DEPRECATED)
        .exclude(Q(included_in__isnull=False) & contained)
    )


# What a figure belongs to: exactly one of them is set.
OWNERS = ("attack", "wave", "deployment")


def _fact(viewer) -> list:
    """What figures of one fact share, as ``viewer`` sees them.

    A figure whose attack, wave or deployment is a draft ``viewer`` may not see belongs to none
    for them (its link is shown as null), and so is a fact of its own: a rival of no other, as
    a figure that names no attack is not one of another that names none. Ranked by the draft's
    id, its rivals there would tell the public which figures share the draft.
    """
    fact = [F(f"{owner}_id") for owner in OWNERS] + [
        F(column) for column in ("kind", "population", "age_group", "places_key")
    ]
    # The drafts by id (a few; hashed once), rather than a join to each owner's table per figure.
    hidden = Q()
    for link in hidden_links(Casualty, viewer):
        if link.name in OWNERS:
            drafts = link.related_model._base_manager.exclude(review_status=ReviewStatus.PUBLISHED)
            hidden |= Q(**{f"{link.name}__in": drafts.values("pk")})
    if hidden:
        fact.append(Case(When(hidden, then=F("id")), default=None, output_field=IntegerField()))
    return fact


def chosen_figures(figures: QuerySet, *, viewer=None) -> QuerySet:
    """One figure per fact among the countable ``figures``, as ``viewer`` (the public when None)
    sees them: the preferred, else the latest."""
    preferred = Case(When(rank=Rank.PREFERRED, then=Value(1)), default=Value(0), output_field=IntegerField())
    ranked = countable_figures(figures, viewer=viewer).annotate(
        place_in_fact=Window(
            RowNumber(),
            partition_by=_fact(viewer),
            order_by=[preferred.desc(), F("date_end").desc(), F("id").desc()],
        )
    )
    # "<= 1" rather than "= 1": the same rows, but PostgreSQL then expects many of them and
    # joins them by hash; expecting few, it probed the primary key once per chosen figure.
    return Casualty.objects.filter(pk__in=ranked.filter(place_in_fact__lte=1).values("pk"))


def _upper_bound():
    return Case(
        When(high__isnull=False, then=F("high")),
        When(Q(best__isnull=False) & ~Q(qualifier__in=OPEN_ENDED), then=F("best")),
        default=None,
        output_field=IntegerField(),
    )


# What SQL groups by for each grouping: model fields by name, derived values by expression. The
# location is grouped by the figure's own places, else its attack's place, and rolled up to the
# administrative level in Python.
def _columns(viewer) -> dict[str, dict[str, Any]]:
    """What each grouping groups by, read through the records ``viewer`` may see: a figure of a
    published attack in a draft wave is in no wave for the public, as its attack shows it."""

    def shown(path: str):
        value = shown_path(Casualty, path, viewer)
        return F(value) if isinstance(value, str) else value

    return {
        SummaryGrouping.KIND: {"kind": "kind"},
        SummaryGrouping.LOCATION: {"places_key": "places_key", "attack_place": shown("attack__location_id")},
        SummaryGrouping.DAY: {"day": TruncDay(DATED_BY)},
        SummaryGrouping.WEEK: {"week": TruncWeek(DATED_BY)},
        SummaryGrouping.MONTH: {"month": TruncMonth(DATED_BY)},
        SummaryGrouping.PERPETRATOR: {
            "perpetrator": Coalesce(
                shown("attack__perpetrator_id"),
                shown("attack__wave__perpetrator_id"),
                shown("wave__perpetrator_id"),
            )
        },
        SummaryGrouping.POPULATION: {"population": "population"},
        SummaryGrouping.WAVE: {"wave_key": Coalesce(shown("wave_id"), shown("attack__wave_id"))},
        SummaryGrouping.DEPLOYMENT: {"deployment_key": shown("deployment_id")},
    }


def _place_ids(row: dict) -> list[int]:
    if row["places_key"]:
        return [int(pk) for pk in row["places_key"].split(",")]
    return [row["attack_place"]] if row["attack_place"] is not None else []


class _LocationRollUp:
    """Each figure's places, put in the place of the chosen kind that holds them."""

    def __init__(self, *, rows: Iterable[dict], admin_level: str):
        # The figures' places and every place of the chosen kind, in one query: a place's
        # ancestors are the ids in its path.
        place_ids = {pk for row in rows for pk in _place_ids(row)}
        self.locations = {
            location.pk: location
            for location in Location.objects.filter(Q(pk__in=place_ids) | Q(kind=admin_level))
        }
        self.admin_level = admin_level

    def _group_of_place(self, pk: int) -> tuple[Location, str]:
        for ancestor in reversed(self.locations[pk].path.strip("/").split("/")):
            location = self.locations.get(int(ancestor))
            if location is not None and location.kind == self.admin_level:
                return location, LocationScope.AT_LEVEL
        return self.locations[pk], LocationScope.OUTSIDE_LEVEL

    def key(self, row: dict) -> dict[str, Any]:
        groups = {self._group_of_place(pk) for pk in _place_ids(row)}
        if not groups:
            return {"location": None, "location_scope": LocationScope.NO_PLACE}
        if len(groups) > 1:
            return {"location": None, "location_scope": LocationScope.SEVERAL_PLACES}
        ((location, scope),) = groups
        return {"location": location, "location_scope": scope}


def _order(total: CasualtyTotal) -> tuple:
    """Groups in a stable order: by place, period, actor, population, wave, deployment, then kind."""

    def named(record) -> tuple:
        return (1, "", 0) if record is None else (0, str(record), record.pk)

    key = total.key
    return (
        LocationScope.values.index(key["location_scope"]) if "location_scope" in key else 0,
        named(key.get("location")),
        *(key.get(period) or datetime.date.min for period in PERIODS),
        named(key.get("perpetrator")),
        Population.values.index(key["population"]) if "population" in key else 0,
        named(key.get("wave")),
        named(key.get("deployment")),
        CasualtyKind.values.index(total.kind),
    )


def casualty_summary(
    *, figures: QuerySet, group_by: Sequence[str] = (), admin_level: str = LocationKind.REGION, viewer=None
) -> CasualtySummary:
    """Sum ``figures`` by casualty kind and by ``group_by``, one figure per fact (see TOTALS_RULE).

    ``figures`` are the figures to summarise, already limited to what the viewer may see and
    to any filters. ``admin_level`` is the kind of place (a ``LocationKind``) that figures are
    rolled up to when grouped by location. The groups are read through the records ``viewer``
    (the public when None) may see.
    """
    group_by = [
        grouping
        for grouping in SummaryGrouping.values
        if grouping in group_by and grouping != SummaryGrouping.KIND
    ]
    columns = {
        name: column
        for grouping in [SummaryGrouping.KIND, *group_by]
        for name, column in _columns(viewer)[grouping].items()
    }
    fields = [column for column in columns.values() if isinstance(column, str)]
    expressions = {name: column for name, column in columns.items() if not isinstance(column, str)}
    chosen = chosen_figures(figures, viewer=viewer).order_by()
    upper = _upper_bound()
    # Each figure's sources as one value, so that the sums and the sources come from one pass
    # over the chosen figures: a join to the sources would repeat a figure once per source.
    figure_sources = (
        Casualty.sources.through.objects.filter(casualty_id=OuterRef("pk"))
        .order_by()
        .values("casualty_id")
        .annotate(ids=IdList("source_id"))
        .values("ids")
    )
    rows = list(
        chosen.values(*fields, **expressions).annotate(
            low_total=Sum(Coalesce("low", "best", Value(0))),
            best_total=Sum(Coalesce("best", "low", "high")),
            high_total=Sum(upper),
            figure_count=Count("pk"),
            bounded_count=Count(upper),
            ids=IdList("pk"),
            source_ids=IdList(Subquery(figure_sources)),
        )
    )

    labels = _Labels(rows=rows, group_by=group_by, admin_level=admin_level)
    totals: dict[tuple, CasualtyTotal] = {}
    for row in rows:
        key = labels.key(row)
        identity = (row["kind"], *(_identity(value) for value in key.values()))
        total = totals.setdefault(identity, CasualtyTotal(kind=row["kind"], key=key))
        total.low += row["low_total"]
        total.best += row["best_total"]
        if row["bounded_count"] < row["figure_count"] or total.high is None:
            total.high = None
        else:
            total.high += row["high_total"]
        total.figure_ids += _ids(row["ids"])
        total.source_ids |= _ids(row["source_ids"])
    for total in totals.values():
        total.figure_ids.sort()
    return CasualtySummary(
        rule=TOTALS_RULE,
        dated_by=DATED_BY,
        group_by=group_by,
        admin_level=admin_level if SummaryGrouping.LOCATION in group_by else None,
        totals=sorted(totals.values(), key=_order),
    )


def _identity(value):
    return value.pk if hasattr(value, "pk") else value


class _Labels:
    """Turns the columns SQL grouped by into the records and values a client reads."""

    def __init__(self, *, rows: list[dict], group_by: list[str], admin_level: str):
        self.group_by = group_by
        self.places = (
            _LocationRollUp(rows=rows, admin_level=admin_level)
            if SummaryGrouping.LOCATION in group_by
            else None
        )
        self.actors = self._records(Actor, rows, "perpetrator", SummaryGrouping.PERPETRATOR)
        self.waves = self._records(Wave, rows, "wave_key", SummaryGrouping.WAVE)
        self.deployments = self._records(ForceDeployment, rows, "deployment_key", SummaryGrouping.DEPLOYMENT)

    def _records(self, model, rows, column, grouping) -> dict:
        if grouping not in self.group_by:
            return {}
        return model._base_manager.in_bulk({row[column] for row in rows} - {None})

    def key(self, row: dict) -> dict[str, Any]:
        key: dict[str, Any] = {}
        for grouping in self.group_by:
            if grouping == SummaryGrouping.LOCATION:
                key.update(self.places.key(row))
            elif grouping in PERIODS:
                key[grouping] = _as_date(row[grouping])
            elif grouping == SummaryGrouping.PERPETRATOR:
                key[grouping] = self.actors.get(row["perpetrator"])
            elif grouping == SummaryGrouping.POPULATION:
                key[grouping] = row["population"]
            elif grouping == SummaryGrouping.WAVE:
                key[grouping] = self.waves.get(row["wave_key"])
            elif grouping == SummaryGrouping.DEPLOYMENT:
                key[grouping] = self.deployments.get(row["deployment_key"])
        return key


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def wave_casualty_totals(*, wave: Wave, viewer) -> list[CasualtyTotal]:
    """Totals for a wave from the figures ``viewer`` may see, given for the wave or for its attacks."""
    # The wave's attacks as a list of ids, read first: an OR across a join (or with a subquery)
    # makes PostgreSQL read every figure; an OR of two indexed columns does not.
    # Only the attacks the viewer may see: a published figure of a draft attack is in no wave for
    # the public, as the attack itself is not shown.
    attack_ids = list(Attack.objects.visible_to(viewer).filter(wave=wave).values_list("pk", flat=True))
    figures = Casualty.objects.visible_to(viewer).filter(Q(wave=wave) | Q(attack__in=attack_ids))
    return casualty_summary(figures=figures, viewer=viewer).totals
