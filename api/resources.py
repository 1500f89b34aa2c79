"""Each kind of record's name in the API (its route, and ``resource`` in the deletions feed), in one place."""

from django.db import models as db_models

from reports import models

RESOURCES: dict[str, type[db_models.Model]] = {
    "sources": models.Source,
    "actors": models.Actor,
    "locations": models.Location,
    "weapons": models.Weapon,
    "target-types": models.TargetType,
    "waves": models.Wave,
    "attacks": models.Attack,
    "casualties": models.Casualty,
    "statements": models.Statement,
    "force-deployments": models.ForceDeployment,
    "force-deployment-statuses": models.ForceDeploymentStatus,
    "force-strengths": models.ForceStrength,
}
RESOURCE_CHOICES = [(name, name) for name in RESOURCES]

# Tombstones name the model (reports.Deletion.model); the API names the resource.
MODEL_NAMES: dict[str, str] = {name: model._meta.model_name for name, model in RESOURCES.items()}
RESOURCE_NAMES: dict[str, str] = {model_name: name for name, model_name in MODEL_NAMES.items()}
