"""The search benchmark's baseline without stored words finds the rows the stored words find, ranked alike.

Otherwise the ratio against it would compare two different answers.
"""

import pytest
from django.db import connection

from bench.measure import _documents_parsed, _matches_visited, _stored_documents
from reports.models import Attack, Source, Statement
from reports.services.search import text_search
from tests.builders import make_attack, make_source, make_statement

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="stored tsvector columns exist on PostgreSQL"
    ),
]


def rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Statement, lambda text: make_statement(quote=text)),
        (Attack, lambda text: make_attack(description=text)),
        (Source, lambda text: make_source(title=text)),
    ],
)
def test_parsing_the_text_per_row_finds_and_ranks_what_the_stored_words_do(model, make):
    for text in ["Drone over Khárkiv", "drone, drone and a drone", "A missile", "Drones twice: drone"]:
        make(text)
    queryset = (
        text_search(model.objects.all(), text="drone")
        .order_by("-search_rank", "pk")
        .values_list("pk", "search_rank")
    )
    sql, params = queryset.query.sql_with_params()

    parsed = _documents_parsed(sql, _stored_documents())

    assert "search_document" not in parsed and "to_tsvector" in parsed
    assert len(rows(sql, params)) == 3
    assert rows(parsed, params) == rows(sql, params)


@pytest.mark.parametrize(
    ("resource", "model", "make"),
    [
        ("statements", Statement, lambda text, **fields: make_statement(quote=text, **fields)),
        ("attacks", Attack, lambda text, **fields: make_attack(description=text, **fields)),
    ],
)
def test_the_floor_of_a_search_counts_every_match_drafts_and_all(resource, model, make):
    make("Drone over Khárkiv")
    make("drone, drone and a drone", review_status="draft")
    make("A missile")

    (count,) = rows(_matches_visited(f"/api/v1/{resource}/?q=drone"), None)[0]

    assert count == text_search(model.objects.all(), text="drone").count() == 2
