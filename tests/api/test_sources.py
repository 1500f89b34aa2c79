"""/api/v1/sources/: the documents facts come from."""

import datetime

import pytest

from reports.models import Source
from tests.api.helpers import (
    assert_invalid,
    assert_no_auth_queries,
    assert_page_size_is_capped,
    ids,
    if_match,
    listed_ids,
    matched,
    ok,
)
from tests.builders import make_source

pytestmark = pytest.mark.django_db

URL = "/api/v1/sources/"


def detail_url(source: Source) -> str:
    return f"{URL}{source.pk}/"


def source_body(**overrides) -> dict:
    return {
        "title": "Russia strikes Poltava",
        "publisher": "Kyiv Independent",
        "document_url": "https://example.org/poltava-strike",
        "published_on": "2025-02-01",
        "language": "en",
        "kind": "news_article",
        **overrides,
    }


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_sources_in_two_queries_however_many_there_are(anonymous, django_assert_num_queries, rows):
    for _ in range(rows):
        make_source()
    # 1 count, 2 page rows.
    with django_assert_num_queries(2) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_the_list_and_a_source(anonymous):
    source = make_source(publisher="Kyiv Independent", published_on=datetime.date(2025, 2, 1))
    other = make_source()

    assert matched(anonymous, URL) == ids(source, other)
    body = ok(anonymous.get(detail_url(source)))
    assert body["url"] == f"http://testserver{detail_url(source)}"
    assert (body["title"], body["publisher"], body["published_on"]) == (
        source.title,
        "Kyiv Independent",
        "2025-02-01",
    )
    assert body["document_url"] == source.url


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    response = anonymous.post(URL, source_body())
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not Source.objects.exists()


def test_a_reader_may_not_write(reader):
    source = make_source(title="As published")
    assert reader.post(URL, source_body()).status_code == 403
    assert reader.patch(detail_url(source), {"title": "Changed"}, **if_match(source)).status_code == 403
    assert reader.delete(detail_url(source), **if_match(source)).status_code == 403
    assert list(Source.objects.values_list("title", flat=True)) == ["As published"]


def test_a_curator_creates_a_source(curator):
    response = curator.post(URL, source_body())
    assert response.status_code == 201, response.content
    source = Source.objects.get(pk=response.json()["id"])
    assert source.url == "https://example.org/poltava-strike"
    assert (source.publisher, source.published_on) == ("Kyiv Independent", datetime.date(2025, 2, 1))


def test_a_curator_changes_a_source(curator):
    source = make_source(title="Draft title")
    response = curator.patch(detail_url(source), {"title": "Russia strikes Poltava"}, **if_match(source))
    assert response.status_code == 200, response.content
    source.refresh_from_db()
    assert source.title == "Russia strikes Poltava"


def test_a_curator_deletes_a_source(curator):
    source = make_source()
    assert curator.delete(detail_url(source), **if_match(source)).status_code == 204
    assert not Source.objects.filter(pk=source.pk).exists()


def test_it_refuses_a_second_source_with_the_same_document_url_naming_the_field(curator):
    make_source(url="https://example.org/poltava-strike")
    assert_invalid(curator.post(URL, source_body()), "document_url")


def test_it_filters_by_kind_a_repeated_kind_meaning_either(anonymous):
    report = make_source(kind="report")
    statement = make_source(kind="official_statement")
    make_source(kind="news_article")

    assert matched(anonymous, URL, kind="report") == ids(report)
    assert matched(anonymous, URL, kind=["report", "official_statement"]) == ids(report, statement)


def test_it_filters_by_publisher_and_language_in_any_letter_case_both_having_to_match(anonymous):
    wanted = make_source(publisher="Kyiv Independent", language="uk")
    make_source(publisher="Kyiv Independent", language="en")
    make_source(publisher="Reuters", language="uk")

    assert matched(anonymous, URL, publisher="kyiv independent", language="UK") == ids(wanted)


def test_it_filters_by_publication_dates_both_days_included(anonymous):
    first = make_source(published_on=datetime.date(2025, 1, 31))
    second = make_source(published_on=datetime.date(2025, 2, 1))
    make_source(published_on=datetime.date(2025, 1, 30))
    make_source(published_on=datetime.date(2025, 2, 2))

    assert matched(anonymous, URL, published_from="2025-01-31", published_to="2025-02-01") == ids(
        first, second
    )


def test_it_refuses_an_unknown_kind_naming_the_parameter(anonymous):
    make_source()
    assert_invalid(anonymous.get(URL, {"kind": "tweet"}), "kind")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"title": "Russia strikes Poltava"}), "title")


def test_it_orders_by_publication_date_either_way_and_refuses_other_orderings(anonymous):
    older = make_source(published_on=datetime.date(2025, 1, 30))
    newer = make_source(published_on=datetime.date(2025, 2, 2))
    middle = make_source(published_on=datetime.date(2025, 2, 1))

    assert listed_ids(anonymous, URL, ordering="published_on") == [older.pk, middle.pk, newer.pk]
    assert listed_ids(anonymous, URL, ordering="-published_on") == [newer.pk, middle.pk, older.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")
    assert_invalid(anonymous.get(URL, {"ordering": "-date_start"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_source()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
