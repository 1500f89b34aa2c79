"""Places are found by any of their names and spellings, letter case and accents ignored."""

import pytest
from django.db import connection

from api.filters.sets import AttackFilterSet, LocationFilterSet
from reports.models import Attack, Location, LocationName
from reports.services.search import NAME_INDEXES, places_matching, places_named
from reports.text import fold
from tests.api.helpers import analyze, ids, matched
from tests.builders import make_attack, make_location

pytestmark = pytest.mark.django_db

URL = "/api/v1/locations/"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes and EXPLAIN plans exist only on PostgreSQL"
)


@pytest.fixture
def kharkiv() -> Location:
    oblast = make_location(name="Kharkiv Oblast", kind="region")
    city = make_location(name="Kharkiv", parent=oblast)
    LocationName.objects.create(location=city, name="Kharkov", language="en")
    LocationName.objects.create(location=city, name="Харків", language="uk")
    LocationName.objects.create(location=city, name="Харьков", language="ru")
    return city


def test_name_finds_a_place_by_any_spelling_in_any_case_and_alphabet(anonymous, kharkiv):
    make_location(name="Kherson")

    # Cyrillic capitals look like Latin letters, hence the ruff exception.
    for spelling in ("Kharkiv", "kharkov", "KHARKOV", "харків", "ХАРЬКОВ", "Khárkiv"):  # noqa: RUF001
        assert matched(anonymous, URL, name=spelling) == ids(kharkiv), spelling
    assert matched(anonymous, URL, name="Khark") == []  # a whole name, not a part


def test_q_finds_places_by_part_of_any_name_each_once(anonymous, kharkiv):
    kherson = make_location(name="Kherson")
    make_location(name="Odesa")

    assert matched(anonymous, URL, q="khark") == ids(kharkiv, kharkiv.parent)
    assert matched(anonymous, URL, q="KOV") == ids(kharkiv)  # only its English spelling has it
    assert matched(anonymous, URL, q="харк") == ids(kharkiv)
    assert matched(anonymous, URL, q="Kh") == ids(kharkiv, kharkiv.parent, kherson)
    assert matched(anonymous, URL, q="oblast", kind="region") == ids(kharkiv.parent)
    assert matched(anonymous, URL, q="lviv") == []


def test_accents_in_a_name_are_ignored_both_ways(anonymous):
    dnipro = make_location(name="Dnipró")
    assert matched(anonymous, URL, name="dnipro") == ids(dnipro)
    assert matched(anonymous, URL, q="DNIPRO") == ids(dnipro)


def test_a_search_with_wildcard_characters_matches_them_literally(anonymous, kharkiv):
    percent = make_location(name="100% Village")
    assert matched(anonymous, URL, q="%") == ids(percent)
    assert matched(anonymous, URL, q="_") == []


def test_the_place_parameter_on_a_list_finds_records_by_a_spelling_of_their_place(anonymous, kharkiv):
    in_city = make_attack(location=kharkiv)
    make_attack(location=make_location(name="Odesa"))

    assert matched(anonymous, "/api/v1/attacks/", place="Харків") == ids(in_city)
    assert matched(anonymous, "/api/v1/attacks/", place="kharkiv oblast") == ids(in_city)


def test_the_folded_name_is_what_the_query_compares(kharkiv):
    assert list(places_named(name="KHARKOV")) == [kharkiv]
    assert fold("Khárkiv") == "kharkiv"
    assert set(places_matching(text="KHARK")) == {kharkiv, kharkiv.parent}


def bulk_gazetteer(rows: int) -> None:
    """Enough places and names that the planner prefers an index to a scan of the table."""
    Location.objects.bulk_create(
        Location(
            name=f"Village {n}", slug=f"village-{n}", kind="town", country="UA", search_name=f"village {n}"
        )
        for n in range(rows)
    )
    places = list(Location.objects.filter(kind="town").values_list("pk", flat=True)[:rows])
    LocationName.objects.bulk_create(
        LocationName(location_id=pk, name=f"Selo {pk}", search_name=f"selo {pk}") for pk in places
    )
    analyze(["reports_location", "reports_locationname"], [index.name for index in NAME_INDEXES.values()])


@postgresql_only
def test_a_place_search_is_served_by_the_trigram_indexes_of_both_tables(kharkiv):
    bulk_gazetteer(3000)
    queryset = LocationFilterSet(data={"q": "kharkov"}, queryset=Location.objects.all()).qs

    plan = queryset.explain()
    assert NAME_INDEXES["location"].name in plan, plan
    assert NAME_INDEXES["locationname"].name in plan, plan
    assert list(queryset) == [kharkiv]


@postgresql_only
def test_the_place_parameter_is_served_by_the_name_indexes(kharkiv):
    bulk_gazetteer(3000)
    attack = make_attack(location=kharkiv)
    queryset = AttackFilterSet(data={"place": "Kharkov"}, queryset=Attack.objects.all()).qs

    plan = queryset.explain()
    # An equal name: the b-tree index on the folded name, or the trigram one (both serve "=").
    assert "reports_locationname_search_name" in plan or NAME_INDEXES["locationname"].name in plan, plan
    assert "Seq Scan on reports_locationname" not in plan, plan
    assert list(queryset) == [attack]
