"""The database itself refuses what breaks an invariant, whoever writes it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from reports.choices import DatePrecision, Qualifier
from reports.models import Casualty, Location
from tests.builders import make_attack, make_casualty, make_location, make_wave

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 2, 1)


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    "fields",
    [
        {"low": 5, "best": 3, "qualifier": Qualifier.APPROXIMATELY},
        {"best": 5, "high": 3, "qualifier": Qualifier.APPROXIMATELY},
        {"low": None, "best": None, "high": None},
        {"best": -1},
        {"best": None, "high": 9, "qualifier": Qualifier.RANGE},
        {"low": 2, "best": 3, "qualifier": Qualifier.EXACT},
        {"qualifier": "roughly"},
        {"kind": "wounded"},
        {"date_end": DAY - datetime.timedelta(days=1), "date_precision": DatePrecision.SPAN},
        {"date_end": DAY + datetime.timedelta(days=1), "date_precision": DatePrecision.DAY},
        {"rank": "preferred", "rank_reason": ""},
    ],
)
def test_a_casualty_row_that_breaks_a_rule_is_refused(fields):
    attack = make_attack()
    values = {"attack": attack, "kind": "killed", "best": 3, "qualifier": Qualifier.EXACT}
    values |= {"date_start": DAY, "date_end": DAY, "date_precision": DatePrecision.DAY} | fields
    assert_refused(lambda: Casualty.objects.create(**values))


def test_a_casualty_with_two_owners_is_refused():
    attack = make_attack()
    assert_refused(lambda: make_casualty(attack=attack, wave=make_wave()))


@pytest.mark.parametrize(
    "coordinates",
    [{"latitude": 90.5, "longitude": 30}, {"latitude": 50, "longitude": 180.5}, {"latitude": 50}],
)
def test_a_place_with_impossible_coordinates_is_refused(coordinates):
    assert_refused(
        lambda: Location.objects.create(name="X", slug="x", kind="city", country="UA", **coordinates)
    )


def test_moving_a_place_moves_everything_inside_it():
    old_region, new_region = make_location(kind="region"), make_location(kind="region")
    city = make_location(parent=old_region)
    site = make_location(parent=city, kind="site")

    city.parent = new_region
    city.save()

    assert set(Location.objects.within(new_region)) == {new_region, city, site}
    assert set(Location.objects.within(old_region)) == {old_region}
