"""Filters shared across lists: dates, sources, confidence, preferred figures, weapons, kinds, boxes."""

import datetime

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.api.helpers import FEB_1, FEB_2, JAN_30, JAN_31, assert_invalid, ids, listed_ids, matched, ok, span
from tests.builders import (
    make_attack,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_source,
    make_statement,
    make_strength,
    make_target,
    make_wave,
    make_weapon,
    one_day,
)

pytestmark = pytest.mark.django_db

DATED = [
    ("/api/v1/attacks/", make_attack),
    ("/api/v1/waves/", make_wave),
    ("/api/v1/casualties/", make_casualty),
    ("/api/v1/statements/", make_statement),
    ("/api/v1/force-strengths/", make_strength),
    ("/api/v1/force-deployment-statuses/", make_deployment_status),
]

CITING = [
    *DATED,
    ("/api/v1/force-deployments/", make_deployment),
]


@pytest.mark.parametrize(("path", "make"), DATED)
def test_a_night_over_two_days_is_found_by_either_day(anonymous, path, make):
    night = make(**span(JAN_31, FEB_1))
    before, after = make(**one_day(JAN_30)), make(**one_day(FEB_2))

    assert matched(anonymous, path, date_to="2025-01-31") == ids(night, before)
    assert matched(anonymous, path, date_from="2025-02-01") == ids(night, after)
    assert matched(anonymous, path, date_from="2025-02-01", date_to="2025-02-01") == ids(night)
    assert matched(anonymous, path, date_from="2025-01-31", date_to="2025-01-31") == ids(night)


def test_a_deployment_without_an_end_is_going_on_and_one_without_a_start_began_before(anonymous):
    ended = make_deployment(date_start=datetime.date(2024, 10, 1), date_end=datetime.date(2024, 12, 31))
    ongoing = make_deployment(date_start=datetime.date(2024, 11, 1))
    undated = make_deployment()
    later = make_deployment(date_start=datetime.date(2025, 3, 1))

    path = "/api/v1/force-deployments/"
    assert matched(anonymous, path, date_from="2025-01-15") == ids(ongoing, undated, later)
    assert matched(anonymous, path, date_to="2024-10-15") == ids(ended, undated)
    assert matched(anonymous, path, date_from="2025-01-01", date_to="2025-01-31") == ids(ongoing, undated)


@pytest.mark.parametrize(("path", "make"), CITING)
def test_every_cited_record_is_found_by_source_and_by_publisher_in_any_letter_case(anonymous, path, make):
    reuters, bbc = make_source(publisher="Reuters"), make_source(publisher="BBC News")
    from_reuters, from_bbc, from_both, uncited = make(), make(), make(), make()
    from_reuters.sources.set([reuters])
    from_bbc.sources.set([bbc])
    from_both.sources.set([reuters, bbc])
    uncited.sources.set([make_source(publisher="Kyiv Independent")])

    assert matched(anonymous, path, publisher="reuters") == ids(from_reuters, from_both)
    assert matched(anonymous, path, publisher=["REUTERS", "bbc news"]) == ids(
        from_reuters, from_bbc, from_both
    )
    assert matched(anonymous, path, source_id=bbc.pk) == ids(from_bbc, from_both)
    assert matched(anonymous, path, source_id=bbc.pk, publisher="Reuters") == ids(from_both)
    assert matched(anonymous, path, publisher="Reuter") == []


def test_sources_are_found_by_any_of_several_publishers(anonymous):
    reuters, bbc = make_source(publisher="Reuters"), make_source(publisher="BBC News")
    make_source(publisher="AP")
    assert matched(anonymous, "/api/v1/sources/", publisher=["reuters", "BBC NEWS"]) == ids(reuters, bbc)


@pytest.mark.parametrize(
    ("path", "make"),
    [*DATED[:1], *DATED[2:3], *DATED[4:]],  # attacks and the claims carry a confidence
)
def test_confidence_a_repeated_one_meaning_either(anonymous, path, make):
    confirmed, likely = make(confidence="confirmed"), make(confidence="likely")
    make(confidence="reported")

    assert matched(anonymous, path, confidence="confirmed") == ids(confirmed)
    assert matched(anonymous, path, confidence=["confirmed", "likely"]) == ids(confirmed, likely)
    assert_invalid(anonymous.get(path, {"confidence": "certain"}), "confidence")


def preferred(make, **fields):
    return make(rank="preferred", rank_reason="The official count.", **fields)


def deprecated(make, **fields):
    return make(rank="deprecated", rank_reason="Superseded.", **fields)


