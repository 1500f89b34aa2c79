"""What a mirror of the data needs from every write: timestamps that move, and tombstones.

A client keeps a copy of the data by pulling the records changed since its last pull (by
``updated_at``) and the tombstones written since (``Deletion``). Two rules make that complete:

1. A record's ``updated_at`` and ``version`` move whenever what the API shows of it changes:
   its own columns (``save()``), its lists of linked records (sources, claimants, places,
   weapons, targets, ...), the lists of its parts (an attack's figures, a wave's attacks, a
   deployment's statuses, a place's names) and the brief form of any record it shows nested
   (renaming a place changes every attack there). The version is the record's ETag, so a
   client holding a copy made before the change neither gets a 304 nor overwrites it.
2. A record that leaves the data leaves a tombstone: ``deleted`` when its row is deleted (by
   the API, the admin, a cascade or a bulk ``QuerySet.delete()``), ``withdrawn`` when a
   published record stops being published (retracted, or sent back to draft by an edit from
   someone who may not review). Publishing it again removes its ``withdrawn`` tombstones, so
   that a tombstone in the feed always means "gone now" and a mirror may apply the feeds in
   either order; the record comes back through the changes feed with a newer ``updated_at``.

Within one transaction the moves collapse where they can: a record saved and then given its
lists (as every create and update does) moves once, since both commit together.
"""

from collections.abc import Iterable
from functools import cache

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from reports.choices import RemovalReason, ReviewStatus
from reports.models import (
    Actor,
    Attack,
    Casualty,
    Deletion,
    ForceDeployment,
    ForceDeploymentStatus,
    ForceStrength,
    Location,
    LocationName,
    Source,
    Statement,
    TargetType,
    Wave,
    Weapon,
)
from reports.models.common import Reviewed

# Every kind of record the API publishes: each one's deletions leave tombstones.
RECORD_MODELS: tuple[type[models.Model], ...] = (
    Source,
    Actor,
    Location,
    Weapon,
    TargetType,
    Wave,
    Attack,
    Casualty,
    Statement,
    ForceDeployment,
    ForceDeploymentStatus,
    ForceStrength,
)

# Rows listed inside the record their foreign key points at (a wave lists its attacks, an
# attack its figures, a place its names): adding, changing, moving or removing one changes
# that record. Other foreign keys are shown only on the row that holds them.
PART_OF: dict[type[models.Model], tuple[str, ...]] = {
    Attack: ("wave",),
    Casualty: ("attack", "wave", "deployment"),
    ForceDeploymentStatus: ("deployment",),
    ForceStrength: ("deployment",),
    LocationName: ("location",),
}

# Set on a record whose updated_at and version moved in the current transaction, until it
# commits: later changes in the same transaction commit with that move and need no other.
_MOVED = "_sync_moved_in_transaction"
_BEFORE = "_sync_stored_before_save"


def is_public(record: models.Model) -> bool:
    """Whether anyone may see the record: reference data always, curated records once published."""
    return not isinstance(record, Reviewed) or record.review_status == ReviewStatus.PUBLISHED


@cache
def referring_fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    """The links from records to ``model`` (a foreign key or a list); each record shows ``model`` brief."""
    return tuple(
        field
        for record_model in RECORD_MODELS
        for field in record_model._meta.get_fields()
        if not field.auto_created
        and (field.many_to_one or field.many_to_many)
        and field.related_model is model
    )


def _remember_moved(record: models.Model) -> None:
    if not getattr(record, _MOVED, False):
        setattr(record, _MOVED, True)
        transaction.on_commit(lambda: record.__dict__.pop(_MOVED, None))


def records_touch(*, model: type[models.Model], pks: Iterable[int | None], loaded: Iterable = ()) -> None:
    """Move ``updated_at`` and ``version`` of these rows, without saving them (no history entry).

    ``loaded`` are instances of some of them held in memory (the record a request is about to
    show): they are brought in step, so that the response's ETag is the stored version.
    """
    in_memory = {record.pk: record for record in loaded if record is not None}
    pks = {pk for pk in pks if pk is not None}
    pks -= {pk for pk, record in in_memory.items() if getattr(record, _MOVED, False)}
    if not pks:
        return
    now = timezone.now()
    model._base_manager.filter(pk__in=pks).update(updated_at=now, version=F("version") + 1)
    for pk in pks & in_memory.keys():
        record = in_memory[pk]
        record.updated_at = now
        record.version += 1
        _remember_moved(record)


