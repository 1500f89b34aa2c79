"""Totals computed from claimed figures, never stored, saying which figures they used."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from reports.choices import CasualtyKind, Qualifier, Rank
from reports.models import Attack, Casualty, Wave

TOTALS_RULE = (
    "One figure per fact: figures that claim the same kind of casualty for the same attack, wave or "
    "deployment, population, age group and places are rivals, and the preferred one is used, else the "
    "one with the latest date (then the highest id). Deprecated figures and figures included in another "
    "figure (children among the injured) are not counted. low sums each figure's low (else best, else 0); "
    "best sums best (else low, else high); high sums high (else best for exact and approximate figures) "
    "and is null when any figure used has no upper bound."
)

OPEN_ENDED = {Qualifier.AT_LEAST, Qualifier.MORE_THAN}


@dataclass
class CasualtyTotal:
    """The sum of the figures used for one kind of casualty."""

    kind: str
    low: int = 0
    best: int = 0
    high: int | None = 0
    figure_ids: list[int] = field(default_factory=list)
    source_ids: set[int] = field(default_factory=set)


def _fact_key(figure: Casualty) -> tuple:
    places = tuple(sorted(location.pk for location in figure.locations.all()))
    return (
        figure.attack_id,
        figure.wave_id,
        figure.deployment_id,
        figure.kind,
        figure.population,
        figure.age_group,
        places,
    )


def _choose(rivals: list[Casualty]) -> Casualty:
    return max(rivals, key=lambda figure: (figure.rank == Rank.PREFERRED, figure.date_end, figure.pk))


def casualty_totals(figures: Iterable[Casualty]) -> list[CasualtyTotal]:
    """Sum figures by casualty kind, one figure per fact (see TOTALS_RULE).

    ``figures`` must be countable (``Casualty.objects.countable()``: not deprecated, not a
    subset) and have ``locations`` and ``sources`` prefetched.
    """
    facts: dict[tuple, list[Casualty]] = defaultdict(list)
    for figure in figures:
        facts[_fact_key(figure)].append(figure)

    totals = {kind: CasualtyTotal(kind=kind) for kind in CasualtyKind.values}
    for rivals in facts.values():
        figure = _choose(rivals)
        total = totals[figure.kind]
        total.low += next(value for value in (figure.low, figure.best, 0) if value is not None)
        total.best += next(value for value in (figure.best, figure.low, figure.high) if value is not None)
        if figure.high is not None:
            upper = figure.high
        elif figure.best is not None and figure.qualifier not in OPEN_ENDED:
            upper = figure.best
        else:
            upper = None
        total.high = None if total.high is None or upper is None else total.high + upper
        total.figure_ids.append(figure.pk)
        total.source_ids.update(source.pk for source in figure.sources.all())
    for total in totals.values():
        total.figure_ids.sort()
    return [total for total in totals.values() if total.figure_ids]


def wave_casualty_totals(*, wave: Wave, viewer) -> list[CasualtyTotal]:
    """Totals for a wave from the figures ``viewer`` may see, given for the wave or for its attacks."""
    figures = (
        Casualty.objects.visible_to(viewer)
        .countable()
        # The wave's attacks as a list of ids, read first: an OR across a join (or with a
        # subquery) makes PostgreSQL read every figure; an OR of two indexed columns does not.
        .filter(
            Q(wave=wave) | Q(attack__in=list(Attack.objects.filter(wave=wave).values_list("pk", flat=True)))
        )
        .prefetch_related("locations", "sources")
    )
    return casualty_totals(figures)
