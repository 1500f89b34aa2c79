"""/api/v1/weapons/: the shared vocabulary of weapon kinds."""

import pytest

from reports.models import Weapon
from tests.api.helpers import (
    WEAPON_BRIEF,
    assert_brief,
    assert_conflict,
    assert_invalid,
    assert_no_auth_queries,
    assert_page_size_is_capped,
    ids,
    if_match,
    listed_ids,
    matched,
    ok,
)
from tests.builders import make_weapon

pytestmark = pytest.mark.django_db

URL = "/api/v1/weapons/"


def detail_url(weapon: Weapon) -> str:
    return f"{URL}{weapon.pk}/"


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_weapons_in_three_queries_however_many_there_are(anonymous, django_assert_num_queries, rows):
    for _ in range(rows):
        make_weapon(parent=make_weapon())
    # 1 count, 2 the page's ids, 3 their rows joined with their broader kind.
    with django_assert_num_queries(3) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == 2 * rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_a_weapon_with_its_broader_kind_nested_and_brief(anonymous):
    drone = make_weapon(name="Drone", slug="drone")
    strike_drone = make_weapon(name="Strike drone", slug="strike-drone", parent=drone)

    assert matched(anonymous, URL) == ids(drone, strike_drone)
    body = ok(anonymous.get(detail_url(strike_drone)))
    assert (body["slug"], body["name"]) == ("strike-drone", "Strike drone")
    assert body["parent"]["slug"] == "drone"
    assert_brief(anonymous, body["parent"], drone, WEAPON_BRIEF)


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    assert anonymous.post(URL, {"slug": "missile", "name": "Missile"}).status_code == 401
    assert not Weapon.objects.exists()


def test_a_reader_may_not_write(reader):
    weapon = make_weapon(name="Missile")
    assert reader.post(URL, {"slug": "drone", "name": "Drone"}).status_code == 403
    assert reader.patch(detail_url(weapon), {"name": "Changed"}, **if_match(weapon)).status_code == 403
    assert reader.delete(detail_url(weapon), **if_match(weapon)).status_code == 403
    assert list(Weapon.objects.values_list("name", flat=True)) == ["Missile"]


def test_a_curator_creates_a_weapon_under_its_broader_kind_given_by_id(curator):
    missile = make_weapon(name="Missile")
    response = curator.post(URL, {"slug": "cruise-missile", "name": "Cruise missile", "parent": missile.pk})
    assert response.status_code == 201, response.content
    assert response.json()["parent"]["id"] == missile.pk
    assert Weapon.objects.get(slug="cruise-missile").parent == missile


def test_a_curator_changes_a_weapon(curator):
    weapon = make_weapon(description="")
    response = curator.patch(detail_url(weapon), {"description": "Guided by satellite."}, **if_match(weapon))
    assert response.status_code == 200, response.content
    weapon.refresh_from_db()
    assert weapon.description == "Guided by satellite."


def test_a_curator_deletes_a_weapon(curator):
    weapon = make_weapon()
    assert curator.delete(detail_url(weapon), **if_match(weapon)).status_code == 204
    assert not Weapon.objects.filter(pk=weapon.pk).exists()


def test_it_refuses_to_delete_a_weapon_that_has_narrower_kinds(curator):
    drone = make_weapon()
    make_weapon(parent=drone)
    assert_conflict(curator.delete(detail_url(drone), **if_match(drone)))
    assert Weapon.objects.filter(pk=drone.pk).exists()


def test_it_filters_by_broader_kind_a_repeated_id_meaning_either(anonymous):
    missile, drone = make_weapon(), make_weapon()
    cruise, strike = make_weapon(parent=missile), make_weapon(parent=drone)
    make_weapon(parent=make_weapon())

    assert matched(anonymous, URL, parent_id=missile.pk) == ids(cruise)
    assert matched(anonymous, URL, parent_id=[missile.pk, drone.pk]) == ids(cruise, strike)


def test_it_refuses_an_unknown_broader_kind_naming_the_parameter(anonymous):
    make_weapon()
    assert_invalid(anonymous.get(URL, {"parent_id": 999_999}), "parent_id")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"parent": "drone"}), "parent")


def test_it_orders_by_name_either_way_and_refuses_other_orderings(anonymous):
    missile, bomb, drone = (
        make_weapon(name="Missile"),
        make_weapon(name="Aerial bomb"),
        make_weapon(name="Drone"),
    )

    assert listed_ids(anonymous, URL) == [bomb.pk, drone.pk, missile.pk]
    assert listed_ids(anonymous, URL, ordering="-name") == [missile.pk, drone.pk, bomb.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_weapon()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
