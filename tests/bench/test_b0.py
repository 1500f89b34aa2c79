"""B0, the benchmark's bare baseline, writes the very bytes the API writes for the pages it serves.

Otherwise the benchmark's ratio would compare two different answers.
"""

import io

import pytest
from django.db import connection

from bench import b0
from bench.generate import load

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="B0 runs its SQL with psycopg on PostgreSQL"
    ),
]


@pytest.fixture
def dataset(monkeypatch):
    load(scale=0.0005, seed=3, log=lambda line: None)
    # B0 reads through the test's own connection, so it sees the rows this test wrote.
    monkeypatch.setattr(b0, "_cursor", lambda: connection.connection.cursor())


def b0_body(url: str) -> bytes:
    path, _, query = url.partition("?")
    status: list[str] = []
    body = b0.application(
        {"PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO()},
        lambda code, headers: status.append(code),
    )
    assert status == ["200 OK"]
    return b"".join(body)


@pytest.mark.parametrize("page", [1, 2, 5])
def test_an_attacks_page_is_byte_for_byte_the_apis(dataset, anonymous, page):
    url = f"/api/v1/attacks/?count=false&page_size=10&page={page}"

    response = anonymous.get(url)

    assert response.status_code == 200
    assert response.json()["results"], "the page should not be empty"
    assert b0_body(url) == response.content


@pytest.mark.parametrize("page", [1, 2])
def test_a_casualties_page_by_region_and_dates_is_byte_for_byte_the_apis(dataset, anonymous, page):
    from reports.models import Attack

    oblast_path = Attack.objects.published().values_list("location__path", flat=True).first()
    oblast_id = oblast_path.strip("/").split("/")[1]
    url = (
        f"/api/v1/casualties/?count=false&date_from=2022-01-01&date_to=2026-12-31"
        f"&location_id={oblast_id}&page_size=10&page={page}"
    )

    response = anonymous.get(url)

    assert response.status_code == 200
    assert response.json()["results"], "the page should not be empty"
    assert b0_body(url) == response.content


def test_a_figure_placed_only_by_its_deployment_is_on_both_pages(dataset, anonymous):
    """The API finds a figure in a place by its own places, its attack's or its deployment's."""
    from reports.models import Attack, Casualty

    oblast_path = Attack.objects.published().values_list("location__path", flat=True).first()
    oblast_id = int(oblast_path.strip("/").split("/")[1])
    figure = Casualty.objects.published().filter(deployment__isnull=False).first()
    assert figure is not None, "the dataset should hold a deployment's figure"
    figure.deployment.location_id = oblast_id
    figure.deployment.save()
    figure.locations.clear()
    url = (
        f"/api/v1/casualties/?count=false&date_from={figure.date_start}&date_to={figure.date_end}"
        f"&location_id={oblast_id}&page_size=100"
    )

    response = anonymous.get(url)

    assert figure.pk in [row["id"] for row in response.json()["results"]]
    assert b0_body(url) == response.content