def test_preferred_casualty_figures_are_those_no_rival_for_the_same_fact_outranks(anonymous):
    attack = make_attack()
    outranked = make_casualty(attack=attack, best=10)
    chosen = preferred(make_casualty, attack=attack, best=12)
    dropped = deprecated(make_casualty, attack=attack, best=40)
    not_a_rival = make_casualty(attack=attack, kind="injured")  # another fact: the injured
    alone = make_casualty()
    # A preferred draft the public cannot see does not outrank what it sees.
    hidden_rival_of = make_casualty()
    preferred(make_casualty, attack=hidden_rival_of.attack, review_status="draft")

    path = "/api/v1/casualties/"
    assert matched(anonymous, path, preferred="true") == ids(chosen, not_a_rival, alone, hidden_rival_of)
    assert matched(anonymous, path, preferred="false") == ids(outranked, dropped)
    assert matched(anonymous, path, preferred="true", kind="killed") == ids(chosen, alone, hidden_rival_of)


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/api/v1/force-strengths/", make_strength),
        ("/api/v1/force-deployment-statuses/", make_deployment_status),
    ],
)
def test_preferred_strengths_and_statuses_are_outranked_only_by_a_rival_with_a_day_in_common(
    anonymous, path, make
):
    deployment = make_deployment()
    outranked = make(deployment=deployment, **one_day(FEB_1))
    chosen = preferred(make, deployment=deployment, **span(JAN_31, FEB_1))
    later = make(deployment=deployment, **one_day(FEB_2))
    elsewhere = make(**one_day(FEB_1))

    assert matched(anonymous, path, preferred="true") == ids(chosen, later, elsewhere)
    assert matched(anonymous, path, preferred="1") == ids(chosen, later, elsewhere)
    assert matched(anonymous, path, preferred="false") == ids(outranked)
    assert_invalid(anonymous.get(path, {"preferred": "maybe"}), "preferred")


def test_casualty_figures_by_the_weapons_and_targets_of_their_attack_or_wave(anonymous):
    drone = make_weapon(slug="drone")
    strike_drone = make_weapon(slug="strike-drone", parent=drone)
    school = make_target(slug="school")
    by_drone_attack = make_casualty()
    by_drone_attack.attack.weapons.set([strike_drone])
    by_drone_attack.attack.targets.set([school])
    wave = make_wave()
    wave.weapons.set([drone])
    by_drone_wave = make_casualty(wave=wave)
    make_casualty()

    path = "/api/v1/casualties/"
    assert matched(anonymous, path, weapon="drone") == ids(by_drone_attack, by_drone_wave)
    assert matched(anonymous, path, weapon_id=strike_drone.pk) == ids(by_drone_attack)
    assert matched(anonymous, path, target="school") == ids(by_drone_attack)
    assert matched(anonymous, path, target_id=school.pk, weapon="drone") == ids(by_drone_attack)
    assert_invalid(anonymous.get(path, {"weapon": "trebuchet"}), "weapon")
    assert_invalid(anonymous.get(path, {"target_id": "school"}), "target_id")


def test_attacks_by_target_a_repeated_one_meaning_either(anonymous):
    school, hospital = make_target(slug="school"), make_target(slug="hospital")
    on_school, on_hospital = make_attack(), make_attack()
    on_school.targets.set([school])
    on_hospital.targets.set([hospital])
    make_attack()

    assert matched(anonymous, "/api/v1/attacks/", target=["school", "hospital"]) == ids(
        on_school, on_hospital
    )
    assert matched(anonymous, "/api/v1/attacks/", target_id=hospital.pk) == ids(on_hospital)


def test_casualty_kind_and_population_repeated_meaning_either_together_meaning_both(anonymous):
    civilians_killed = make_casualty(kind="killed", population="civilian")
    soldiers_killed = make_casualty(kind="killed", population="military")
    civilians_injured = make_casualty(kind="injured", population="civilian")
    make_casualty(kind="missing", population="unknown")

    path = "/api/v1/casualties/"
    assert matched(anonymous, path, kind=["killed", "injured"]) == ids(
        civilians_killed, soldiers_killed, civilians_injured
    )
    assert matched(anonymous, path, kind="killed", population="civilian") == ids(civilians_killed)
    assert matched(anonymous, path, population=["civilian", "military"], kind="injured") == ids(
        civilians_injured
    )
    assert_invalid(anonymous.get(path, {"population": "everyone"}), "population")


