"""Full-text ``q`` over statements' words, attacks' descriptions and sources' titles."""

import pytest
from django.db import connection

from api.filters.sets import AttackFilterSet, SourceFilterSet, StatementFilterSet
from reports.models import Actor, Attack, Location, Source, Statement
from reports.services.bulk import bulk_load
from reports.services.search import TEXT_DOCUMENTS, text_search
from tests.api.helpers import FEB_1, FEB_2, JAN_30, JAN_31, analyze, assert_invalid, ids, listed_ids, matched
from tests.builders import make_attack, make_source, make_statement, one_day

pytestmark = pytest.mark.django_db

on_postgresql = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(
    not on_postgresql, reason="ranking, GIN indexes and EXPLAIN plans exist only on PostgreSQL"
)


def test_statements_are_found_by_words_in_the_quote_or_the_paraphrase(anonymous):
    quoted = make_statement(quote="Russia launched drones at Odesa overnight.")
    paraphrased = make_statement(quote="", paraphrase="The governor said drones hit a school in Odesa.")
    make_statement(quote="Missiles struck Kharkiv.")

    path = "/api/v1/statements/"
    assert matched(anonymous, path, q="drones") == ids(quoted, paraphrased)
    assert matched(anonymous, path, q="ODESA drones") == ids(quoted, paraphrased)
    assert matched(anonymous, path, q="drones school") == ids(paraphrased)  # every word must appear
    assert matched(anonymous, path, q="drones Kharkiv") == []
    assert matched(anonymous, path, q="drones", speech_act="condemnation") == []


def test_attacks_are_found_by_their_description_and_sources_by_their_title(anonymous):
    school = make_attack(description="A strike drone hit a school building.")
    make_attack(description="A missile hit a power station.")
    report = make_source(title="Drone strike on a school in Sumy")
    make_source(title="Missile attack on Dnipro")

    assert matched(anonymous, "/api/v1/attacks/", q="school") == ids(school)
    assert matched(anonymous, "/api/v1/attacks/", q="Drone SCHOOL") == ids(school)
    assert matched(anonymous, "/api/v1/sources/", q="school drone") == ids(report)
    assert matched(anonymous, "/api/v1/sources/", q="school", kind="report") == []


def test_a_blank_search_is_refused_naming_q_rather_than_matching_everything(anonymous):
    make_source()
    response = anonymous.get("/api/v1/sources/", {"q": "   "})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]


def test_punctuation_and_quotes_in_a_search_are_words_not_syntax(anonymous):
    quoted = make_statement(quote="We will respond.")
    assert matched(anonymous, "/api/v1/statements/", q="respond") == ids(quoted)
    for text in ["'", '"respond', "respond & !", "(respond)", "respond:*"]:
        response = anonymous.get("/api/v1/statements/", {"q": text})
        assert response.status_code == 200, (text, response.content)


def test_an_explicit_ordering_wins_over_the_rank(anonymous):
    early = make_statement(quote="drone", **one_day(JAN_30))
    late = make_statement(quote="drone drone drone drone", **one_day(FEB_2))
    middle = make_statement(quote="drone drone", **one_day(JAN_31))

    path = "/api/v1/statements/"
    assert listed_ids(anonymous, path, q="drone", ordering="date_start") == [early.pk, middle.pk, late.pk]
    assert_invalid(anonymous.get(path, {"q": "drone", "ordering": "search_rank"}), "ordering")


@postgresql_only
def test_without_an_ordering_the_best_matches_come_first_ties_by_id(anonymous):
    once = make_statement(quote="A drone was seen.", **one_day(FEB_2))
    thrice = make_statement(quote="Drone after drone after drone.", **one_day(JAN_30))
    once_too = make_statement(quote="One more drone.", **one_day(FEB_1))
    twice = make_statement(quote="drone", paraphrase="a drone", **one_day(JAN_31))

    ranked = listed_ids(anonymous, "/api/v1/statements/", q="drone")
    assert ranked[:2] == [thrice.pk, twice.pk]
    assert ranked[2:] == sorted([once.pk, once_too.pk])


@pytest.mark.skipif(on_postgresql, reason="SQLite's simpler search, which has no rank")
def test_on_sqlite_a_word_matches_part_of_a_word_in_the_default_order(anonymous):
    older = make_statement(quote="Drones over the city.", **one_day(JAN_30))
    newer = make_statement(quote="A drone.", **one_day(FEB_1))
    assert listed_ids(anonymous, "/api/v1/statements/", q="drone") == [newer.pk, older.pk]


