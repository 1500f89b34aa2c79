"""The gazetteer shipped with the project: countries, regions and their centres.

``reports/data/gazetteer.json`` is a JSON list of places, each parent before its children:

    {"slug": "kharkiv", "name": "Kharkiv", "kind": "city", "country": "UA", "code": null,
     "parent": "kharkiv-oblast", "latitude": 49.9935, "longitude": 36.230383,
     "names": [{"name": "Kharkov", "language": "en"}, {"name": "Харків", "language": "uk"}]}

``parent`` is the slug of a place earlier in the list (null for a country), ``code`` the
ISO 3166-2 code of a region (null otherwise), ``kind`` a ``LocationKind`` value and
``language`` a BCP 47 tag. Places are matched by slug and alternative names by
(place, name); the loader adds and corrects rows but never deletes any, so names that
curators added by hand survive a reload.
"""

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from reports.models import Location, LocationName

GAZETTEER_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.json"

# Compared with the stored row to tell an update from a no-op; the parent is compared apart.
LOCATION_FIELDS = ("name", "kind", "country", "code", "latitude", "longitude")

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class GazetteerError(Exception):
    """The gazetteer file names a place that cannot be loaded as it stands."""


@dataclass(frozen=True)
class GazetteerLoadResult:
    """How many rows, places and alternative names together, a load created, updated or left alone."""

    created: int
    updated: int
    unchanged: int


@transaction.atomic
def gazetteer_load(*, path: Path | None = None) -> GazetteerLoadResult:
    """Upsert the gazetteer file (the shipped one by default); running it again changes nothing."""
    # Decimal, not float, so that 49.9935 compares equal to the stored DecimalField value.
    entries = json.loads((path or GAZETTEER_PATH).read_text(encoding="utf-8"), parse_float=Decimal)
    existing = Location.objects.in_bulk([entry["slug"] for entry in entries], field_name="slug")
    existing_names = {
        (name.location_id, name.name): name
        for name in LocationName.objects.filter(location__in=existing.values())
    }
    counts: Counter[str] = Counter()
    loaded: dict[str, Location] = {}
    for entry in entries:
        location, outcome = _location_upsert(entry=entry, existing=existing, loaded=loaded)
        loaded[location.slug] = location
        counts[outcome] += 1
        for alternative in entry.get("names", []):
            counts[_name_upsert(location=location, alternative=alternative, existing=existing_names)] += 1
    return GazetteerLoadResult(created=counts[CREATED], updated=counts[UPDATED], unchanged=counts[UNCHANGED])


def _location_upsert(
    *, entry: dict[str, Any], existing: dict[str, Location], loaded: dict[str, Location]
) -> tuple[Location, str]:
    slug = entry["slug"]
    parent_slug = entry.get("parent")
    if parent_slug is not None and parent_slug not in loaded:
        raise GazetteerError(f"{slug}: its parent {parent_slug!r} must come earlier in the file.")
    parent = loaded[parent_slug] if parent_slug is not None else None
    values = {field: entry.get(field) for field in LOCATION_FIELDS}

    location = existing.get(slug)
    if location is None:
        location, outcome = Location(slug=slug, parent=parent, **values), CREATED
    elif location.parent_id == (parent.pk if parent else None) and all(
        getattr(location, field) == value for field, value in values.items()
    ):
        return location, UNCHANGED
    else:
        location.parent = parent
        for field, value in values.items():
            setattr(location, field, value)
        outcome = UPDATED

    try:
        # The path is derived by save(), so it is not the file's to validate.
        location.full_clean(exclude=["path"])
    except ValidationError as error:
        raise GazetteerError(f"{slug}: {error.message_dict}") from error
    # save(), not bulk_create(): save() maintains the materialised path.
    location.save()
    return location, outcome


def _name_upsert(
    *,
    location: Location,
    alternative: dict[str, str],
    existing: dict[tuple[int, str], LocationName],
) -> str:
    name, language = alternative["name"], alternative.get("language", "")
    row = existing.get((location.pk, name))
    if row is not None and row.language == language:
        return UNCHANGED
    outcome = CREATED if row is None else UPDATED
    row = row or LocationName(location=location, name=name)
    row.language = language
    try:
        row.full_clean()
    except ValidationError as error:
        raise GazetteerError(f"{location.slug}: name {name!r}: {error.message_dict}") from error
    row.save()
    return outcome
