"""/api/v1/locations/: the gazetteer of countries, regions, cities and sites."""

from decimal import Decimal

import pytest

from reports.models import Location, LocationName
from tests.api.helpers import (
    LOCATION_BRIEF,
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
from tests.builders import make_attack, make_location

pytestmark = pytest.mark.django_db

URL = "/api/v1/locations/"


def detail_url(location: Location) -> str:
    return f"{URL}{location.pk}/"


def make_oblast(**fields) -> Location:
    return make_location(kind="region", **fields)


def location_body(**overrides) -> dict:
    return {"name": "Poltava", "slug": "poltava", "kind": "city", "country": "UA", **overrides}


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_places_in_four_queries_however_many_there_are(anonymous, django_assert_num_queries, rows):
    for _ in range(rows):
        city = make_location(parent=make_oblast())
        LocationName.objects.create(location=city, name=f"{city.name} (uk)", language="uk")
    # 1 count, 2 the page's ids, 3 their rows joined with their parent, 4 alternative names.
    with django_assert_num_queries(4) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == 2 * rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_a_place_with_its_parent_nested_and_its_other_names(anonymous):
    oblast = make_oblast(name="Kharkiv Oblast", code="UA-63")
    city = make_location(
        name="Kharkiv", parent=oblast, latitude=Decimal("49.9935"), longitude=Decimal("36.230383")
    )
    LocationName.objects.create(location=city, name="Kharkov", language="en")

    assert matched(anonymous, URL) == ids(oblast, city)
    body = ok(anonymous.get(detail_url(city)))
    assert (body["name"], body["kind"], body["country"]) == ("Kharkiv", "city", "UA")
    assert (body["latitude"], body["longitude"]) == ("49.993500", "36.230383")
    assert body["names"] == [{"name": "Kharkov", "language": "en"}]
    assert body["parent"]["name"] == "Kharkiv Oblast"
    assert_brief(anonymous, body["parent"], oblast, LOCATION_BRIEF)


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    assert anonymous.post(URL, location_body()).status_code == 401
    assert not Location.objects.exists()


def test_a_reader_may_not_write(reader):
    place = make_location(name="Poltava")
    assert reader.post(URL, location_body(slug="other")).status_code == 403
    assert reader.patch(detail_url(place), {"name": "Changed"}, **if_match(place)).status_code == 403
    assert reader.delete(detail_url(place), **if_match(place)).status_code == 403
    assert list(Location.objects.values_list("name", flat=True)) == ["Poltava"]


def test_a_curator_creates_a_place_inside_its_parent_given_by_id(curator, anonymous):
    oblast = make_oblast()
    body = location_body(parent=oblast.pk, latitude="49.589", longitude="34.551")
    response = curator.post(URL, body)
    assert response.status_code == 201, response.content
    assert response.json()["parent"]["id"] == oblast.pk
    city = Location.objects.get(slug="poltava")
    assert (city.parent, city.latitude, city.longitude) == (oblast, Decimal("49.589"), Decimal("34.551"))
    assert matched(anonymous, URL, within_id=oblast.pk) == ids(oblast, city)


def test_a_curator_creates_a_place_with_its_other_names(curator):
    body = location_body(names=[{"name": "Полтава", "language": "uk"}])
    assert curator.post(URL, body).status_code == 201
    assert list(LocationName.objects.values_list("name", flat=True)) == ["Полтава"]


def test_a_curator_replaces_the_other_names_of_a_place(curator):
    city = make_location()
    LocationName.objects.create(location=city, name="Old spelling")
    response = curator.patch(
        detail_url(city), {"names": [{"name": "Kharkov", "language": "en"}]}, **if_match(city)
    )
    assert response.status_code == 200
    assert list(city.names.values_list("name", flat=True)) == ["Kharkov"]


def test_a_curator_moves_a_place_to_another_parent_and_what_is_inside_follows(curator, anonymous):
    old_oblast, new_oblast = make_oblast(), make_oblast()
    district = make_location(kind="district", parent=old_oblast)
    town = make_location(kind="town", parent=district)

    response = curator.patch(detail_url(district), {"parent": new_oblast.pk}, **if_match(district))
    assert response.status_code == 200, response.content
    district.refresh_from_db()
    assert district.parent == new_oblast
    assert matched(anonymous, URL, within_id=new_oblast.pk) == ids(new_oblast, district, town)
    assert matched(anonymous, URL, within_id=old_oblast.pk) == ids(old_oblast)


def test_a_curator_deletes_a_place_nothing_refers_to(curator):
    place = make_location()
    assert curator.delete(detail_url(place), **if_match(place)).status_code == 204
    assert not Location.objects.filter(pk=place.pk).exists()


def test_it_refuses_to_delete_a_place_that_was_attacked_or_holds_other_places(curator):
    attacked = make_attack().location
    oblast = make_oblast()
    make_location(parent=oblast)

    assert_conflict(curator.delete(detail_url(attacked), **if_match(attacked)))
    assert_conflict(curator.delete(detail_url(oblast), **if_match(oblast)))
    assert Location.objects.filter(pk__in=[attacked.pk, oblast.pk]).count() == 2


def test_it_finds_a_place_by_an_alternative_spelling_in_any_letter_case(anonymous):
    kharkiv = make_location(name="Kharkiv")
    LocationName.objects.create(location=kharkiv, name="Kharkov", language="en")
    kherson = make_location(name="Kherson")
    LocationName.objects.create(location=kherson, name="Cherson", language="de")

    assert matched(anonymous, URL, name="KHARKOV") == ids(kharkiv)
    assert matched(anonymous, URL, name="kherson") == ids(kherson)
    assert matched(anonymous, URL, name="Kharkovo") == []


def test_it_finds_the_places_inside_a_place_at_any_depth_itself_included(anonymous):
    oblast = make_oblast()
    district = make_location(kind="district", parent=oblast)
    town = make_location(kind="town", parent=district)
    other_oblast = make_oblast()
    other_city = make_location(parent=other_oblast)

    assert matched(anonymous, URL, within_id=oblast.pk) == ids(oblast, district, town)
    assert matched(anonymous, URL, within_id=[district.pk, other_oblast.pk]) == ids(
        district, town, other_oblast, other_city
    )


def test_it_filters_by_parent_kind_and_country(anonymous):
    oblast = make_oblast(country="UA")
    city = make_location(parent=oblast)
    town = make_location(kind="town", parent=oblast)
    make_location(kind="town", parent=make_oblast())
    russian_region = make_oblast(country="RU")

    assert matched(anonymous, URL, parent_id=oblast.pk) == ids(city, town)
    assert matched(anonymous, URL, parent_id=oblast.pk, kind="town") == ids(town)
    assert matched(anonymous, URL, kind="region", country="ru") == ids(russian_region)


def test_it_refuses_an_unknown_place_or_kind_naming_the_parameter(anonymous):
    make_location()
    assert_invalid(anonymous.get(URL, {"within_id": 999_999}), "within_id")
    assert_invalid(anonymous.get(URL, {"kind": "planet"}), "kind")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"slug": "kharkiv"}), "slug")


def test_it_orders_by_name_either_way_and_refuses_other_orderings(anonymous):
    sumy, kharkiv, poltava = (
        make_location(name="Sumy"),
        make_location(name="Kharkiv"),
        make_location(name="Poltava"),
    )

    assert listed_ids(anonymous, URL) == [kharkiv.pk, poltava.pk, sumy.pk]
    assert listed_ids(anonymous, URL, ordering="-name") == [sumy.pk, poltava.pk, kharkiv.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_location()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
