"""/api/v1/target-types/: the shared vocabulary of what was hit."""

import datetime

import pytest

from reports.models import TargetType
from tests.api.helpers import (
    assert_invalid,
    assert_no_auth_queries,
    assert_page_size_is_capped,
    ids,
    if_match,
    listed_ids,
    matched,
    ok,
)
from tests.builders import make_target

pytestmark = pytest.mark.django_db

URL = "/api/v1/target-types/"


def detail_url(target: TargetType) -> str:
    return f"{URL}{target.pk}/"


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_target_types_in_two_queries_however_many_there_are(
    anonymous, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_target()
    # 1 count, 2 page rows.
    with django_assert_num_queries(2) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_the_list_and_a_target_type(anonymous):
    building = make_target(slug="residential-building", name="Residential building")
    other = make_target()

    assert matched(anonymous, URL) == ids(building, other)
    body = ok(anonymous.get(detail_url(building)))
    assert (body["id"], body["slug"], body["name"]) == (
        building.pk,
        "residential-building",
        "Residential building",
    )
    assert body["url"] == f"http://testserver{detail_url(building)}"


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    assert anonymous.post(URL, {"slug": "power-plant", "name": "Power plant"}).status_code == 401
    assert not TargetType.objects.exists()


def test_a_reader_may_not_write(reader):
    target = make_target(name="Power plant")
    assert reader.post(URL, {"slug": "school", "name": "School"}).status_code == 403
    assert reader.patch(detail_url(target), {"name": "Changed"}, **if_match(target)).status_code == 403
    assert reader.delete(detail_url(target), **if_match(target)).status_code == 403
    assert list(TargetType.objects.values_list("name", flat=True)) == ["Power plant"]


def test_a_curator_creates_a_target_type(curator):
    response = curator.post(URL, {"slug": "energy-infrastructure", "name": "Energy infrastructure"})
    assert response.status_code == 201, response.content
    assert TargetType.objects.get(pk=response.json()["id"]).slug == "energy-infrastructure"


def test_a_curator_changes_a_target_type(curator):
    target = make_target(name="Power plant")
    response = curator.patch(detail_url(target), {"name": "Thermal power plant"}, **if_match(target))
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert target.name == "Thermal power plant"


def test_a_curator_deletes_a_target_type(curator):
    target = make_target()
    assert curator.delete(detail_url(target), **if_match(target)).status_code == 204
    assert not TargetType.objects.filter(pk=target.pk).exists()


def test_it_lists_only_what_changed_after_a_moment(anonymous):
    moment = datetime.datetime(2025, 2, 1, 12, tzinfo=datetime.UTC)
    changed, unchanged = make_target(), make_target()
    TargetType.objects.filter(pk=changed.pk).update(updated_at=moment + datetime.timedelta(seconds=1))
    TargetType.objects.filter(pk=unchanged.pk).update(updated_at=moment)

    assert matched(anonymous, URL, updated_after="2025-02-01T12:00:00Z") == ids(changed)


def test_it_refuses_a_moment_that_is_not_a_date_naming_the_parameter(anonymous):
    make_target()
    assert_invalid(anonymous.get(URL, {"updated_after": "yesterday"}), "updated_after")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"slug": "residential-building"}), "slug")


def test_it_orders_by_name_either_way_and_refuses_other_orderings(anonymous):
    school, bridge, hospital = (
        make_target(name="School"),
        make_target(name="Bridge"),
        make_target(name="Hospital"),
    )

    assert listed_ids(anonymous, URL) == [bridge.pk, hospital.pk, school.pk]
    assert listed_ids(anonymous, URL, ordering="-name") == [school.pk, hospital.pk, bridge.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_target()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
