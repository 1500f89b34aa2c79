"""The shipped gazetteer: what it holds, and that loading it is idempotent."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from reports.choices import LocationKind
from reports.models import Location, LocationName
from reports.services.gazetteer import GazetteerError, gazetteer_load

# ISO 3166-2 code: (region slug, centre slug). Kyiv and Sevastopol are cities with special
# status, regions in their own right; Kyiv is also the seat of Kyiv Oblast.
UKRAINIAN_REGIONS = {
    "UA-05": ("vinnytsia-oblast", "vinnytsia"),
    "UA-07": ("volyn-oblast", "lutsk"),
    "UA-09": ("luhansk-oblast", "luhansk"),
    "UA-12": ("dnipropetrovsk-oblast", "dnipro"),
    "UA-14": ("donetsk-oblast", "donetsk"),
    "UA-18": ("zhytomyr-oblast", "zhytomyr"),
    "UA-21": ("zakarpattia-oblast", "uzhhorod"),
    "UA-23": ("zaporizhzhia-oblast", "zaporizhzhia"),
    "UA-26": ("ivano-frankivsk-oblast", "ivano-frankivsk"),
    "UA-30": ("kyiv-city-region", "kyiv"),
    "UA-32": ("kyiv-oblast", "kyiv"),
    "UA-35": ("kirovohrad-oblast", "kropyvnytskyi"),
    "UA-40": ("sevastopol-city-region", "sevastopol"),
    "UA-43": ("autonomous-republic-of-crimea", "simferopol"),
    "UA-46": ("lviv-oblast", "lviv"),
    "UA-48": ("mykolaiv-oblast", "mykolaiv"),
    "UA-51": ("odesa-oblast", "odesa"),
    "UA-53": ("poltava-oblast", "poltava"),
    "UA-56": ("rivne-oblast", "rivne"),
    "UA-59": ("sumy-oblast", "sumy"),
    "UA-61": ("ternopil-oblast", "ternopil"),
    "UA-63": ("kharkiv-oblast", "kharkiv"),
    "UA-65": ("kherson-oblast", "kherson"),
    "UA-68": ("khmelnytskyi-oblast", "khmelnytskyi"),
    "UA-71": ("cherkasy-oblast", "cherkasy"),
    "UA-74": ("chernihiv-oblast", "chernihiv"),
    "UA-77": ("chernivtsi-oblast", "chernivtsi"),
}
RUSSIAN_BORDER_REGIONS = {
    "RU-KRS": ("kursk-oblast", "kursk"),
    "RU-BEL": ("belgorod-oblast", "belgorod"),
    "RU-BRY": ("bryansk-oblast", "bryansk"),
}
# Other names and spellings that reports use, and the place each one means.
ALTERNATIVE_NAMES = {
    "Kharkov": "kharkiv",
    "Харків": "kharkiv",
    "Харьков": "kharkiv",
    "Odessa": "odesa",
    "Одеса": "odesa",
    "Zaporozhye": "zaporizhzhia",
    "Zaporizhia": "zaporizhzhia",
    "Kiev": "kyiv",
    "Київ": "kyiv",
    "Киев": "kyiv",
    "Dnipropetrovsk": "dnipro",
    "Kirovograd": "kropyvnytskyi",
    "Lugansk": "luhansk",
    "Lwów": "lviv",
    "Nikolaev": "mykolaiv",
    "Kharkiv region": "kharkiv-oblast",
    "Харківська область": "kharkiv-oblast",
    "Kursk region": "kursk-oblast",
    "Курская область": "kursk-oblast",
    "DPRK": "north-korea",
    "Democratic People's Republic of Korea": "north-korea",
}
# Generous boxes around each country's territory near the front; a swapped latitude and
# longitude, or a sign slip, falls outside them.
BOUNDS = {"UA": ((44.3, 52.4), (22.1, 40.3)), "RU": ((49.5, 54.5), (31.0, 39.5))}


@pytest.fixture
def gazetteer(db):
    return gazetteer_load()


def place(slug: str) -> Location:
    return Location.objects.get(slug=slug)


def resolve(name: str) -> Location:
    """The one place with this name, its own or an alternative one."""
    (location,) = (Location.objects.filter(name=name) | Location.objects.filter(names__name=name)).distinct()
    return location


def test_the_countries_are_ukraine_russia_and_north_korea_without_iso_3166_2_codes(gazetteer):
    countries = Location.objects.filter(kind=LocationKind.COUNTRY)
    assert {(c.slug, c.name, c.country.code, c.code) for c in countries} == {
        ("ukraine", "Ukraine", "UA", None),
        ("russia", "Russia", "RU", None),
        ("north-korea", "North Korea", "KP", None),
    }


def test_every_ukrainian_region_is_present_with_its_iso_3166_2_code(gazetteer):
    regions = Location.objects.filter(kind=LocationKind.REGION, country="UA")
    assert {region.code: region.slug for region in regions} == {
        code: slug for code, (slug, _centre) in UKRAINIAN_REGIONS.items()
    }
    assert {region.parent.slug for region in regions} == {"ukraine"}


def test_the_oblasts_have_their_ukrainian_names(gazetteer):
    assert place("kharkiv-oblast").name == "Kharkiv Oblast"
    assert place("zaporizhzhia-oblast").name == "Zaporizhzhia Oblast"
    assert place("khmelnytskyi-oblast").name == "Khmelnytskyi Oblast"
    assert place("autonomous-republic-of-crimea").name == "Autonomous Republic of Crimea"


def test_each_ukrainian_region_has_its_centre_as_a_city_inside_it(gazetteer):
    centres = Location.objects.filter(slug__in=[centre for _region, centre in UKRAINIAN_REGIONS.values()])
    assert {centre.slug: (centre.kind, centre.country.code, centre.parent.slug) for centre in centres} == {
        # Kyiv administers Kyiv Oblast but is not part of it: it lies in its own city region.
        centre: (LocationKind.CITY, "UA", "kyiv-city-region" if centre == "kyiv" else region)
        for region, centre in UKRAINIAN_REGIONS.values()
    }


def test_kharkiv_city_is_within_kharkiv_oblast_and_ukraine_only(gazetteer):
    kharkiv = place("kharkiv")
    assert kharkiv in Location.objects.within(place("kharkiv-oblast"))
    assert kharkiv in Location.objects.within(place("ukraine"))
    assert kharkiv not in Location.objects.within(place("sumy-oblast"))
    assert kharkiv not in Location.objects.within(place("russia"))


def test_everything_inside_kharkiv_oblast_is_the_oblast_and_its_centre(gazetteer):
    inside = Location.objects.within(place("kharkiv-oblast"))
    assert {location.slug for location in inside} == {"kharkiv-oblast", "kharkiv"}


def test_alternative_names_resolve_to_their_places(gazetteer):
    assert {name: resolve(name).slug for name in ALTERNATIVE_NAMES} == ALTERNATIVE_NAMES


def test_alternative_names_carry_their_language(gazetteer):
    languages = dict(place("kharkiv").names.values_list("name", "language"))
    assert languages == {"Kharkov": "en", "Харків": "uk", "Харьков": "ru"}


def test_no_alternative_name_repeats_a_place_name_or_belongs_to_two_places(gazetteer):
    names = list(LocationName.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert not set(names) & set(Location.objects.values_list("name", flat=True))


def test_the_russian_border_regions_are_in_russia_with_their_centres(gazetteer):
    regions = Location.objects.filter(kind=LocationKind.REGION, country="RU")
    assert {region.code: (region.slug, region.parent.slug) for region in regions} == {
        code: (region, "russia") for code, (region, _centre) in RUSSIAN_BORDER_REGIONS.items()
    }
    cities = Location.objects.filter(kind=LocationKind.CITY, country="RU")
    assert {city.slug: city.parent.slug for city in cities} == {
        centre: region for region, centre in RUSSIAN_BORDER_REGIONS.values()
    }


def test_every_place_below_a_country_has_coordinates_inside_its_country(gazetteer):
    for location in Location.objects.exclude(kind=LocationKind.COUNTRY):
        (south, north), (west, east) = BOUNDS[location.country.code]
        assert south <= location.latitude <= north, location.slug
        assert west <= location.longitude <= east, location.slug


def test_every_city_lies_near_its_region(gazetteer):
    for city in Location.objects.filter(kind=LocationKind.CITY).select_related("parent"):
        assert abs(city.latitude - city.parent.latitude) < 2, city.slug
        assert abs(city.longitude - city.parent.longitude) < 3, city.slug


def test_loading_twice_creates_no_duplicates_and_reports_nothing_changed(gazetteer):
    counts = (Location.objects.count(), LocationName.objects.count())

    again = gazetteer_load()

    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == gazetteer.created == sum(counts)
    assert (Location.objects.count(), LocationName.objects.count()) == counts


def test_reloading_restores_an_edited_place_and_keeps_its_path(gazetteer):
    kharkiv = place("kharkiv")
    Location.objects.filter(pk=kharkiv.pk).update(latitude=Decimal("1.0"), parent=place("sumy-oblast"))
    kharkiv.refresh_from_db()
    kharkiv.save()  # recompute the path as if the move had been made by hand

    result = gazetteer_load()

    assert (result.created, result.updated) == (0, 1)
    kharkiv.refresh_from_db()
    assert kharkiv.latitude == Decimal("49.993500")
    assert kharkiv.parent == place("kharkiv-oblast")
    assert kharkiv in Location.objects.within(place("kharkiv-oblast"))


def test_reloading_keeps_names_added_by_hand(gazetteer):
    LocationName.objects.create(location=place("kharkiv"), name="Charkiw", language="de")

    gazetteer_load()

    assert place("kharkiv").names.filter(name="Charkiw").exists()


def test_a_child_listed_before_its_parent_is_refused_and_nothing_is_loaded(db, tmp_path):
    path = tmp_path / "gazetteer.json"
    city = {"slug": "kharkiv", "name": "Kharkiv", "kind": "city", "country": "UA", "parent": "kharkiv-oblast"}
    oblast = {"slug": "kharkiv-oblast", "name": "Kharkiv Oblast", "kind": "region", "country": "UA"}
    path.write_text(json.dumps([city, oblast]), encoding="utf-8")

    with pytest.raises(GazetteerError, match="kharkiv-oblast"):
        gazetteer_load(path=path)

    assert not Location.objects.exists()


def test_an_invalid_place_is_refused_with_its_slug(db, tmp_path):
    path = tmp_path / "gazetteer.json"
    atlantis = {"slug": "atlantis", "name": "Atlantis", "kind": "continent", "country": "UA"}
    path.write_text(json.dumps([atlantis]), encoding="utf-8")

    with pytest.raises(GazetteerError, match="atlantis"):
        gazetteer_load(path=path)


def test_the_command_prints_the_counts(db):
    output = StringIO()

    call_command("load_gazetteer", stdout=output)
    call_command("load_gazetteer", stdout=output)

    first, second = output.getvalue().splitlines()
    total = Location.objects.count() + LocationName.objects.count()
    assert first == f"Gazetteer loaded: {total} created, 0 updated, 0 unchanged."
    assert second == f"Gazetteer loaded: 0 created, 0 updated, {total} unchanged."
