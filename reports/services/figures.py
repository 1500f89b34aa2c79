"""Figure histories: every figure claimed for one deployment or attack, in time order.

A client draws from them how an estimate evolved (the North Korean losses, revised many
times): rivals and revisions are all kept, each with its rank, claimants and sources.
"""

from reports.choices import FigureType
from reports.models import Attack, Casualty, ForceDeployment, ForceDeploymentStatus, ForceStrength

FIGURE_ORDER = (
    "Figures are in time order: by date_start, then date_end, then id; figures of different "
    "types with the same dates and id are ordered force_strength, casualty, deployment_status."
)

Figure = Casualty | ForceStrength | ForceDeploymentStatus

FIGURE_TYPES: dict[type, str] = {
    ForceStrength: FigureType.FORCE_STRENGTH,
    Casualty: FigureType.CASUALTY,
    ForceDeploymentStatus: FigureType.DEPLOYMENT_STATUS,
}


def figure_type(figure: Figure) -> str:
    return FIGURE_TYPES[type(figure)]


def _in_time_order(figures: list[Figure]) -> list[Figure]:
    types = list(FIGURE_TYPES.values())
    return sorted(
        figures,
        key=lambda figure: (figure.date_start, figure.date_end, figure.pk, types.index(figure_type(figure))),
    )


def _claims(model, viewer, **owner):
    # claimants and sources are shown brief on every figure: one query each for the whole list.
    return model.objects.visible_to(viewer).filter(**owner).prefetch_related("claimants", "sources")


def deployment_figures(*, deployment: ForceDeployment, viewer) -> list[Figure]:
    """The troop strengths, casualty figures and statuses claimed for ``deployment`` that ``viewer``
    may see, in time order (see FIGURE_ORDER)."""
    return _in_time_order(
        [
            *_claims(ForceStrength, viewer, deployment=deployment),
            *_claims(Casualty, viewer, deployment=deployment),
            *_claims(ForceDeploymentStatus, viewer, deployment=deployment),
        ]
    )


def attack_figures(*, attack: Attack, viewer) -> list[Figure]:
    """The casualty figures claimed for ``attack`` that ``viewer`` may see, in time order."""
    return _in_time_order(list(_claims(Casualty, viewer, attack=attack)))