@pytest.mark.parametrize(
    "bbox",
    [
        "36,49,37",  # three numbers
        "36,49,37,50,1",  # five
        "east,49,37,50",
        "36,49,,50",
        "37,49,36,50",  # min_lon above max_lon
        "36,50,37,49",  # min_lat above max_lat
        "-181,49,37,50",
        "36,-91,37,50",
        "36,49,37,91",
        "nan,49,37,50",
        "inf,49,37,50",
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/attacks/", "/api/v1/locations/", "/api/v1/force-deployments/"])
def test_a_malformed_bounding_box_is_a_400_naming_bbox(anonymous, path, bbox):
    assert_invalid(anonymous.get(path, {"bbox": bbox}), "bbox")


def test_a_box_on_the_whole_world_is_accepted(anonymous):
    attack = make_attack()
    attack.location.latitude, attack.location.longitude = 0, 0
    attack.location.save()
    assert matched(anonymous, "/api/v1/attacks/", bbox="-180,-90,180,90") == ids(attack)


@pytest.mark.parametrize(
    ("path", "parameter", "value"),
    [
        ("/api/v1/attacks/", "date_from", "2025-02-30"),
        ("/api/v1/statements/", "date_to", "yesterday"),
        ("/api/v1/force-deployments/", "date_from", "1 Feb"),
        ("/api/v1/attacks/", "updated_after", "soon"),
        ("/api/v1/casualties/", "source_id", "reuters"),
        ("/api/v1/waves/", "weapon", "no-such-weapon"),
        ("/api/v1/statements/", "wave_id", "x"),
        ("/api/v1/casualties/", "preferred", "yes please"),
        ("/api/v1/sources/", "published_from", "2025-13-01"),
        ("/api/v1/attacks/", "weapons", "drone"),  # unknown parameter: weapon is the filter
        ("/api/v1/casualties/", "perpetrators", "russia"),
        ("/api/v1/attacks/", "publisher", "Reu\x00ters"),
        ("/api/v1/sources/", "publisher", "\x00"),
        ("/api/v1/statements/", "q", "drone\x00"),
        ("/api/v1/attacks/", "place", "Kharkiv\x00"),
    ],
)
def test_malformed_values_and_unknown_parameters_are_a_400_naming_them(anonymous, path, parameter, value):
    assert_invalid(anonymous.get(path, {parameter: value}), parameter)


def pages(client, path: str, **params) -> list[int]:
    """Every id, following the pages of two rows each."""
    body = ok(client.get(path, {**params, "page_size": 2}))
    seen = [row["id"] for row in body["results"]]
    while body["next"]:
        body = ok(client.get(body["next"]))
        seen += [row["id"] for row in body["results"]]
    return seen


def test_strengths_ordered_by_best_keep_ties_in_id_order_across_pages(anonymous):
    deployment = make_deployment()
    strengths = [make_strength(deployment=deployment, best=best) for best in (5000, 12000, 5000, 12000, 5000)]
    low, high = [s.pk for s in strengths if s.best == 5000], [s.pk for s in strengths if s.best == 12000]

    assert pages(anonymous, "/api/v1/force-strengths/", ordering="best") == sorted(low) + sorted(high)
    assert pages(anonymous, "/api/v1/force-strengths/", ordering="-best") == sorted(high) + sorted(low)
    assert (
        listed_ids(anonymous, "/api/v1/force-strengths/", ordering="-best,-id")
        == sorted(high)[::-1] + (sorted(low)[::-1])
    )


def test_sources_ordered_by_publication_day_keep_ties_in_id_order_across_pages(anonymous):
    days = [FEB_1, JAN_30, FEB_1, JAN_30, FEB_1]
    sources = [make_source(published_on=day) for day in days]
    early = sorted(s.pk for s in sources if s.published_on == JAN_30)
    late = sorted(s.pk for s in sources if s.published_on == FEB_1)

    assert pages(anonymous, "/api/v1/sources/", ordering="published_on") == early + late
    assert pages(anonymous, "/api/v1/sources/", ordering="-published_on") == late + early
    assert pages(anonymous, "/api/v1/sources/") == late + early  # the default: newest first


@pytest.mark.parametrize(
    ("path", "ordering"),
    [
        ("/api/v1/force-strengths/", "high"),
        ("/api/v1/force-strengths/", "-low"),
        ("/api/v1/force-deployment-statuses/", "status"),
        ("/api/v1/force-deployments/", "-date_end"),
        ("/api/v1/sources/", "publisher"),
        ("/api/v1/actors/", "kind"),
        ("/api/v1/casualties/", "kind"),
    ],
)
def test_the_orderings_people_sort_by_are_accepted(anonymous, path, ordering):
    ok(anonymous.get(path, {"ordering": ordering}))


def test_the_schema_gives_each_filter_its_type():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/casualties/"]["get"]["parameters"]
    }
    repeated_ints = {"type": "array", "items": {"type": "integer"}}
    repeated_strings = {"type": "array", "items": {"type": "string"}}
    for name in ("location_id", "perpetrator_id", "claimant_id", "weapon_id", "source_id", "wave_id"):
        assert parameters[name]["schema"] == repeated_ints, name
        assert parameters[name]["explode"] is True, name
    for name in ("location", "perpetrator", "claimant", "weapon", "target", "country", "publisher"):
        assert parameters[name]["schema"] == repeated_strings, name
    assert parameters["preferred"]["schema"] == {"type": "boolean"}
    assert parameters["bbox"]["schema"]["type"] == "string"
    assert parameters["place"]["schema"] == {"type": "string"}
    assert parameters["date_from"]["schema"] == {"type": "string", "format": "date"}
    assert "outranks" in parameters["preferred"]["description"]
    assert "min_lon,min_lat,max_lon,max_lat" in parameters["bbox"]["description"]
    text = {p["name"]: p for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}["q"]
    assert text["schema"] == {"type": "string"}
    assert "SQLite" in text["description"] and "PostgreSQL" in text["description"]
