"""Derived columns kept in step with many-to-many links, whoever changes them (admin, API, import)."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from reports.models import Casualty


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
