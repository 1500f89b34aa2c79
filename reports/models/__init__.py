"""The domain: sources, actors, places, events, statements, deployments and their figures."""

from reports.models.actors import Actor
from reports.models.deletions import Deletion
from reports.models.deployments import ForceDeployment, ForceDeploymentStatus
from reports.models.events import Attack, Wave
from reports.models.figures import Casualty, ForceStrength
from reports.models.locations import Location, LocationName
from reports.models.sources import Source
from reports.models.statements import Statement
from reports.models.vocabularies import TargetType, Weapon

__all__ = [
    "Actor",
    "Attack",
    "Casualty",
    "Deletion",
    "ForceDeployment",
    "ForceDeploymentStatus",
    "ForceStrength",
    "Location",
    "LocationName",
    "Source",
    "Statement",
    "TargetType",
    "Wave",
    "Weapon",
]
