"""Pages without a count: ?count=false reads the page without counting every matching row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import ok
from tests.builders import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_sources():
    return [make_source() for _ in range(5)]


def test_a_page_without_count_has_the_same_rows_and_links_as_a_counted_one(anonymous, five_sources):
    for page in (1, 2, 3):
        counted = ok(anonymous.get("/api/v1/sources/", {"page_size": 2, "page": page}))
        uncounted = ok(anonymous.get("/api/v1/sources/", {"page_size": 2, "page": page, "count": "false"}))

        assert "count" not in uncounted
        assert counted["count"] == 5
        assert uncounted["results"] == counted["results"]
        assert (uncounted["next"] is None) == (counted["next"] is None)
        assert (uncounted["previous"] is None) == (counted["previous"] is None)


def test_the_links_of_a_page_without_count_keep_count_false(anonymous, five_sources):
    body = ok(anonymous.get("/api/v1/sources/", {"page_size": 2, "page": 2, "count": "false"}))

    assert body["next"] == "http://testserver/api/v1/sources/?count=false&page=3&page_size=2"
    assert body["previous"] == "http://testserver/api/v1/sources/?count=false&page_size=2"


def test_a_page_without_count_runs_no_count_query(anonymous, five_sources):
    with CaptureQueriesContext(connection) as queries:
        ok(anonymous.get("/api/v1/sources/", {"count": "false"}))

    selects = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    # One query: the page's rows and one more, to know whether a next page exists.
    assert len(selects) == 1
    assert "COUNT(" not in selects[0].upper()


@pytest.mark.parametrize("page", ["9", "0", "two"])
def test_a_page_past_the_end_or_not_a_number_is_not_found(anonymous, five_sources, page):
    response = anonymous.get("/api/v1/sources/", {"count": "false", "page": page})

    assert response.status_code == 404


def test_count_must_be_true_or_false(anonymous):
    response = anonymous.get("/api/v1/sources/", {"count": "no"})

    assert response.status_code == 400
    assert "count" in response.json()["errors"]
