"""/api/v1/attacks/: reported strikes, where, when, with what and on what."""

import pytest

from reports.models import Attack, Casualty
from tests.api.helpers import (
    ACTOR_BRIEF,
    FEB_1,
    FEB_2,
    JAN_30,
    JAN_31,
    LOCATION_BRIEF,
    SOURCE_BRIEF,
    TARGET_TYPE_BRIEF,
    WAVE_BRIEF,
    WEAPON_BRIEF,
    assert_brief,
    assert_invalid,
    assert_no_auth_queries,
    assert_page_size_is_capped,
    ids,
    if_match,
    listed_ids,
    matched,
    ok,
    span,
)
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_location,
    make_source,
    make_target,
    make_wave,
    make_weapon,
    one_day,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/attacks/"


def detail_url(attack: Attack) -> str:
    return f"{URL}{attack.pk}/"


def attack_body(**overrides) -> dict:
    return {
        "location": make_location().pk,
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "date_precision": "day",
        "sources": [make_source().pk],
        **overrides,
    }


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_attacks_in_seven_queries_however_many_there_are(anonymous, django_assert_num_queries, rows):
    for _ in range(rows):
        make_casualty(attack=make_attack())
    # 1 count, 2 the page's ids, 3 their rows joined with location, perpetrator and wave, 4 weapons,
    # 5 targets, 6 sources, 7 casualty figures.
    with django_assert_num_queries(7) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_an_attack_with_its_relations_nested_and_brief(anonymous):
    poltava = make_location(name="Poltava")
    attack = make_attack(location=poltava, damage="destroyed")
    figure = make_casualty(attack=attack, best=3)

    assert listed_ids(anonymous, URL) == [attack.pk]
    body = ok(anonymous.get(detail_url(attack)))
    assert body["damage"] == "destroyed"
    assert body["location"]["name"] == "Poltava"
    assert_brief(anonymous, body["location"], poltava, LOCATION_BRIEF)
    assert_brief(anonymous, body["wave"], attack.wave, WAVE_BRIEF)
    assert_brief(anonymous, body["perpetrator"], attack.perpetrator, ACTOR_BRIEF)
    for nested, related, fields in [
        (body["weapons"], attack.weapons, WEAPON_BRIEF),
        (body["targets"], attack.targets, TARGET_TYPE_BRIEF),
        (body["sources"], attack.sources, SOURCE_BRIEF),
    ]:
        assert sorted(record["id"] for record in nested) == ids(*related.all())
        assert_brief(anonymous, nested[0], related.get(pk=nested[0]["id"]), fields)
    (nested_figure,) = body["casualties"]
    assert (nested_figure["id"], nested_figure["kind"], nested_figure["best"]) == (figure.pk, "killed", 3)
    assert ok(anonymous.get(nested_figure["url"]))["attack"]["id"] == attack.pk


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    response = anonymous.post(URL, attack_body())
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not Attack.objects.exists()


def test_a_reader_may_not_write(reader):
    attack = make_attack(damage="damaged")
    assert reader.post(URL, attack_body()).status_code == 403
    assert reader.patch(detail_url(attack), {"damage": "destroyed"}, **if_match(attack)).status_code == 403
    assert reader.delete(detail_url(attack), **if_match(attack)).status_code == 403
    assert list(Attack.objects.values_list("damage", flat=True)) == ["damaged"]


def test_a_curator_creates_an_attack_with_its_relations_given_by_id(curator):
    wave, poltava, russia = make_wave(), make_location(), make_actor()
    missile, drone, building, source = make_weapon(), make_weapon(), make_target(), make_source()
    body = attack_body(
        wave=wave.pk,
        location=poltava.pk,
        perpetrator=russia.pk,
        weapons=[missile.pk, drone.pk],
        targets=[building.pk],
        sources=[source.pk],
        damage="destroyed",
    )
    response = curator.post(URL, body)
    assert response.status_code == 201, response.content
    assert response.json()["location"]["id"] == poltava.pk
    attack = Attack.objects.get(pk=response.json()["id"])
    assert (attack.wave, attack.location, attack.perpetrator, attack.damage) == (
        wave,
        poltava,
        russia,
        "destroyed",
    )
    assert ids(*attack.weapons.all()) == ids(missile, drone)
    assert list(attack.targets.all()) == [building]
    assert list(attack.sources.all()) == [source]


def test_a_curator_changes_an_attack_and_replaces_its_weapons(curator):
    attack = make_attack(damage="unknown")
    bomb = make_weapon()
    response = curator.patch(
        detail_url(attack), {"damage": "heavily_damaged", "weapons": [bomb.pk]}, **if_match(attack)
    )
    assert response.status_code == 200, response.content
    attack.refresh_from_db()
    assert attack.damage == "heavily_damaged"
    assert list(attack.weapons.all()) == [bomb]


def test_a_curator_deletes_an_attack_and_its_figures_go_with_it(curator):
    attack = make_attack()
    make_casualty(attack=attack)
    assert curator.delete(detail_url(attack), **if_match(attack)).status_code == 204
    assert not Attack.objects.filter(pk=attack.pk).exists()
    assert not Casualty.objects.exists()


def test_it_finds_a_night_over_two_days_by_either_day(anonymous):
    night = make_attack(**span(JAN_31, FEB_1))
    before = make_attack(**one_day(JAN_30))
    after = make_attack(**one_day(FEB_2))

    assert matched(anonymous, URL, date_to="2025-01-31") == ids(night, before)
    assert matched(anonymous, URL, date_from="2025-02-01") == ids(night, after)
    assert matched(anonymous, URL, date_from="2025-01-31", date_to="2025-02-01") == ids(night)


