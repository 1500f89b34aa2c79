"""What every resource's tests ask of the API: its rows, its errors, its nested records, its page cap."""

import datetime
import re

from django.db import connection

from api.pagination import PageNumberPagination
from reports.choices import DatePrecision

JAN_30 = datetime.date(2025, 1, 30)
JAN_31 = datetime.date(2025, 1, 31)
FEB_1 = datetime.date(2025, 2, 1)
FEB_2 = datetime.date(2025, 2, 2)

# The brief form of each record wherever it appears nested inside another.
SOURCE_BRIEF = {"id", "url", "title", "publisher", "published_on"}
ACTOR_BRIEF = {"id", "url", "slug", "name", "kind"}
LOCATION_BRIEF = {"id", "url", "slug", "name", "kind"}
WEAPON_BRIEF = {"id", "url", "slug", "name"}
TARGET_TYPE_BRIEF = {"id", "url", "slug", "name"}
WAVE_BRIEF = {"id", "url", "name", "date_start", "date_end"}
ATTACK_BRIEF = {"id", "url", "date_start", "date_end"}
STATEMENT_BRIEF = {"id", "url", "speech_act", "date_start", "date_end"}
DEPLOYMENT_BRIEF = {"id", "url", "name"}

_AUTH_TABLES = re.compile(r'"(auth_|knox_|django_session)')


def span(start: datetime.date, end: datetime.date) -> dict:
    """Builder fields for a record over several days (the night of 31 January to 1 February)."""
    return {"date_start": start, "date_end": end, "date_precision": DatePrecision.SPAN}


def ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


def listed_ids(client, path: str, **params) -> list[int]:
    """The ids on the first page, in the order given; a list parameter is sent repeated."""
    return [row["id"] for row in ok(client.get(path, params))["results"]]


def matched(client, path: str, **params) -> list[int]:
    """The ids a filter returns, sorted; a row listed twice would show up twice."""
    return sorted(listed_ids(client, path, **params))


def ids(*records) -> list[int]:
    return sorted(record.pk for record in records)


def assert_invalid(response, parameter: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert parameter in body["errors"], body


def assert_conflict(response) -> None:
    assert response.status_code == 409, response.content
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == "conflict"
    assert body["detail"].startswith("Cannot delete"), body


def assert_no_auth_queries(captured) -> None:
    """An anonymous read neither loads a user, nor a token, nor a session."""
    touched = [query["sql"] for query in captured.captured_queries if _AUTH_TABLES.search(query["sql"])]
    assert touched == []


def assert_brief(client, nested: dict, record, fields: set[str]) -> None:
    """A nested record is shown brief, and its url leads to the record itself."""
    assert set(nested) == fields
    assert nested["id"] == record.pk
    assert ok(client.get(nested["url"]))["id"] == record.pk


def assert_page_size_is_capped(client, path: str, *, rows: int, monkeypatch) -> None:
    """Asking for more rows than the cap gets the cap, not an error; `rows` rows exist."""
    assert PageNumberPagination.max_page_size == 500
    body = ok(client.get(path, {"page_size": 1_000_000_000}))
    assert (len(body["results"]), body["next"]) == (rows, None)

    monkeypatch.setattr(PageNumberPagination, "max_page_size", 2)
    body = ok(client.get(path, {"page_size": 1000}))
    assert len(body["results"]) == 2
    assert body["next"] is not None


def if_match(record) -> dict:
    """The If-Match header of a write to ``record`` by a client that has read it as it is stored now."""
    record.refresh_from_db(fields=["version"])
    return {"HTTP_IF_MATCH": f'"{record.version}"'}


def analyze(tables: list[str], gin_indexes: list[str]) -> None:
    """Table statistics for the planner, and the GIN indexes' pending entries folded in.

    A GIN index keeps new entries in a pending list until VACUUM (which cannot run inside a
    test's transaction) or gin_clean_pending_list merges them; until then the planner prices
    a scan of the index as a scan of that whole list, and rightly prefers the table.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")
        for index in gin_indexes:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
