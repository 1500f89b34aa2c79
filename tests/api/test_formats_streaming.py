"""An export streams: it reads its rows in batches as it writes them, so memory and queries stay per batch.

On PostgreSQL a CSV's lists are subqueries of its rows' query (api/exports.py): one query in all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api import exports, renderers
from tests.api.export_helpers import LISTS, body, csv_records
from tests.builders import make_attack

pytestmark = pytest.mark.django_db

# The queries of one batch beyond its rows: the prefetches of each model's for_api().
PREFETCHES = {
    "sources": [],
    "actors": [],
    "locations": ["names"],
    "weapons": [],
    "target-types": [],
    "waves": ["weapons", "sources", "attacks", "casualties"],
    "attacks": ["weapons", "targets", "sources", "casualties"],
    "casualties": ["claimants", "sources", "locations"],
    "statements": ["sources", "about_actors", "about_attacks", "about_waves", "about_deployments"],
    "force-deployments": ["sources", "statuses", "strengths", "casualties"],
    "force-deployment-statuses": ["claimants", "sources"],
    "force-strengths": ["claimants", "sources"],
}


@pytest.mark.parametrize("rows", [3, 6])
@pytest.mark.parametrize("resource", LISTS)
def test_an_export_of_one_batch_costs_the_same_queries_however_many_rows(
    anonymous, django_assert_num_queries, resource, rows
):
    for _ in range(rows):
        LISTS[resource]()
    # None before the body streams; then 1 the rows with their joined brief records, and (but on
    # PostgreSQL, where they are subqueries of that one) one query per prefetch of the batch, named
    # in PREFETCHES.
    prefetches = 0 if connection.vendor == "postgresql" else len(PREFETCHES[resource])
    with django_assert_num_queries(1 + prefetches):
        response = anonymous.get(f"/api/v1/{resource}/", {"format": "csv"})
        exported = csv_records(response)
    assert len(exported) >= rows


def test_a_large_export_reads_its_rows_batch_by_batch_while_it_streams(anonymous, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_BATCH_SIZE", 2)
    monkeypatch.setattr(renderers, "CHUNK_CHARACTERS", 1)  # send each row as soon as it is written
    attacks = [make_attack() for _ in range(5)]
    per_batch = 0 if connection.vendor == "postgresql" else len(PREFETCHES["attacks"])

    with CaptureQueriesContext(connection) as captured:
        response = anonymous.get("/api/v1/attacks/", {"format": "csv"})
        assert response.streaming
        chunks = iter(response.streaming_content)
        answered = len(captured)  # no row read yet

        header = next(chunks).decode()
        assert header.startswith("id,url,")
        assert len(captured) == answered

        next(chunks)  # the first row: the rows' query has run, and the first batch's prefetches
        assert len(captured) == answered + 1 + per_batch

        rest = b"".join(chunks).decode()
        # Five rows in three batches of at most two: each batch prefetched once (on PostgreSQL, by
        # the rows' query), no query per row.
        assert len(captured) == answered + 1 + 3 * per_batch
    assert rest.count("\r\n") == len(attacks) - 1


def test_a_large_geojson_export_is_read_in_batches_too(anonymous, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_BATCH_SIZE", 2)
    attacks = [make_attack() for _ in range(5)]

    with CaptureQueriesContext(connection) as captured:
        response = anonymous.get("/api/v1/attacks/", {"format": "geojson"})
        text = body(response)

    # 1 the rows, then the four prefetches of each of the three batches.
    assert len(captured) == 1 + 3 * len(PREFETCHES["attacks"])
    assert text.count('"type": "Feature"') == len(attacks)


def test_the_batches_together_hold_every_row_once_in_order(anonymous, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_BATCH_SIZE", 2)
    attacks = [make_attack() for _ in range(5)]
    rows = csv_records(anonymous.get("/api/v1/attacks/", {"format": "csv", "ordering": "-id"}))
    assert [int(row["id"]) for row in rows] == sorted((attack.pk for attack in attacks), reverse=True)


# As a response streams: after the request's transaction, so not inside the test's.
# serialized_rollback: emptying the tables afterwards must not re-create content types and permissions
# under new ids, or the next test that restores the migrations' rows collides with them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_export_left_after_its_first_row_leaves_the_connection_usable(anonymous, monkeypatch):
    monkeypatch.setattr(renderers, "CHUNK_CHARACTERS", 1)  # each row its own piece
    attacks = [make_attack() for _ in range(5)]
    response = anonymous.get("/api/v1/attacks/", {"format": "csv"})
    chunks = iter(response.streaming_content)
    next(chunks)  # the header
    next(chunks)  # the first row: the rows are being read
    response.close()  # the client went away: the rest is never read

    # The next request on the same connection is answered in full.
    assert len(csv_records(anonymous.get("/api/v1/attacks/", {"format": "csv"}))) == len(attacks)


def test_an_export_of_a_queryset_that_can_hold_no_row_is_empty():
    from api.columns import CASUALTY
    from reports.models import Casualty

    columns = [exports.Column("id", exports.value_at("pk"), "", exports.Lookup("pk")), *CASUALTY.columns]
    assert list(CASUALTY.csv_table(Casualty.objects.none(), columns, viewer=None).rows) == []
    assert list(CASUALTY.cells(Casualty.objects.none(), columns, viewer=None)) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a COPY is PostgreSQL's")
def test_a_copy_without_parameters_reads_the_sql_as_django_wrote_it():
    # Django writes a "%" of the SQL's own as "%%", merged back with the parameters; a COPY
    # without any must read it as the query does.
    sql, params = "SELECT '100%%' AS share", []
    assert list(map(bytes, exports._copied_lines("default", (sql, params)))) == [b"100%"]
    assert list(map(bytes, exports._copied_lines("default", ("SELECT '100%%' || %s AS share", ["!"])))) == [
        b"100%!"
    ]
