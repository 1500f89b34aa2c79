"""A record's change history, as a client may read it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models

from reports.choices import ReviewStatus
from reports.models.common import Reviewed, sees_drafts

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
# One save writes a history row, and each many-to-many change writes more (Django's
# set() removes, then adds). Rows by the same person this close together are one edit.
ONE_EDIT = datetime.timedelta(seconds=2)
# Bookkeeping that changes on every save and says nothing a reader needs.
UNTRACKED = {"updated_at", "version"}


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    history_id: int
    history_date: datetime.datetime
    history_type: str
    changed_by: str | None
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _may_edit(viewer, model: type[models.Model]) -> bool:
    return viewer is not None and viewer.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


def _plain(value: Any) -> Any:
    """A value a JSON encoder can write: field types such as a Country become their code."""
    if value is None or isinstance(value, bool | int | float | str | Decimal | datetime.date):
        return value
    return str(value)


def _state(entry, concrete: list[models.Field], many: list[models.ManyToManyField]) -> dict[str, Any]:
    state = {column.name: _plain(getattr(entry, column.attname)) for column in concrete}
    for relation in many:
        state[relation.name] = sorted(
            getattr(entry, relation.name).values_list(relation.m2m_reverse_field_name(), flat=True)
        )
    return state


def record_history(*, record: models.Model, viewer) -> list[HistoryEntry]:
    """Every version of ``record`` in time order, each with what changed since the one before.

    Those who may not edit the record see only its published versions, and each compared
    with the previous published one, so nothing of a draft shows through.
    """
    model = type(record)
    may_edit = _may_edit(viewer, model)
    tracked = {column.name for column in record.history.model._meta.concrete_fields}
    concrete = [
        column
        for column in model._meta.concrete_fields
        if column.name in tracked and column.name not in UNTRACKED
    ]
    many = list(record.history.model._history_m2m_fields)
    entries = record.history.order_by("history_date", "history_id").select_related("history_user")
    if issubclass(model, Reviewed) and not may_edit:
        entries = entries.filter(review_status=ReviewStatus.PUBLISHED)

    history: list[HistoryEntry] = []
    states: list[dict[str, Any]] = []  # the state after each entry of ``history``
    last = None
    for entry in entries:
        state = _state(entry, concrete, many)
        same_edit = (
            last is not None
            and entry.history_type == "~"
            and entry.history_user_id == last.history_user_id
            and entry.history_date - last.history_date < ONE_EDIT
        )
        last = entry
        if same_edit:
            states[-1] = state
            continue
        history.append(
            HistoryEntry(
                history_id=entry.history_id,
                history_date=entry.history_date,
                history_type=HISTORY_TYPES[entry.history_type],
                changed_by=entry.history_user.get_username() if may_edit and entry.history_user else None,
                reason=entry.history_change_reason or "",
            )
        )
        states.append(state)
    _hide_links_to_drafts(states, concrete, many, viewer)
    for index, entry in enumerate(history):
        before = states[index - 1] if index else None
        entry.changes = [
            FieldChange(field=name, old=before[name] if before else None, new=value)
            for name, value in states[index].items()
            if before is None or before[name] != value
        ]
    return [entry for entry in history if entry.changes or entry.history_type != "changed"]


def _hide_links_to_drafts(
    states: list[dict[str, Any]], concrete: list[models.Field], many: list[models.ManyToManyField], viewer
) -> None:
    """Links to records ``viewer`` may not see (drafts, as they are now) are shown as none: a
    published attack's history does not name the draft wave it was put in. One query per kind of
    record linked."""
    links = {
        column.name: column.related_model
        for column in [*concrete, *many]
        if column.is_relation and not sees_drafts(column.related_model, viewer)
    }
    linked: dict[type[models.Model], set] = {}
    for state in states:
        for name, model in links.items():
            value = state[name]
            linked.setdefault(model, set()).update(value if isinstance(value, list) else {value} - {None})
    published = {
        model: set(
            model._base_manager.filter(pk__in=ids, review_status=ReviewStatus.PUBLISHED).values_list(
                "pk", flat=True
            )
        )
        for model, ids in linked.items()
        if ids
    }
    for state in states:
        for name, model in links.items():
            shown = published.get(model, set())
            value = state[name]
            if isinstance(value, list):
                state[name] = [pk for pk in value if pk in shown]
            elif value not in shown:
                state[name] = None
