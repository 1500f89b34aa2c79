"""Every list whose records have places filters by place: a place includes what lies inside it."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from reports.models import Location, LocationName
from tests.api.helpers import assert_invalid, ids, matched
from tests.builders import (
    make_attack,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_location,
    make_statement,
    make_strength,
    make_wave,
)

pytestmark = pytest.mark.django_db


@dataclass
class Map:
    oblast: Location
    city: Location
    other_oblast: Location
    other_city: Location
    russia_region: Location


@pytest.fixture
def places() -> Map:
    oblast = make_location(
        name="Kharkiv Oblast", kind="region", latitude=Decimal("49.5"), longitude=Decimal("36.5")
    )
    city = make_location(name="Kharkiv", parent=oblast, latitude=Decimal("49.99"), longitude=Decimal("36.23"))
    LocationName.objects.create(location=city, name="Kharkov", language="en")
    other_oblast = make_location(
        name="Odesa Oblast", kind="region", latitude=Decimal("46.8"), longitude=Decimal("30.2")
    )
    other_city = make_location(
        name="Odesa", parent=other_oblast, latitude=Decimal("46.48"), longitude=Decimal("30.72")
    )
    russia_region = make_location(
        name="Kursk Oblast", kind="region", country="RU", latitude=Decimal("51.7"), longitude=Decimal("36.2")
    )
    return Map(oblast, city, other_oblast, other_city, russia_region)


def test_asking_for_an_oblast_returns_the_attacks_in_its_city_and_on_itself(anonymous, places):
    in_city, on_oblast = make_attack(location=places.city), make_attack(location=places.oblast)
    make_attack(location=places.other_city)

    assert matched(anonymous, "/api/v1/attacks/", location_id=places.oblast.pk) == ids(in_city, on_oblast)
    assert matched(anonymous, "/api/v1/attacks/", location=places.oblast.slug) == ids(in_city, on_oblast)
    assert matched(anonymous, "/api/v1/attacks/", location=places.city.slug) == ids(in_city)


def test_a_repeated_place_means_either_and_another_filter_must_match_too(anonymous, places):
    in_kharkiv = make_attack(location=places.city, damage="destroyed")
    in_odesa = make_attack(location=places.other_city, damage="damaged")
    make_attack(location=places.russia_region, damage="destroyed")

    both = matched(anonymous, "/api/v1/attacks/", location=[places.oblast.slug, places.other_oblast.slug])
    assert both == ids(in_kharkiv, in_odesa)
    assert matched(
        anonymous,
        "/api/v1/attacks/",
        location_id=[places.oblast.pk, places.other_oblast.pk],
        damage="damaged",
    ) == ids(in_odesa)


def test_casualty_figures_are_found_by_their_own_places_their_attacks_or_their_deployments(anonymous, places):
    by_attack = make_casualty(attack=make_attack(location=places.city))
    by_own_place = make_casualty(attack=make_attack(location=places.other_city), locations=[places.city])
    by_deployment = make_casualty(deployment=make_deployment(location=places.oblast))
    make_casualty(attack=make_attack(location=places.other_city))

    assert matched(anonymous, "/api/v1/casualties/", location_id=places.oblast.pk) == ids(
        by_attack, by_own_place, by_deployment
    )
    assert matched(anonymous, "/api/v1/casualties/", location=places.city.slug) == ids(
        by_attack, by_own_place
    )


def test_statements_are_found_by_the_places_of_what_they_are_about(anonymous, places):
    about_attack, about_wave, about_deployment, elsewhere = (make_statement() for _ in range(4))
    about_attack.about_attacks.set([make_attack(location=places.city)])
    wave = make_wave()
    make_attack(wave=wave, location=places.city)
    about_wave.about_waves.set([wave])
    about_deployment.about_deployments.set([make_deployment(location=places.oblast)])
    elsewhere.about_attacks.set([make_attack(location=places.other_city)])

    assert matched(anonymous, "/api/v1/statements/", location=places.oblast.slug) == ids(
        about_attack, about_wave, about_deployment
    )
    assert matched(anonymous, "/api/v1/statements/", location=places.other_oblast.slug) == ids(elsewhere)


def test_waves_are_found_by_the_places_of_their_attacks_each_once(anonymous, places):
    wave, other_wave = make_wave(), make_wave()
    make_attack(wave=wave, location=places.city)
    make_attack(wave=wave, location=places.oblast)
    make_attack(wave=other_wave, location=places.other_city)

    assert matched(anonymous, "/api/v1/waves/", location_id=places.oblast.pk) == ids(wave)
    assert matched(anonymous, "/api/v1/waves/", country="UA") == ids(wave, other_wave)


def test_deployments_and_their_figures_and_statuses_are_found_by_the_deployments_place(anonymous, places):
    in_kursk = make_deployment(location=places.russia_region)
    in_kharkiv = make_deployment(location=places.city)
    strength, status = make_strength(deployment=in_kursk), make_deployment_status(deployment=in_kursk)
    make_strength(deployment=in_kharkiv)
    make_deployment_status(deployment=in_kharkiv)

    assert matched(anonymous, "/api/v1/force-deployments/", location_id=places.oblast.pk) == ids(in_kharkiv)
    assert matched(anonymous, "/api/v1/force-deployments/", country="ru") == ids(in_kursk)
    assert matched(anonymous, "/api/v1/force-strengths/", location=places.russia_region.slug) == ids(strength)
    assert matched(anonymous, "/api/v1/force-deployment-statuses/", country="RU") == ids(status)


def test_country_takes_iso_codes_in_either_case_a_repeated_one_meaning_either(anonymous, places):
    in_ukraine, in_russia = make_attack(location=places.city), make_attack(location=places.russia_region)
    make_attack(location=make_location(country="KP"))

    assert matched(anonymous, "/api/v1/attacks/", country="ua") == ids(in_ukraine)
    assert matched(anonymous, "/api/v1/attacks/", country=["UA", "ru"]) == ids(in_ukraine, in_russia)
    assert matched(anonymous, "/api/v1/locations/", country="ru") == ids(places.russia_region)


def test_a_bounding_box_finds_the_records_at_places_inside_it(anonymous, places):
    in_kharkiv, in_odesa = make_attack(location=places.city), make_attack(location=places.other_city)
    make_attack(location=places.russia_region)
    make_attack(location=make_location())  # no coordinates: in no box

    # Around Kharkiv city but not the oblast's centre, nor Kursk to the north.
    assert matched(anonymous, "/api/v1/attacks/", bbox="36,49.8,36.5,50.2") == ids(in_kharkiv)
    # Southern Ukraine and Kharkiv, the edges included (Odesa at exactly 30.72).
    assert matched(anonymous, "/api/v1/attacks/", bbox="30.72,46,37,50") == ids(in_kharkiv, in_odesa)
    assert matched(anonymous, "/api/v1/locations/", bbox="36,49,37,50.5") == ids(places.oblast, places.city)


def test_place_finds_records_by_any_name_of_their_place_or_of_a_place_around_it(anonymous, places):
    in_city, on_oblast = make_attack(location=places.city), make_attack(location=places.oblast)
    make_attack(location=places.other_city)

    assert matched(anonymous, "/api/v1/attacks/", place="KHARKOV") == ids(in_city)
    assert matched(anonymous, "/api/v1/attacks/", place="Kharkiv") == ids(in_city)
    assert matched(anonymous, "/api/v1/attacks/", place="kharkiv oblast") == ids(in_city, on_oblast)
    assert matched(anonymous, "/api/v1/attacks/", place="Kharkovo") == []


def test_place_works_on_figures_and_statements_too(anonymous, places):
    figure = make_casualty(attack=make_attack(location=places.city))
    statement = make_statement()
    statement.about_attacks.set([figure.attack])
    make_casualty(attack=make_attack(location=places.other_city))

    assert matched(anonymous, "/api/v1/casualties/", place="Kharkov") == ids(figure)
    assert matched(anonymous, "/api/v1/statements/", place="Kharkov") == ids(statement)


@pytest.mark.parametrize(
    "path", ["/api/v1/attacks/", "/api/v1/casualties/", "/api/v1/statements/", "/api/v1/waves/"]
)
def test_an_unknown_or_malformed_place_is_a_400_naming_the_parameter(anonymous, path):
    assert_invalid(anonymous.get(path, {"location": "nowhere"}), "location")
    assert_invalid(anonymous.get(path, {"location_id": "kharkiv"}), "location_id")
    assert_invalid(anonymous.get(path, {"location_id": 999_999}), "location_id")
    assert_invalid(anonymous.get(path, {"country": "Ukraine"}), "country")
    assert_invalid(anonymous.get(path, {"country": "XX"}), "country")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/attacks/",
        "/api/v1/casualties/",
        "/api/v1/statements/",
        "/api/v1/waves/",
        "/api/v1/force-deployments/",
        "/api/v1/force-strengths/",
        "/api/v1/force-deployment-statuses/",
    ],
)
def test_every_list_with_places_takes_the_same_place_parameters(anonymous, path, places):
    for parameter, value in [
        ("location_id", places.oblast.pk),
        ("location", places.oblast.slug),
        ("country", "UA"),
        ("bbox", "30,45,40,52"),
        ("place", "Kharkiv"),
    ]:
        assert matched(anonymous, path, **{parameter: value}) == []
