"""Derived data kept in step with every write, whoever makes it (admin, API, import, shell):
a figure's places key, and what a mirror needs (tombstones, timestamps that move)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from reports.choices import RemovalReason
from reports.models import Casualty
from reports.services import sync


def places_key(casualty_ids) -> None:
    """Store each figure's sorted place ids in ``places_key``; ``update()`` leaves its version alone."""
    through = Casualty.locations.through
    places: dict[int, list[int]] = {pk: [] for pk in casualty_ids}
    for casualty_id, location_id in through.objects.filter(casualty_id__in=places).values_list(
        "casualty_id", "location_id"
    ):
        places[casualty_id].append(location_id)
    for casualty_id, location_ids in places.items():
        key = ",".join(str(pk) for pk in sorted(location_ids))
        Casualty._base_manager.filter(pk=casualty_id).exclude(places_key=key).update(places_key=key)


@receiver(m2m_changed, sender=Casualty.locations.through)
def casualty_places_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        places_key([instance.pk])
    elif action == "pre_clear":
        # Clearing a place's figures: remember which, since post_clear does not say.
        instance._cleared_casualties = list(instance.casualties.values_list("pk", flat=True))
    elif action == "post_clear":
        places_key(getattr(instance, "_cleared_casualties", []))
    else:
        places_key(pk_set or [])


# Tombstones and moving timestamps (reports.services.sync) are kept by signals, not by the
# services that delete: cascades and bulk QuerySet.delete() never call Model.delete(), but
# Django's deletion collector sends pre_delete and post_delete for every row it removes (our
# receivers also stop it from deleting any of these rows without collecting them first); and a
# list can be edited from either side (attack.sources.add(), source.attacks.add()).


def _before_save(sender, instance, raw=False, **kwargs):
    if not raw:
        sync.record_before_save(record=instance)


def _saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        sync.record_saved(record=instance, created=created)


def _deleting(sender, instance, **kwargs):
    sync.record_deleting(record=instance)


def _deleted(sender, instance, **kwargs):
    sync.record_tombstone(record=instance, reason=RemovalReason.DELETED)


def _links_changed(field):
    def receiver(sender, instance, action, reverse, pk_set, **kwargs):
        sync.links_changed(field=field, record=instance, action=action, reverse=reverse, pks=pk_set)

    return receiver


for model in (*sync.RECORD_MODELS, *sync.PART_OF):
    uid = f"sync-{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_saved, sender=model, dispatch_uid=uid)
    pre_delete.connect(_deleting, sender=model, dispatch_uid=uid)
for model in sync.RECORD_MODELS:
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"sync-{model._meta.label}")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            _links_changed(field), sender=field.remote_field.through, dispatch_uid=f"sync-{field}", weak=False
        )