def _touch_referrers(record: models.Model) -> None:
    for field in referring_fields(type(record)):
        referrers = field.model._base_manager.filter(**{field.name: record.pk})
        referrers.update(updated_at=timezone.now(), version=F("version") + 1)


def _touch_owners(record: models.Model, *, before: dict | None = None) -> None:
    """The records that list ``record`` as one of their parts, where it is now and where it was."""
    for name in PART_OF.get(type(record), ()):
        field = record._meta.get_field(name)
        pks = {getattr(record, field.attname)}
        if before is not None:
            pks.add(before[field.attname])
        cached = field.get_cached_value(record, None) if field.is_cached(record) else None
        records_touch(model=field.related_model, pks=pks, loaded=[cached])


def _stored_fields(model: type[models.Model]) -> list[str]:
    """What must be read before a save to know what the save changes: review state and owners."""
    fields = [model._meta.get_field(name).attname for name in PART_OF.get(model, ())]
    if issubclass(model, Reviewed):
        fields.append("review_status")
    return fields


def record_before_save(*, record: models.Model) -> None:
    fields = _stored_fields(type(record))
    if fields and not record._state.adding:
        stored = type(record)._base_manager.filter(pk=record.pk).values(*fields).first()
        setattr(record, _BEFORE, stored)


def record_saved(*, record: models.Model, created: bool) -> None:
    """After a save: move the records that show this one, and write or clear a withdrawal."""
    before = record.__dict__.pop(_BEFORE, None)
    if hasattr(record, "version"):
        _remember_moved(record)
    _touch_owners(record, before=before)
    if type(record) not in RECORD_MODELS or created:
        return
    _touch_referrers(record)
    if isinstance(record, Reviewed) and before is not None:
        was_public = before["review_status"] == ReviewStatus.PUBLISHED
        if was_public and not is_public(record):
            record_tombstone(record=record, reason=RemovalReason.WITHDRAWN)
        elif is_public(record) and not was_public:
            Deletion.objects.filter(
                model=record._meta.model_name, record_id=record.pk, reason=RemovalReason.WITHDRAWN
            ).delete()


def record_deleting(*, record: models.Model) -> None:
    """Before a row goes (cascades and SET_NULL run after): move the records that show it."""
    _touch_owners(record)
    if type(record) in RECORD_MODELS:
        _touch_referrers(record)


def record_tombstone(*, record: models.Model, reason: str) -> Deletion:
    return Deletion.objects.create(
        model=record._meta.model_name,
        record_id=record.pk,
        external_id=getattr(record, "external_id", None) or "",
        reason=reason,
        # A withdrawn record was published until now; a deleted one, if it was published then.
        public=reason == RemovalReason.WITHDRAWN or is_public(record),
    )


def links_changed(
    *, field: models.ManyToManyField, record: models.Model, action: str, reverse: bool, pks
) -> None:
    """A record's list (``field``) gained or lost members, from the record's side or the member's.

    From the member's side (``source.attacks.add(attack)``) ``record`` is the member and
    ``pks`` the records whose list changed; ``pre_clear`` remembers them for ``post_clear``.
    """
    cleared = f"_sync_cleared_{field.model._meta.model_name}_{field.name}"
    if not reverse:
        if action == "post_clear" or (action in ("post_add", "post_remove") and pks):
            records_touch(model=field.model, pks=[record.pk], loaded=[record])
        return
    if action == "pre_clear":
        holders = field.model._base_manager.filter(**{field.name: record.pk})
        setattr(record, cleared, list(holders.values_list("pk", flat=True)))
    elif action == "post_clear":
        records_touch(model=field.model, pks=record.__dict__.pop(cleared, []))
    elif action in ("post_add", "post_remove"):
        records_touch(model=field.model, pks=pks or [])
