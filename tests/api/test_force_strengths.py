"""/api/v1/force-strengths/: claimed numbers of troops in a deployment."""

import pytest

from reports.models import ForceStrength
from tests.api.helpers import (
    ACTOR_BRIEF,
    DEPLOYMENT_BRIEF,
    FEB_1,
    FEB_2,
    JAN_30,
    JAN_31,
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
from tests.builders import make_actor, make_deployment, make_source, make_statement, make_strength, one_day

pytestmark = pytest.mark.django_db

URL = "/api/v1/force-strengths/"


def detail_url(strength: ForceStrength) -> str:
    return f"{URL}{strength.pk}/"


def strength_body(**overrides) -> dict:
    return {
        "deployment": make_deployment().pk,
        "best": 12_000,
        "qualifier": "approximately",
        "phrase": "approximately 12,000 soldiers",
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "date_precision": "day",
        "claimants": [make_actor().pk],
        "sources": [make_source().pk],
        **overrides,
    }


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_strengths_in_five_queries_however_many_there_are(
    anonymous, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_strength(statement=make_statement())
    # 1 count, 2 the page's ids, 3 their rows joined with deployment and statement, 4 claimants,
    # 5 sources.
    with django_assert_num_queries(5) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_a_strength_with_its_deployment_and_provenance_nested_and_brief(anonymous):
    statement = make_statement()
    strength = make_strength(best=12_000, qualifier="approximately", statement=statement)

    assert listed_ids(anonymous, URL) == [strength.pk]
    body = ok(anonymous.get(detail_url(strength)))
    assert (body["low"], body["best"], body["high"], body["qualifier"]) == (
        None,
        12_000,
        None,
        "approximately",
    )
    assert body["deployment"]["name"] == strength.deployment.name
    assert_brief(anonymous, body["deployment"], strength.deployment, DEPLOYMENT_BRIEF)
    assert_brief(anonymous, body["claimants"][0], strength.claimants.get(), ACTOR_BRIEF)
    assert_brief(anonymous, body["sources"][0], strength.sources.get(), SOURCE_BRIEF)
    assert_brief(anonymous, body["statement"], statement, STATEMENT_BRIEF)


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    assert anonymous.post(URL, strength_body()).status_code == 401
    assert not ForceStrength.objects.exists()


def test_a_reader_may_not_write(reader):
    strength = make_strength(best=12_000)
    assert reader.post(URL, strength_body()).status_code == 403
    assert reader.patch(detail_url(strength), {"best": 11_000}, **if_match(strength)).status_code == 403
    assert reader.delete(detail_url(strength), **if_match(strength)).status_code == 403
    assert list(ForceStrength.objects.values_list("best", flat=True)) == [12_000]


def test_a_curator_creates_a_strength_with_its_relations_given_by_id(curator):
    deployment, statement = make_deployment(), make_statement()
    ukraine, west, source = make_actor(), make_actor(), make_source()
    body = strength_body(
        deployment=deployment.pk, statement=statement.pk, claimants=[ukraine.pk, west.pk], sources=[source.pk]
    )
    response = curator.post(URL, body)
    assert response.status_code == 201, response.content
    assert response.json()["deployment"]["id"] == deployment.pk
    strength = ForceStrength.objects.get(pk=response.json()["id"])
    assert (strength.deployment, strength.statement, strength.best, strength.qualifier) == (
        deployment,
        statement,
        12_000,
        "approximately",
    )
    assert ids(*strength.claimants.all()) == ids(ukraine, west)
    assert list(strength.sources.all()) == [source]


def test_a_curator_changes_a_strength_into_a_range(curator):
    strength = make_strength(best=12_000, qualifier="approximately")
    response = curator.patch(
        detail_url(strength),
        {"low": 11_000, "best": None, "high": 12_000, "qualifier": "range"},
        **if_match(strength),
    )
    assert response.status_code == 200, response.content
    strength.refresh_from_db()
    assert (strength.low, strength.best, strength.high, strength.qualifier) == (11_000, None, 12_000, "range")


def test_a_curator_deletes_a_strength(curator):
    strength = make_strength()
    assert curator.delete(detail_url(strength), **if_match(strength)).status_code == 204
    assert not ForceStrength.objects.filter(pk=strength.pk).exists()


def test_it_finds_a_strength_over_two_days_by_either_day(anonymous):
    night = make_strength(**span(JAN_31, FEB_1))
    before = make_strength(**one_day(JAN_30))
    after = make_strength(**one_day(FEB_2))

    assert matched(anonymous, URL, date_to="2025-01-31") == ids(night, before)
    assert matched(anonymous, URL, date_from="2025-02-01") == ids(night, after)
    assert matched(anonymous, URL, date_from="2025-01-31", date_to="2025-02-01") == ids(night)


def test_it_filters_by_deployment_a_repeated_one_meaning_either(anonymous):
    kursk, pokrovsk = make_deployment(), make_deployment()
    in_kursk, in_pokrovsk = make_strength(deployment=kursk), make_strength(deployment=pokrovsk)
    make_strength()

    assert matched(anonymous, URL, deployment_id=kursk.pk) == ids(in_kursk)
    assert matched(anonymous, URL, deployment_id=[kursk.pk, pokrovsk.pk]) == ids(in_kursk, in_pokrovsk)


def test_it_filters_by_claimant_and_statement_together(anonymous):
    ukraine, statement = make_actor(), make_statement()
    wanted = make_strength(claimants=[ukraine], statement=statement)
    claimed_elsewhere = make_strength(claimants=[ukraine])
    make_strength(statement=statement)

    assert matched(anonymous, URL, claimant_id=ukraine.pk) == ids(wanted, claimed_elsewhere)
    assert matched(anonymous, URL, claimant=ukraine.slug, statement_id=statement.pk) == ids(wanted)


def test_it_filters_by_confidence_and_rank(anonymous):
    confirmed = make_strength(confidence="confirmed")
    deprecated = make_strength(rank="deprecated", rank_reason="Superseded by a later count.")
    make_strength()

    assert matched(anonymous, URL, confidence="confirmed") == ids(confirmed)
    assert matched(anonymous, URL, rank="deprecated") == ids(deprecated)


def test_it_refuses_an_unknown_deployment_or_claimant_naming_the_parameter(anonymous):
    make_strength()
    assert_invalid(anonymous.get(URL, {"deployment_id": 999_999}), "deployment_id")
    assert_invalid(anonymous.get(URL, {"claimant_id": "ukraine"}), "claimant_id")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"best": "12000"}), "best")


def test_it_orders_by_start_either_way_and_refuses_other_orderings(anonymous):
    middle = make_strength(**one_day(JAN_31))
    first = make_strength(**one_day(JAN_30))
    last = make_strength(**one_day(FEB_2))

    assert listed_ids(anonymous, URL) == [first.pk, middle.pk, last.pk]
    assert listed_ids(anonymous, URL, ordering="-date_start") == [last.pk, middle.pk, first.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_strength()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
