"""Reading an export as a client would: the CSV's rows, the GeoJSON's features."""

import csv
import io
import json

from tests.api.helpers import ok
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_location,
    make_source,
    make_statement,
    make_strength,
    make_target,
    make_wave,
    make_weapon,
)

# Every list endpoint, and how to make one of its records.
LISTS = {
    "sources": make_source,
    "actors": make_actor,
    "locations": make_location,
    "weapons": make_weapon,
    "target-types": make_target,
    "waves": make_wave,
    "attacks": make_attack,
    "casualties": make_casualty,
    "statements": make_statement,
    "force-deployments": make_deployment,
    "force-deployment-statuses": make_deployment_status,
    "force-strengths": make_strength,
}


def body(response) -> str:
    """The whole text of a streamed export (a page of JSON is never streamed)."""
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(body(response))))


def csv_records(response) -> list[dict[str, str]]:
    """Each data row by its header (no HXL row asked for)."""
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def features(response) -> list[dict]:
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    collection = json.loads(body(response))
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def every_page(client, path: str, **params) -> list[dict]:
    """Every record of a JSON list, following `next` from page to page."""
    page = ok(client.get(path, {**params, "page_size": 2}))
    records = page["results"]
    while page["next"]:
        page = ok(client.get(page["next"]))
        records += page["results"]
    return records