def test_it_finds_attacks_anywhere_inside_a_place(anonymous):
    oblast = make_location(kind="region")
    city = make_location(parent=oblast)
    on_the_oblast = make_attack(location=oblast)
    on_the_city = make_attack(location=city)
    elsewhere = make_attack(location=make_location(parent=make_location(kind="region")))

    assert matched(anonymous, URL, location_id=oblast.pk) == ids(on_the_oblast, on_the_city)
    assert matched(anonymous, URL, location_id=city.pk) == ids(on_the_city)
    assert matched(anonymous, URL, location=oblast.slug) == ids(on_the_oblast, on_the_city)
    assert matched(anonymous, URL, location_id=[city.pk, elsewhere.location_id]) == ids(
        on_the_city, elsewhere
    )


def test_a_repeated_weapon_means_either_and_lists_an_attack_once(anonymous):
    missile, drone = make_weapon(), make_weapon()
    by_missile, by_drone, by_both = make_attack(), make_attack(), make_attack()
    by_missile.weapons.set([missile])
    by_drone.weapons.set([drone])
    by_both.weapons.set([missile, drone])
    make_attack()

    assert matched(anonymous, URL, weapon=missile.slug) == ids(by_missile, by_both)
    assert matched(anonymous, URL, weapon=[missile.slug, drone.slug]) == ids(by_missile, by_drone, by_both)
    assert matched(anonymous, URL, weapon_id=[missile.pk, drone.pk]) == ids(by_missile, by_drone, by_both)


def test_different_filters_must_all_match(anonymous):
    missile, building = make_weapon(), make_target()
    wanted, missile_only, building_only = make_attack(), make_attack(), make_attack()
    wanted.weapons.add(missile)
    wanted.targets.add(building)
    missile_only.weapons.add(missile)
    building_only.targets.add(building)

    assert matched(anonymous, URL, weapon=missile.slug, target=building.slug) == ids(wanted)
    assert matched(anonymous, URL, weapon_id=missile.pk, target_id=building.pk, date_from="2025-02-02") == []


def test_it_filters_by_perpetrator_wave_and_country(anonymous):
    russia, wave = make_actor(), make_wave()
    by_russia = make_attack(perpetrator=russia)
    in_the_wave = make_attack(wave=wave)
    in_russia = make_attack(location=make_location(country="RU"))

    assert matched(anonymous, URL, perpetrator=russia.slug) == ids(by_russia)
    assert matched(anonymous, URL, perpetrator_id=[russia.pk, in_the_wave.perpetrator_id]) == ids(
        by_russia, in_the_wave
    )
    assert matched(anonymous, URL, wave_id=wave.pk) == ids(in_the_wave)
    assert matched(anonymous, URL, country="ru") == ids(in_russia)


def test_it_filters_by_damage_and_source(anonymous):
    destroyed, damaged = make_attack(damage="destroyed"), make_attack(damage="damaged")
    make_attack(damage="none")

    assert matched(anonymous, URL, damage=["destroyed", "damaged"]) == ids(destroyed, damaged)
    assert matched(anonymous, URL, source_id=destroyed.sources.first().pk) == ids(destroyed)


def test_it_refuses_an_unknown_weapon_or_perpetrator_naming_the_parameter(anonymous):
    make_attack()
    assert_invalid(anonymous.get(URL, {"weapon": "no-such-slug"}), "weapon")
    assert_invalid(anonymous.get(URL, {"perpetrator_id": 999_999}), "perpetrator_id")
    assert_invalid(anonymous.get(URL, {"location": "nowhere"}), "location")
    assert_invalid(anonymous.get(URL, {"date_from": "31 January"}), "date_from")


def test_it_refuses_an_unknown_parameter(anonymous):
    make_attack()
    assert_invalid(anonymous.get(URL, {"weapons": "missile"}), "weapons")


def test_it_orders_by_start_either_way_ties_by_id_and_refuses_other_orderings(anonymous):
    middle = make_attack(**one_day(JAN_31))
    first = make_attack(**one_day(JAN_30))
    last = make_attack(**one_day(FEB_2))
    last_too = make_attack(**one_day(FEB_2))

    assert listed_ids(anonymous, URL, ordering="date_start") == [first.pk, middle.pk, last.pk, last_too.pk]
    assert listed_ids(anonymous, URL, ordering="-date_start") == [last.pk, last_too.pk, middle.pk, first.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")
    assert_invalid(anonymous.get(URL, {"ordering": "-date_start,location"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_attack()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)


def test_a_weapon_filter_matches_its_subtypes_but_not_its_parent(anonymous):
    drone = make_weapon(slug="drone")
    strike_drone = make_weapon(slug="strike-drone", parent=drone)
    with_strike_drone, with_drone, with_missile = make_attack(), make_attack(), make_attack()
    with_strike_drone.weapons.set([strike_drone])
    with_drone.weapons.set([drone])
    with_missile.weapons.set([make_weapon(slug="missile")])

    assert matched(anonymous, URL, weapon="drone") == ids(with_strike_drone, with_drone)
    assert matched(anonymous, URL, weapon_id=drone.pk) == ids(with_strike_drone, with_drone)
    assert matched(anonymous, URL, weapon="strike-drone") == ids(with_strike_drone)
    assert matched(anonymous, URL, weapon=["strike-drone", "missile"]) == ids(with_strike_drone, with_missile)


@pytest.mark.parametrize("page_size", ["0", "-1", "abc", ""])
def test_a_malformed_page_size_is_a_400_naming_it(anonymous, page_size):
    make_attack()
    response = anonymous.get(URL, {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]
