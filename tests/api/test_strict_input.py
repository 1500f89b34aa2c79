"""Input the schema does not allow is refused with a 400 naming it: never coerced, never ignored.

Each of these was found by fuzzing the API against its OpenAPI document (make fuzz).
"""

import pytest

from reports.models import Actor, Location, Source
from tests.api.helpers import assert_invalid
from tests.builders import make_location, make_source

pytestmark = pytest.mark.django_db


def test_a_number_for_a_text_field_is_refused_not_stored_as_its_digits(curator):
    response = curator.post("/api/v1/sources/", {"title": "A source", "notes": 0}, format="json")

    assert_invalid(response, "notes")
    assert not Source.objects.exists()


def test_a_number_for_a_text_field_of_a_place_name_is_refused(curator):
    body = {"name": "Poltava", "slug": "poltava", "kind": "city", "country": "UA"}
    response = curator.post(
        "/api/v1/locations/", {**body, "names": [{"name": "Полтава", "language": 0}]}, format="json"
    )

    assert_invalid(response, "names")
    assert not Location.objects.exists()


def test_a_place_cannot_be_saved_without_a_country_by_sending_an_empty_object(curator):
    body = {"name": "Poltava", "slug": "poltava", "kind": "city", "country": {}}

    response = curator.post("/api/v1/locations/", body, format="json")

    assert_invalid(response, "country")
    assert not Location.objects.exists()


def test_a_country_is_a_code_not_an_object(curator):
    body = {"name": "Ukraine", "slug": "ukraine", "kind": "state", "country": {"code": "UA"}}

    response = curator.post("/api/v1/actors/", body, format="json")

    assert_invalid(response, "country")
    assert not Actor.objects.exists()


@pytest.mark.parametrize("parameter", ["date_from", "page", "ordering", "source_id"])
def test_a_filter_sent_empty_is_refused_rather_than_ignored(anonymous, parameter):
    make_source()

    response = anonymous.get("/api/v1/attacks/", {parameter: ""})

    assert_invalid(response, parameter)


def test_an_empty_kind_for_an_import_is_refused(curator):
    response = curator.post("/api/v1/imports/?kind=", {"sources": []}, format="json")

    assert_invalid(response, "kind")


def test_a_page_past_the_last_is_a_404_in_the_error_shape(anonymous):
    make_location()

    response = anonymous.get("/api/v1/locations/", {"page": 2})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page.", "code": "not_found"}


def test_an_imported_record_with_a_list_for_a_date_is_refused_naming_the_field(curator):
    record = {"external_id": "a-status", "date_start": "2025-02-01", "date_end": [None, None]}

    response = curator.post(
        "/api/v1/imports/?dry_run=true", {"force-deployment-statuses": [record]}, format="json"
    )

    assert response.status_code == 400, response.content
    fields = {error["field"] for error in response.json()["errors"]["rows"]}
    assert "date_end" in fields


@pytest.mark.parametrize("value", [False, 0, 2.5])
def test_an_imported_record_with_a_number_or_true_or_false_for_a_date_is_refused_naming_the_field(
    curator, value
):
    record = {"external_id": "a-status", "date_start": "2025-02-01", "date_end": value}

    response = curator.post(
        "/api/v1/imports/?dry_run=true", {"force-deployment-statuses": [record]}, format="json"
    )

    assert response.status_code == 400, response.content
    fields = {error["field"] for error in response.json()["errors"]["rows"]}
    assert "date_end" in fields


def test_a_format_suffix_that_is_not_offered_is_no_page_while_a_format_parameter_is_a_400(anonymous):
    # /actors/1.5/ reads as record 1 in format "5": no such page, as for any unknown path.
    assert anonymous.get("/api/v1/actors/1.5/").status_code == 404
    response = anonymous.get("/api/v1/actors/", {"format": "xml"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["format"]


def test_options_on_the_summary_answers_json_even_where_csv_is_offered(curator):
    response = curator.options("/api/v1/casualties/summary/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_an_undeclared_method_is_a_405_even_with_a_format_only_reads_offer(curator):
    response = curator.generic("TRACE", "/api/v1/casualties/summary/?format=csv")

    assert response.status_code == 405


def test_an_imported_reference_to_an_id_beyond_64_bit_integers_is_refused_naming_the_field(curator):
    record = {"title": "A source", "document_url": "https://example.org/a", "notes": ""}
    wave = {
        "external_id": "a-wave",
        "name": "A wave",
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "sources": [2**64],
    }

    response = curator.post(
        "/api/v1/imports/?dry_run=true", {"sources": [record], "waves": [wave]}, format="json"
    )

    assert response.status_code == 400, response.content
    assert [(error["kind"], error["field"]) for error in response.json()["errors"]["rows"]] == [
        ("waves", "sources")
    ]


@pytest.mark.parametrize("field", ["document_url", "notes"])
def test_an_imported_key_or_text_with_a_nul_character_is_refused_naming_the_field(curator, field):
    record = {"title": "A source", "document_url": "https://example.org/a", "notes": "", field: "a\x00b"}

    response = curator.post("/api/v1/imports/?dry_run=true", {"sources": [record]}, format="json")

    assert response.status_code == 400, response.content
    assert field in {error["field"] for error in response.json()["errors"]["rows"]}


@pytest.mark.parametrize(("field", "value"), [("published_on", ""), ("notes", None)])
def test_an_imported_empty_or_null_value_the_api_refuses_is_refused_by_an_import(curator, field, value):
    record = {"title": "A source", "document_url": "https://example.org/a", "notes": "", field: value}

    response = curator.post("/api/v1/imports/?dry_run=true", {"sources": [record]}, format="json")
    through_the_api = curator.post("/api/v1/sources/", record, format="json")

    assert response.status_code == 400, response.content
    assert [error["field"] for error in response.json()["errors"]["rows"]] == [field]
    assert_invalid(through_the_api, field)


def test_an_undeclared_method_is_a_405_even_with_an_hxl_row_asked_for(curator):
    response = curator.put("/api/v1/casualties/summary/?format=csv&hxl=true", {}, format="json")

    assert response.status_code == 405


def test_an_hxl_row_on_a_feed_without_csv_is_refused_without_suggesting_a_csv(anonymous):
    response = anonymous.get("/api/v1/attacks/changes/", {"hxl": "true"})

    assert_invalid(response, "hxl")
    assert "format=csv" not in response.json()["errors"]["hxl"][0]
