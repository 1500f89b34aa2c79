"""The curators' admin, one module per topic; importing them registers every model."""

from reports.admin import catalogue, deletions, deployments, events, figures

__all__ = ["catalogue", "deletions", "deployments", "events", "figures"]
