"""Full-text search reads a stored ``tsvector`` column, on PostgreSQL only; accents are folded.

Migration 0008 indexed the expression ``to_tsvector(text)``: the index found the matching
rows, but ranking them (``ts_rank``) parsed the text of every match again, ~9,500 rows for
a common word. Each searched table now holds its text's ``tsvector`` in a generated column,
computed when a row is written; its GIN index (same name as before) and the ranking both
read it. The column is not a field of the models, so neither the history tables, nor the
bulk loader (``COPY`` with a list of columns), nor SQLite see it; on SQLite the search
reads the text (reports.services.search).

The text search configuration ``reports_text`` is ``simple`` (no stemming, no stop words)
with ``unaccent`` before it for the words that are not plain ASCII: "Khárkiv" and
"Kharkiv" are one word. ``unaccent`` is a trusted extension (PostgreSQL 13 and later): the
database's owner may create it. The SQL is written out here, not built from the code, so
that this migration keeps making what it made when the code changes later.
"""

from django.db import migrations

CONFIG = "reports_text"
COLUMN = "search_document"

# Table, index, and the text each document is made of: the same text as migration 0008's.
DOCUMENTS = [
    (
        "reports_statement",
        "reports_statement_text_gin",
        "COALESCE(quote, '') || ' ' || COALESCE(paraphrase, '')",
    ),
    ("reports_attack", "reports_attack_text_gin", "COALESCE(description, '')"),
    ("reports_source", "reports_source_text_gin", "COALESCE(title, '')::text"),
]

# The default parser's token types that may hold letters outside ASCII; the others (ASCII
# words, numbers, URLs...) have no accents to fold and keep ``simple`` alone.
ACCENTED_TOKENS = "word, numword, hword, numhword, hword_part, hword_numpart"


def store_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)")
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {ACCENTED_TOKENS} WITH unaccent, simple"
    )
    for table, index, text in DOCUMENTS:
        schema_editor.execute(f"DROP INDEX {index}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector"
            f" GENERATED ALWAYS AS (to_tsvector('{CONFIG}'::regconfig, {text})) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({COLUMN})")


def drop_documents(apps, schema_editor):
    """Back to 0008's expression indexes. The extension stays: it may have been there before."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, text in DOCUMENTS:
        schema_editor.execute(f"DROP INDEX {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {COLUMN}")
        schema_editor.execute(
            f"CREATE INDEX {index} ON {table} USING gin (to_tsvector('simple'::regconfig, {text}))"
        )
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION {CONFIG}")


def vacuum_searched_tables(apps, schema_editor):
    """Adding a stored column rewrites the table: its visibility map is empty (index-only scans
    read the table again) and the new column has no statistics, and autovacuum does not count a
    rewrite as changed rows. VACUUM cannot run inside a transaction, hence the migration is not
    atomic; the change itself is (``store_documents``)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"VACUUM ANALYZE {', '.join(table for table, _index, _text in DOCUMENTS)}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reports", "0009_tombstone_view_permission"),
    ]

    operations = [
        migrations.RunPython(store_documents, drop_documents, atomic=True),
        migrations.RunPython(vacuum_searched_tables, migrations.RunPython.noop),
    ]
