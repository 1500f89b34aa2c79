"""/api/v1/waves/: groups of attacks of one night or one offensive."""

import pytest

from reports.models import Casualty, Wave
from tests.api.helpers import (
    ACTOR_BRIEF,
    ATTACK_BRIEF,
    FEB_1,
    FEB_2,
    JAN_30,
    JAN_31,
    SOURCE_BRIEF,
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
    span,
)
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_source,
    make_wave,
    make_weapon,
    one_day,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/waves/"


def detail_url(wave: Wave) -> str:
    return f"{URL}{wave.pk}/"


def wave_body(**overrides) -> dict:
    return {
        "name": "Strikes of 31 January",
        "kind": "wave",
        "date_start": "2025-01-31",
        "date_end": "2025-02-01",
        "date_precision": "span",
        "sources": [make_source().pk],
        **overrides,
    }


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_waves_in_seven_queries_however_many_there_are(anonymous, django_assert_num_queries, rows):
    for _ in range(rows):
        wave = make_wave()
        make_casualty(attack=make_attack(wave=wave))
        make_casualty(wave=wave)
    # 1 count, 2 the page's ids, 3 their rows joined with perpetrator, 4 weapons, 5 sources,
    # 6 attacks, 7 figures for the wave as a whole.
    with django_assert_num_queries(7) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_a_wave_with_its_attacks_and_its_own_figures_nested_and_brief(anonymous):
    wave = make_wave(name="Strikes of 31 January", **span(JAN_31, FEB_1))
    attack = make_attack(wave=wave)
    attack_figure = make_casualty(attack=attack)
    wave_figure = make_casualty(wave=wave, kind="injured", best=6)

    assert wave.pk in listed_ids(anonymous, URL)
    body = ok(anonymous.get(detail_url(wave)))
    assert (body["name"], body["date_start"], body["date_end"]) == (
        "Strikes of 31 January",
        "2025-01-31",
        "2025-02-01",
    )
    assert_brief(anonymous, body["perpetrator"], wave.perpetrator, ACTOR_BRIEF)
    (weapon,) = body["weapons"]
    assert_brief(anonymous, weapon, wave.weapons.get(), WEAPON_BRIEF)
    (source,) = body["sources"]
    assert_brief(anonymous, source, wave.sources.get(), SOURCE_BRIEF)
    (nested_attack,) = body["attacks"]
    assert_brief(anonymous, nested_attack, attack, ATTACK_BRIEF)
    # Only the figures given for the wave as a whole; the attack's own are on the attack.
    assert [(figure["id"], figure["best"]) for figure in body["casualties"]] == [(wave_figure.pk, 6)]
    assert attack_figure.pk not in {figure["id"] for figure in body["casualties"]}
    assert ok(anonymous.get(body["casualties"][0]["url"]))["wave"]["id"] == wave.pk


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    assert anonymous.post(URL, wave_body()).status_code == 401
    assert not Wave.objects.exists()


def test_a_reader_may_not_write(reader):
    wave = make_wave(name="As reported")
    assert reader.post(URL, wave_body()).status_code == 403
    assert reader.patch(detail_url(wave), {"name": "Changed"}, **if_match(wave)).status_code == 403
    assert reader.delete(detail_url(wave), **if_match(wave)).status_code == 403
    assert list(Wave.objects.values_list("name", flat=True)) == ["As reported"]


def test_a_curator_creates_a_wave_with_its_relations_given_by_id(curator):
    russia, missile, drone, source = make_actor(), make_weapon(), make_weapon(), make_source()
    body = wave_body(perpetrator=russia.pk, weapons=[missile.pk, drone.pk], sources=[source.pk])
    response = curator.post(URL, body)
    assert response.status_code == 201, response.content
    assert response.json()["perpetrator"]["id"] == russia.pk
    wave = Wave.objects.get(pk=response.json()["id"])
    assert (wave.perpetrator, wave.date_start, wave.date_end) == (russia, JAN_31, FEB_1)
    assert ids(*wave.weapons.all()) == ids(missile, drone)
    assert list(wave.sources.all()) == [source]


def test_a_curator_changes_a_wave_and_replaces_its_weapons(curator):
    wave = make_wave(kind="wave")
    bomb = make_weapon()
    response = curator.patch(detail_url(wave), {"kind": "campaign", "weapons": [bomb.pk]}, **if_match(wave))
    assert response.status_code == 200, response.content
    wave.refresh_from_db()
    assert wave.kind == "campaign"
    assert list(wave.weapons.all()) == [bomb]


def test_a_curator_deletes_a_wave_without_attacks_and_its_figures_go_with_it(curator):
    wave = make_wave()
    make_casualty(wave=wave)
    assert curator.delete(detail_url(wave), **if_match(wave)).status_code == 204
    assert not Wave.objects.filter(pk=wave.pk).exists()
    assert not Casualty.objects.exists()


def test_it_refuses_to_delete_a_wave_that_has_attacks(curator):
    wave = make_attack().wave
    assert_conflict(curator.delete(detail_url(wave), **if_match(wave)))
    assert Wave.objects.filter(pk=wave.pk).exists()


def test_it_finds_a_night_over_two_days_by_either_day(anonymous):
    night = make_wave(**span(JAN_31, FEB_1))
    before = make_wave(**one_day(JAN_30))
    after = make_wave(**one_day(FEB_2))

    assert matched(anonymous, URL, date_to="2025-01-31") == ids(night, before)
    assert matched(anonymous, URL, date_from="2025-02-01") == ids(night, after)
    assert matched(anonymous, URL, date_from="2025-01-31", date_to="2025-02-01") == ids(night)


def test_it_filters_by_perpetrator_by_id_or_slug_a_repeated_one_meaning_either(anonymous):
    russia, belarus = make_actor(), make_actor()
    by_russia, by_belarus = make_wave(perpetrator=russia), make_wave(perpetrator=belarus)
    make_wave()

    assert matched(anonymous, URL, perpetrator_id=russia.pk) == ids(by_russia)
    assert matched(anonymous, URL, perpetrator=[russia.slug, belarus.slug]) == ids(by_russia, by_belarus)


def test_it_filters_by_kind_and_perpetrator_together(anonymous):
    russia = make_actor()
    campaign = make_wave(perpetrator=russia, kind="campaign")
    make_wave(perpetrator=russia, kind="wave")
    make_wave(kind="campaign")

    assert matched(anonymous, URL, perpetrator_id=russia.pk, kind="campaign") == ids(campaign)


def test_it_refuses_an_unknown_perpetrator_naming_the_parameter(anonymous):
    make_wave()
    assert_invalid(anonymous.get(URL, {"perpetrator_id": 999_999}), "perpetrator_id")
    assert_invalid(anonymous.get(URL, {"perpetrator": "no-such-actor"}), "perpetrator")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"weapon": "missile"}), "weapon")


def test_it_orders_by_start_either_way_and_refuses_other_orderings(anonymous):
    middle, first, last = (
        make_wave(**one_day(JAN_31)),
        make_wave(**one_day(JAN_30)),
        make_wave(**one_day(FEB_2)),
    )

    assert listed_ids(anonymous, URL, ordering="date_start") == [first.pk, middle.pk, last.pk]
    assert listed_ids(anonymous, URL, ordering="-date_start") == [last.pk, middle.pk, first.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_wave()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
