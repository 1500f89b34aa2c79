"""Indexes for place-name and full-text search, on PostgreSQL only.

The trigram indexes are built from the definitions in reports.services.search, the same
objects the queries use, so an index cannot describe another expression than the query asks
for. Changing one of those definitions needs a new migration that drops and re-creates
its index. The full-text indexes are written out here as they were: migration 0010 replaced
them by indexes on stored columns. SQLite has neither trigram nor GIN indexes; there the
searches scan.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from reports.services.search import NAME_INDEXES

TEXT_INDEXES = {
    model_name: GinIndex(SearchVector(*fields, config="simple"), name=f"reports_{model_name}_text_gin")
    for model_name, fields in (
        ("statement", ("quote", "paraphrase")),
        ("attack", ("description",)),
        ("source", ("title",)),
    )
}


def _indexes(apps):
    for model_name, index in [*NAME_INDEXES.items(), *TEXT_INDEXES.items()]:
        yield apps.get_model("reports", model_name), index


def add_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def remove_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_tombstones_search_names_places_key"),
    ]

    operations = [
        # pg_trgm (trusted since PostgreSQL 13, so a database owner may create it); a no-op elsewhere.
        TrigramExtension(),
        migrations.RunPython(add_search_indexes, remove_search_indexes),
    ]
