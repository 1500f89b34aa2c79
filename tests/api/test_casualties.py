"""/api/v1/casualties/: claimed casualty figures for an attack, a wave or a deployment."""

import pytest

from reports.models import Casualty
from tests.api.helpers import (
    ACTOR_BRIEF,
    ATTACK_BRIEF,
    FEB_1,
    FEB_2,
    JAN_30,
    JAN_31,
    LOCATION_BRIEF,
    SOURCE_BRIEF,
    STATEMENT_BRIEF,
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
    make_deployment,
    make_location,
    make_source,
    make_statement,
    make_wave,
    one_day,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/casualties/"


def detail_url(figure: Casualty) -> str:
    return f"{URL}{figure.pk}/"


def casualty_body(**overrides) -> dict:
    return {
        "kind": "killed",
        "best": 3,
        "qualifier": "exact",
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "date_precision": "day",
        "claimants": [make_actor().pk],
        "sources": [make_source().pk],
        **overrides,
    }


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_figures_in_six_queries_however_many_there_are(anonymous, django_assert_num_queries, rows):
    for _ in range(rows):
        injured = make_casualty(kind="injured", best=10)
        make_casualty(
            kind="injured",
            age_group="children",
            low=1,
            best=None,
            qualifier="at_least",
            attack=injured.attack,
            included_in=injured,
            statement=make_statement(),
            locations=[make_location()],
        )
    # 1 count, 2 the page's ids, 3 their rows joined with attack, wave, deployment, statement and
    # included_in, 4 claimants, 5 sources, 6 locations.
    with django_assert_num_queries(6) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == 2 * rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_a_figure_with_its_relations_nested_and_brief(anonymous):
    injured = make_casualty(kind="injured", best=10)
    statement = make_statement()
    kyiv = make_location(name="Kyiv")
    children = make_casualty(
        kind="injured",
        age_group="children",
        low=1,
        best=None,
        qualifier="at_least",
        attack=injured.attack,
        included_in=injured,
        statement=statement,
        locations=[kyiv],
    )

    assert matched(anonymous, URL) == ids(injured, children)
    body = ok(anonymous.get(detail_url(children)))
    assert (body["kind"], body["age_group"], body["low"], body["best"]) == ("injured", "children", 1, None)
    assert_brief(anonymous, body["attack"], injured.attack, ATTACK_BRIEF)
    assert (body["wave"], body["deployment"]) == (None, None)
    (place,) = body["locations"]
    assert place["name"] == "Kyiv"
    assert_brief(anonymous, place, kyiv, LOCATION_BRIEF)
    (claimant,) = body["claimants"]
    assert_brief(anonymous, claimant, children.claimants.get(), ACTOR_BRIEF)
    (source,) = body["sources"]
    assert_brief(anonymous, source, children.sources.get(), SOURCE_BRIEF)
    assert_brief(anonymous, body["statement"], statement, STATEMENT_BRIEF)
    assert (body["included_in"]["id"], body["included_in"]["best"]) == (injured.pk, 10)
    assert ok(anonymous.get(body["included_in"]["url"]))["id"] == injured.pk


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    assert anonymous.post(URL, casualty_body(attack=make_attack().pk)).status_code == 401
    assert not Casualty.objects.exists()


def test_a_reader_may_not_write(reader):
    figure = make_casualty(best=3)
    assert reader.post(URL, casualty_body(attack=figure.attack_id)).status_code == 403
    assert reader.patch(detail_url(figure), {"best": 4}, **if_match(figure)).status_code == 403
    assert reader.delete(detail_url(figure), **if_match(figure)).status_code == 403
    assert list(Casualty.objects.values_list("best", flat=True)) == [3]


def test_a_curator_creates_a_figure_with_its_relations_given_by_id(curator):
    attack, statement, kyiv = make_attack(), make_statement(), make_location()
    ukraine, source = make_actor(), make_source()
    body = casualty_body(
        attack=attack.pk,
        kind="injured",
        population="civilian",
        best=6,
        locations=[kyiv.pk],
        statement=statement.pk,
        claimants=[ukraine.pk],
        sources=[source.pk],
    )
    response = curator.post(URL, body)
    assert response.status_code == 201, response.content
    assert response.json()["attack"]["id"] == attack.pk
    figure = Casualty.objects.get(pk=response.json()["id"])
    assert (figure.attack, figure.statement, figure.kind, figure.population, figure.best) == (
        attack,
        statement,
        "injured",
        "civilian",
        6,
    )
    assert list(figure.locations.all()) == [kyiv]
    assert list(figure.claimants.all()) == [ukraine]
    assert list(figure.sources.all()) == [source]


def test_a_curator_prefers_a_figure_giving_the_reason(curator):
    figure = make_casualty()
    response = curator.patch(
        detail_url(figure), {"rank": "preferred", "rank_reason": "The official count."}, **if_match(figure)
    )
    assert response.status_code == 200, response.content
    figure.refresh_from_db()
    assert (figure.rank, figure.rank_reason) == ("preferred", "The official count.")


def test_a_curator_deletes_a_figure_and_its_subsets_stay_on_their_own(curator):
    injured = make_casualty(kind="injured", best=10)
    children = make_casualty(
        kind="injured",
        age_group="children",
        low=1,
        best=None,
        qualifier="at_least",
        attack=injured.attack,
        included_in=injured,
    )
    assert curator.delete(detail_url(injured), **if_match(injured)).status_code == 204
    assert not Casualty.objects.filter(pk=injured.pk).exists()
    children.refresh_from_db()
    assert children.included_in is None


def test_it_finds_a_figure_over_two_days_by_either_day(anonymous):
    night = make_casualty(**span(JAN_31, FEB_1))
    before = make_casualty(**one_day(JAN_30))
    after = make_casualty(**one_day(FEB_2))

    assert matched(anonymous, URL, date_to="2025-01-31") == ids(night, before)
    assert matched(anonymous, URL, date_from="2025-02-01") == ids(night, after)
    assert matched(anonymous, URL, date_from="2025-01-31", date_to="2025-02-01") == ids(night)


def test_it_filters_by_kind_and_population_a_repeated_kind_meaning_either(anonymous):
    civilians_killed = make_casualty(kind="killed", population="civilian")
    civilians_injured = make_casualty(kind="injured", population="civilian")
    make_casualty(kind="killed", population="military")
    make_casualty(kind="missing", population="civilian")

    assert matched(anonymous, URL, kind="killed", population="civilian") == ids(civilians_killed)
    assert matched(anonymous, URL, kind=["killed", "injured"], population="civilian") == ids(
        civilians_killed, civilians_injured
    )


def test_a_wave_lists_its_own_figures_and_those_of_its_attacks(anonymous):
    wave = make_wave()
    for_the_wave = make_casualty(wave=wave)
    for_an_attack = make_casualty(attack=make_attack(wave=wave))
    make_casualty(wave=make_wave())
    make_casualty(attack=make_attack())

    assert matched(anonymous, URL, wave_id=wave.pk) == ids(for_the_wave, for_an_attack)


def test_it_filters_by_attack_and_by_deployment(anonymous):
    attack, deployment = make_attack(), make_deployment()
    for_the_attack = make_casualty(attack=attack)
    for_the_deployment = make_casualty(deployment=deployment)
    make_casualty()

    assert matched(anonymous, URL, attack_id=attack.pk) == ids(for_the_attack)
    assert matched(anonymous, URL, deployment_id=deployment.pk) == ids(for_the_deployment)


def test_it_finds_figures_inside_a_place_by_their_own_places_or_their_attacks(anonymous):
    oblast = make_location(kind="region")
    city, town = make_location(parent=oblast), make_location(kind="town", parent=oblast)
    by_own_places = make_casualty(wave=make_wave(), locations=[city, town])
    by_attack = make_casualty(attack=make_attack(location=town))
    make_casualty(attack=make_attack(location=make_location(parent=make_location(kind="region"))))

    assert matched(anonymous, URL, location_id=oblast.pk) == ids(by_own_places, by_attack)


def test_it_filters_by_claimant_by_id_or_slug_a_repeated_one_meaning_either(anonymous):
    ukraine, russia = make_actor(), make_actor()
    by_ukraine = make_casualty(claimants=[ukraine])
    by_russia = make_casualty(claimants=[russia])
    by_both = make_casualty(claimants=[ukraine, russia])
    make_casualty()

    assert matched(anonymous, URL, claimant_id=ukraine.pk) == ids(by_ukraine, by_both)
    assert matched(anonymous, URL, claimant_id=[ukraine.pk, russia.pk]) == ids(by_ukraine, by_russia, by_both)
    assert matched(anonymous, URL, claimant=russia.slug) == ids(by_russia, by_both)


def test_it_filters_by_rank_and_source(anonymous):
    preferred = make_casualty(rank="preferred", rank_reason="Official count.")
    normal = make_casualty()

    assert matched(anonymous, URL, rank="preferred") == ids(preferred)
    assert matched(anonymous, URL, source_id=normal.sources.get().pk) == ids(normal)


def test_it_refuses_an_unknown_kind_or_wave_naming_the_parameter(anonymous):
    make_casualty()
    assert_invalid(anonymous.get(URL, {"kind": "wounded"}), "kind")
    assert_invalid(anonymous.get(URL, {"wave_id": 999_999}), "wave_id")
    assert_invalid(anonymous.get(URL, {"claimant": "no-such-actor"}), "claimant")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"killed": "3"}), "killed")


def test_it_orders_by_start_either_way_and_refuses_other_orderings(anonymous):
    middle = make_casualty(**one_day(JAN_31))
    first = make_casualty(**one_day(JAN_30))
    last = make_casualty(**one_day(FEB_2))

    assert listed_ids(anonymous, URL, ordering="date_start") == [first.pk, middle.pk, last.pk]
    assert listed_ids(anonymous, URL, ordering="-date_start") == [last.pk, middle.pk, first.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_casualty()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
