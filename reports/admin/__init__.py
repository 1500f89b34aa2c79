"""The curators' admin, one module per topic; importing them registers every model."""

from reports.admin import catalogue, deployments, events, figures

__all__ = ["catalogue", "deployments", "events", "figures"]