@postgresql_only
def test_on_postgresql_a_word_matches_a_whole_word(anonymous):
    drone = make_statement(quote="A drone.")
    make_statement(quote="Drones over the city.")
    assert matched(anonymous, "/api/v1/statements/", q="drone") == ids(drone)


@postgresql_only
def test_on_postgresql_accents_are_ignored_in_the_text_and_in_the_words(anonymous):
    accented = make_statement(quote="Drones over Khárkiv and Łódź.")
    plain = make_attack(description="A drone hit KHARKIV.")
    make_statement(quote="Drones over Odesa.")

    assert matched(anonymous, "/api/v1/statements/", q="kharkiv lodz") == ids(accented)
    assert matched(anonymous, "/api/v1/statements/", q="Łódź") == ids(accented)
    assert matched(anonymous, "/api/v1/attacks/", q="Khárkiv") == ids(plain)


@postgresql_only
@pytest.mark.parametrize("model", [Statement, Attack, Source])
def test_the_search_and_its_rank_read_the_stored_words_not_the_text(model):
    # Parsing the text of every match again to rank it was most of a common word's search.
    sql = str(text_search(model.objects.all(), text="drone").query)
    column = f'"{model._meta.db_table}"."search_document"'

    assert "to_tsvector" not in sql, sql
    assert f"{column} @@ " in sql, sql
    assert f"ts_rank({column}, " in sql, sql


def test_a_record_is_found_by_its_new_words_once_edited(anonymous):
    statement = make_statement(quote="A drone was seen.")
    statement.quote = "A missile was seen."
    statement.save()

    assert matched(anonymous, "/api/v1/statements/", q="missile") == ids(statement)
    assert matched(anonymous, "/api/v1/statements/", q="drone") == []


def test_records_written_by_the_bulk_loader_are_found(anonymous):
    speaker = make_statement().speaker
    day = {"date_start": FEB_1, "date_end": FEB_1, "review_status": "published"}
    bulk_load(
        model=Statement,
        rows=[
            {"speaker_id": speaker.pk, "speech_act": "claim", "paraphrase": "Shahed drones over Sumy", **day}
        ],
    )
    bulk_load(model=Source, rows=[{"title": "Shahed drones over Sumy"}])

    assert matched(anonymous, "/api/v1/statements/", q="shahed sumy") == ids(
        Statement.objects.get(paraphrase__contains="Shahed")
    )
    assert matched(anonymous, "/api/v1/sources/", q="shahed sumy") == ids(
        Source.objects.get(title__contains="Shahed")
    )


def bulk_texts(rows: int) -> None:
    """Enough rows that the planner prefers the GIN index to a scan of the table."""
    speaker = Actor.objects.create(name="Speaker", slug="speaker", kind="person")
    place = Location.objects.create(name="Somewhere", slug="somewhere", kind="city", country="UA")
    words = {"date_start": FEB_1, "date_end": FEB_1}
    Statement.objects.bulk_create(
        Statement(speaker=speaker, speech_act="claim", quote=f"Routine statement number {n}.", **words)
        for n in range(rows)
    )
    Attack.objects.bulk_create(
        Attack(location=place, description=f"Routine shelling number {n}.", **words) for n in range(rows)
    )
    Source.objects.bulk_create(Source(title=f"Routine report number {n}") for n in range(rows))
    analyze(
        ["reports_statement", "reports_attack", "reports_source"],
        [document.index_name for document in TEXT_DOCUMENTS.values()],
    )


@postgresql_only
@pytest.mark.parametrize(
    ("filterset", "model", "make"),
    [
        (StatementFilterSet, Statement, lambda: make_statement(paraphrase="Shahed drones over Sumy")),
        (AttackFilterSet, Attack, lambda: make_attack(description="Shahed drones over Sumy")),
        (SourceFilterSet, Source, lambda: make_source(title="Shahed drones over Sumy")),
    ],
)
def test_a_text_search_is_served_by_the_gin_index_on_the_same_expression(filterset, model, make):
    bulk_texts(3000)
    wanted = make()
    queryset = filterset(data={"q": "shahed sumy"}, queryset=model.objects.all()).qs

    plan = queryset.explain()
    assert TEXT_DOCUMENTS[model._meta.model_name].index_name in plan, plan
    assert list(queryset) == [wanted]
