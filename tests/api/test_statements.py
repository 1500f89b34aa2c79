"""/api/v1/statements/: what an actor said, verbatim and paraphrased, and what it was about."""

import pytest

from reports.models import Casualty, Statement
from tests.api.helpers import (
    ACTOR_BRIEF,
    ATTACK_BRIEF,
    DEPLOYMENT_BRIEF,
    FEB_1,
    FEB_2,
    JAN_30,
    JAN_31,
    SOURCE_BRIEF,
    WAVE_BRIEF,
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
    make_source,
    make_statement,
    make_wave,
    one_day,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/statements/"


def detail_url(statement: Statement) -> str:
    return f"{URL}{statement.pk}/"


def statement_body(**overrides) -> dict:
    return {
        "speaker": make_actor(kind="person").pk,
        "speech_act": "condemnation",
        "quote": "another wave of terrorist crimes",
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "date_precision": "day",
        "sources": [make_source().pk],
        **overrides,
    }


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_statements_in_eight_queries_however_many_there_are(
    anonymous, django_assert_num_queries, rows
):
    for _ in range(rows):
        statement = make_statement()
        statement.about_attacks.set([make_attack()])
        statement.about_waves.set([make_wave()])
        statement.about_deployments.set([make_deployment()])
    # 1 count, 2 the page's ids, 3 their rows joined with speaker and on_behalf_of, 4 sources,
    # 5 attacks, 6 waves, 7 deployments, 8 actors it is about.
    with django_assert_num_queries(8) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_a_statement_with_its_speaker_and_subjects_nested_and_brief(anonymous):
    zelenskyy = make_actor(name="Volodymyr Zelenskyy", kind="person")
    statement = make_statement(speaker=zelenskyy, speaker_role="President of Ukraine")
    attack, wave, deployment = make_attack(), make_wave(), make_deployment()
    statement.about_attacks.set([attack])
    statement.about_waves.set([wave])
    statement.about_deployments.set([deployment])

    assert listed_ids(anonymous, URL) == [statement.pk]
    body = ok(anonymous.get(detail_url(statement)))
    assert (body["speaker_role"], body["quote"], body["speech_act"]) == (
        "President of Ukraine",
        "Words said.",
        "claim",
    )
    assert body["speaker"]["name"] == "Volodymyr Zelenskyy"
    assert_brief(anonymous, body["speaker"], zelenskyy, ACTOR_BRIEF)
    assert_brief(anonymous, body["on_behalf_of"], statement.on_behalf_of, ACTOR_BRIEF)
    assert_brief(anonymous, body["sources"][0], statement.sources.get(), SOURCE_BRIEF)
    assert_brief(anonymous, body["about_attacks"][0], attack, ATTACK_BRIEF)
    assert_brief(anonymous, body["about_waves"][0], wave, WAVE_BRIEF)
    assert_brief(anonymous, body["about_deployments"][0], deployment, DEPLOYMENT_BRIEF)
    assert_brief(anonymous, body["about_actors"][0], statement.about_actors.get(), ACTOR_BRIEF)


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    assert anonymous.post(URL, statement_body()).status_code == 401
    assert not Statement.objects.exists()


def test_a_reader_may_not_write(reader):
    statement = make_statement(quote="As said.")
    assert reader.post(URL, statement_body()).status_code == 403
    assert (
        reader.patch(detail_url(statement), {"quote": "Changed."}, **if_match(statement)).status_code == 403
    )
    assert reader.delete(detail_url(statement), **if_match(statement)).status_code == 403
    assert list(Statement.objects.values_list("quote", flat=True)) == ["As said."]


def test_a_curator_creates_a_statement_with_its_relations_given_by_id(curator):
    speaker, office, russia = make_actor(kind="person"), make_actor(), make_actor()
    attack, source = make_attack(), make_source()
    body = statement_body(
        speaker=speaker.pk,
        on_behalf_of=office.pk,
        sources=[source.pk],
        about_attacks=[attack.pk],
        about_actors=[russia.pk],
    )
    response = curator.post(URL, body)
    assert response.status_code == 201, response.content
    assert response.json()["speaker"]["id"] == speaker.pk
    statement = Statement.objects.get(pk=response.json()["id"])
    assert (statement.speaker, statement.on_behalf_of, statement.quote) == (
        speaker,
        office,
        "another wave of terrorist crimes",
    )
    assert list(statement.sources.all()) == [source]
    assert list(statement.about_attacks.all()) == [attack]
    assert list(statement.about_actors.all()) == [russia]
    assert not statement.about_waves.exists()


def test_a_curator_changes_a_statement_and_what_it_is_about(curator):
    statement = make_statement(paraphrase="")
    wave = make_wave()
    response = curator.patch(
        detail_url(statement),
        {"paraphrase": "He asked for air defence.", "about_waves": [wave.pk]},
        **if_match(statement),
    )
    assert response.status_code == 200, response.content
    statement.refresh_from_db()
    assert statement.paraphrase == "He asked for air defence."
    assert list(statement.about_waves.all()) == [wave]


def test_a_curator_deletes_a_statement_and_the_figures_it_gave_stay(curator):
    statement = make_statement()
    figure = make_casualty(statement=statement)
    assert curator.delete(detail_url(statement), **if_match(statement)).status_code == 204
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert Casualty.objects.get(pk=figure.pk).statement is None


def test_it_finds_a_statement_over_two_days_by_either_day(anonymous):
    night = make_statement(**span(JAN_31, FEB_1))
    before = make_statement(**one_day(JAN_30))
    after = make_statement(**one_day(FEB_2))

    assert matched(anonymous, URL, date_to="2025-01-31") == ids(night, before)
    assert matched(anonymous, URL, date_from="2025-02-01") == ids(night, after)
    assert matched(anonymous, URL, date_from="2025-01-31", date_to="2025-02-01") == ids(night)


def test_it_filters_by_speaker_by_id_or_slug_and_by_speech_act_together(anonymous):
    zelenskyy, sybiha = make_actor(kind="person"), make_actor(kind="person")
    condemnation = make_statement(speaker=zelenskyy, speech_act="condemnation")
    appeal = make_statement(speaker=zelenskyy, speech_act="appeal")
    by_sybiha = make_statement(speaker=sybiha, speech_act="condemnation")
    make_statement()

    assert matched(anonymous, URL, speaker_id=zelenskyy.pk) == ids(condemnation, appeal)
    assert matched(anonymous, URL, speaker=[zelenskyy.slug, sybiha.slug]) == ids(
        condemnation, appeal, by_sybiha
    )
    assert matched(anonymous, URL, speaker=zelenskyy.slug, speech_act="condemnation") == ids(condemnation)
    assert matched(anonymous, URL, speech_act=["appeal", "condemnation"]) == ids(
        condemnation, appeal, by_sybiha
    )


def test_it_filters_by_what_a_statement_is_about(anonymous):
    attack, wave, russia = make_attack(), make_wave(), make_actor()
    about_attack, about_wave, about_russia = make_statement(), make_statement(), make_statement()
    about_attack.about_attacks.set([attack])
    about_wave.about_waves.set([wave])
    about_russia.about_actors.add(russia)
    make_statement()

    assert matched(anonymous, URL, attack_id=attack.pk) == ids(about_attack)
    assert matched(anonymous, URL, wave_id=wave.pk) == ids(about_wave)
    assert matched(anonymous, URL, about_actor_id=russia.pk) == ids(about_russia)


def test_it_filters_by_channel_and_on_behalf_of(anonymous):
    office = make_actor()
    posted = make_statement(channel="social_media", on_behalf_of=office)
    make_statement(channel="social_media")
    make_statement(channel="press_briefing", on_behalf_of=office)

    assert matched(anonymous, URL, channel="social_media", on_behalf_of_id=office.pk) == ids(posted)


def test_it_refuses_an_unknown_speaker_or_speech_act_naming_the_parameter(anonymous):
    make_statement()
    assert_invalid(anonymous.get(URL, {"speaker_id": 999_999}), "speaker_id")
    assert_invalid(anonymous.get(URL, {"speech_act": "whisper"}), "speech_act")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"quote": "terrorist"}), "quote")


def test_it_orders_by_start_either_way_and_refuses_other_orderings(anonymous):
    middle = make_statement(**one_day(JAN_31))
    first = make_statement(**one_day(JAN_30))
    last = make_statement(**one_day(FEB_2))

    assert listed_ids(anonymous, URL, ordering="date_start") == [first.pk, middle.pk, last.pk]
    assert listed_ids(anonymous, URL, ordering="-date_start") == [last.pk, middle.pk, first.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_statement()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
