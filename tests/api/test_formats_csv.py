"""Every list as CSV: ?format=csv or Accept: text/csv; flat columns, one row per record, the whole result."""

import datetime
from operator import itemgetter

import pytest
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.columns import ATTACK
from api.exports import Column, Table
from api.pagination import PageNumberPagination
from api.renderers import CSVRenderer
from reports.choices import LocationKind, ReviewStatus
from reports.models import Attack, Casualty, Location
from tests.api.export_helpers import LISTS, csv_records, csv_rows
from tests.api.helpers import analyze, assert_invalid, ok
from tests.builders import (
    make_attack,
    make_casualty,
    make_location,
    make_source,
    make_statement,
    make_weapon,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.usefixtures("seed")
def test_the_north_korean_deployments_troop_strength_is_one_exact_csv_row(anonymous):
    (deployment,) = ok(
        anonymous.get("/api/v1/force-deployments/", {"deploying_actor": "korean-peoples-army"})
    )["results"]
    (strength,) = ok(anonymous.get("/api/v1/force-strengths/", {"deployment_id": deployment["id"]}))[
        "results"
    ]

    response = anonymous.get("/api/v1/force-strengths/", {"deployment_id": deployment["id"], "format": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="force-strengths.csv"'
    assert csv_rows(response) == [
        [
            "id",
            "url",
            "deployment_id",
            "deployment_name",
            "low",
            "best",
            "high",
            "qualifier",
            "phrase",
            "date_start",
            "date_end",
            "date_precision",
            "claimants",
            "source_ids",
            "statement_id",
            "confidence",
            "rank",
            "rank_reason",
            "notes",
            "external_id",
            "review_status",
            "created_at",
            "updated_at",
        ],
        [
            str(strength["id"]),
            strength["url"],
            str(deployment["id"]),
            "North Korean troops in Russia's Kursk region",
            "",
            "12000",
            "",
            "approximately",
            "approximately 12,000 North Korean soldiers were sent to Russia",
            "2025-02-01",
            "2025-02-01",
            "approximate",
            "ukrainian-intelligence-unnamed;western-intelligence-unnamed",
            str(strength["sources"][0]["id"]),
            "",
            "reported",
            "normal",
            "",
            "",
            "",
            "published",
            strength["created_at"],
            strength["updated_at"],
        ],
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a plan of PostgreSQL's")
def test_the_region_of_each_exported_attack_is_read_from_the_index_of_regions():
    """adm1_name is a subquery per attack: a scan of every place for each was most of the
    attacks' CSV (5.5 of 6 seconds for 19,000 attacks among 5,000 places)."""
    country = make_location(kind=LocationKind.COUNTRY)
    region = make_location(kind=LocationKind.REGION, parent=country)
    city = make_location(parent=region)
    Location.objects.bulk_create(
        Location(name=f"Village {n}", slug=f"village-{n}", kind=LocationKind.TOWN, country="UA")
        for n in range(3000)
    )
    attack = make_attack(location=city)
    analyze(["reports_location"], [])
    attacks = Attack.objects.annotate(**ATTACK.annotations)

    plan = attacks.explain()
    assert "reports_location_regions" in plan, plan
    assert attacks.get(pk=attack.pk).adm1_name == region.name


@pytest.mark.usefixtures("seed")
def test_the_poltava_attack_is_flattened_to_its_place_region_and_point(anonymous):
    (attack,) = csv_records(anonymous.get("/api/v1/attacks/", {"location": "poltava", "format": "csv"}))
    assert {name: attack[name] for name in ("location_name", "location_kind", "adm1_name", "country")} == {
        "location_name": "Poltava",
        "location_kind": "city",
        "adm1_name": "Poltava Oblast",
        "country": "UA",
    }
    assert (attack["latitude"], attack["longitude"]) == ("49.588267", "34.551417")
    assert (attack["perpetrator_name"], attack["damage"]) == ("Russia", "destroyed")
    assert attack["targets"] == "residential-building"
    assert attack["casualty_ids"].count(";") == 2  # three killed, ten injured, the children among them


@pytest.mark.parametrize("resource", LISTS)
def test_every_list_exports_one_csv_row_per_record_starting_with_id_and_url(anonymous, resource):
    records = [LISTS[resource]() for _ in range(2)]
    path = f"/api/v1/{resource}/"

    rows = csv_records(anonymous.get(path, {"format": "csv"}))

    by_id = {int(row["id"]): row for row in rows}
    assert set(by_id) >= {record.pk for record in records}
    assert [int(row["id"]) for row in rows] == [row["id"] for row in ok(anonymous.get(path))["results"]]
    for record in records:
        assert by_id[record.pk]["url"] == f"http://testserver{path}{record.pk}/"


def test_accept_text_csv_gives_the_same_export_as_format_csv(anonymous):
    make_attack()
    by_header = anonymous.get("/api/v1/attacks/", HTTP_ACCEPT="text/csv")
    by_parameter = anonymous.get("/api/v1/attacks/", {"format": "csv"})
    assert csv_rows(by_header) == csv_rows(by_parameter)
    assert "Accept" in by_header["Vary"]


def test_json_stays_the_default(anonymous):
    make_attack()
    response = anonymous.get("/api/v1/attacks/", HTTP_ACCEPT="*/*")
    assert response["Content-Type"] == "application/json"
    assert len(ok(response)["results"]) == 1


def test_nested_records_are_their_id_and_name_and_lists_are_joined_with_semicolons(anonymous):
    place = make_location(name="Sumy", latitude="50.907700", longitude="34.798100")
    drone, missile = make_weapon(slug="drone"), make_weapon(slug="missile")
    attack = make_attack(location=place)
    attack.weapons.set([drone, missile])
    first, second = attack.sources.all()

    (row,) = csv_records(anonymous.get("/api/v1/attacks/", {"format": "csv"}))

    assert (row["location_id"], row["location_name"]) == (str(place.pk), "Sumy")
    assert (row["wave_id"], row["wave_name"]) == (str(attack.wave.pk), attack.wave.name)
    assert row["weapons"] == "drone;missile"
    assert row["source_ids"] == f"{first.pk};{second.pk}"
    assert (row["latitude"], row["longitude"]) == ("50.907700", "34.798100")


def test_an_empty_value_is_an_empty_cell(anonymous):
    make_attack(perpetrator=None, wave=None)
    (row,) = csv_records(anonymous.get("/api/v1/attacks/", {"format": "csv"}))
    empty = ("perpetrator_id", "perpetrator_name", "wave_id", "wave_name", "casualty_ids", "external_id")
    assert {name: row[name] for name in empty} == dict.fromkeys(empty, "")


def test_filters_and_ordering_apply_to_the_export_as_to_json(anonymous):
    kharkiv, sumy = make_location(slug="kharkiv"), make_location(slug="sumy")
    first, second = make_attack(location=kharkiv), make_attack(location=kharkiv)
    make_attack(location=sumy)

    rows = csv_records(
        anonymous.get("/api/v1/attacks/", {"location": "kharkiv", "ordering": "-id", "format": "csv"})
    )

    assert [int(row["id"]) for row in rows] == [second.pk, first.pk]


def test_an_export_holds_every_row_not_one_page(anonymous, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    sources = [make_source() for _ in range(5)]
    assert len(ok(anonymous.get("/api/v1/sources/"))["results"]) == 2
    rows = csv_records(anonymous.get("/api/v1/sources/", {"format": "csv"}))
    assert sorted(int(row["id"]) for row in rows) == sorted(source.pk for source in sources)


@pytest.mark.parametrize(("parameter", "value"), [("page", "2"), ("page_size", "2"), ("count", "false")])
def test_a_page_of_an_export_is_a_400_naming_the_parameter(anonymous, parameter, value):
    response = anonymous.get("/api/v1/sources/", {"format": "csv", parameter: value})
    assert_invalid(response, parameter)
    assert response["Content-Type"] == "application/json"


def test_an_unknown_parameter_is_still_a_json_400_when_csv_is_asked(anonymous):
    response = anonymous.get("/api/v1/attacks/", {"format": "csv", "wepon": "drone"})
    assert_invalid(response, "wepon")
    assert response["Content-Type"] == "application/json"


def test_a_bad_filter_value_is_a_json_400_with_the_accept_header_too(anonymous):
    response = anonymous.get("/api/v1/attacks/", {"date_from": "yesterday"}, HTTP_ACCEPT="text/csv")
    assert_invalid(response, "date_from")
    assert response["Content-Type"] == "application/json"


def test_a_bad_token_is_a_json_401_when_csv_is_asked(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = anonymous.get("/api/v1/attacks/", {"format": "csv"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "authentication_failed"


def test_one_record_is_json_only_and_says_so(anonymous):
    attack = make_attack()
    assert_invalid(anonymous.get(f"/api/v1/attacks/{attack.pk}/", {"format": "csv"}), "format")
    response = anonymous.get(f"/api/v1/attacks/{attack.pk}/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_an_unknown_format_is_a_400_listing_the_formats_offered(anonymous):
    response = anonymous.get("/api/v1/sources/", {"format": "xlsx"})
    assert_invalid(response, "format")
    assert response.json()["errors"]["format"] == [
        "This endpoint does not offer 'xlsx'; use one of: json, api, csv."
    ]


def test_drafts_are_exported_to_curators_only(anonymous, curator):
    published = make_attack()
    draft = make_attack(review_status=ReviewStatus.DRAFT)
    draft_figure = make_casualty(attack=published, review_status=ReviewStatus.DRAFT)

    (public,) = csv_records(anonymous.get("/api/v1/attacks/", {"format": "csv"}))
    assert int(public["id"]) == published.pk
    assert public["casualty_ids"] == ""

    curated = {int(row["id"]): row for row in csv_records(curator.get("/api/v1/attacks/", {"format": "csv"}))}
    assert set(curated) == {published.pk, draft.pk}
    assert curated[published.pk]["casualty_ids"] == str(draft_figure.pk)
    assert csv_records(anonymous.get("/api/v1/casualties/", {"format": "csv"})) == []


def test_words_with_commas_semicolons_quotes_and_line_breaks_come_back_as_written(anonymous):
    statement = make_statement(quote='He said: "=1+1, then; more"\nand left.')
    (row,) = csv_records(anonymous.get("/api/v1/statements/", {"format": "csv"}))
    assert row["quote"] == statement.quote


def test_any_table_of_rows_renders_as_csv_such_as_grouped_totals():
    totals = [{"kind": "killed", "best": 6}, {"kind": "injured", "best": 16}]
    table = Table(
        columns=[Column("kind", itemgetter("kind"), "#affected+type"), Column("best", itemgetter("best"))],
        rows=totals,
    )
    request = APIRequestFactory().get("/", {"format": "csv", "hxl": "true"})
    written = CSVRenderer().render(table, renderer_context={"request": Request(request)})
    assert written.decode() == "kind,best\r\n#affected+type,\r\nkilled,6\r\ninjured,16\r\n"


def test_the_schema_documents_csv_after_json_for_every_list(schema):
    for resource in LISTS:
        path = f"/api/v1/{resource}/"
        operation = schema["paths"][path]["get"]
        content = operation["responses"]["200"]["content"]
        assert list(content)[:2] == ["application/json", "text/csv"], path
        assert content["text/csv"]["schema"] == {"type": "string"}
        parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
        assert {"json", "csv"} <= set(parameters["format"]["schema"]["enum"])
        assert parameters["hxl"]["schema"] == {"type": "boolean"}


def test_the_schema_keeps_one_record_json_only(schema):
    assert list(schema["paths"]["/api/v1/attacks/{id}/"]["get"]["responses"]["200"]["content"]) == [
        "application/json"
    ]


def test_timestamps_and_dates_are_written_as_the_json_shows_them(anonymous):
    """In UTC with Z; the microseconds when there are any, all six digits; dates as ISO 8601.

    On PostgreSQL the export's query writes them (api/exports.py): the same text as Python's."""
    written = {
        datetime.datetime(2024, 2, 29, 23, 59, 59, tzinfo=datetime.UTC): "2024-02-29T23:59:59Z",
        datetime.datetime(2024, 3, 1, 0, 0, 0, 120000, tzinfo=datetime.UTC): "2024-03-01T00:00:00.120000Z",
        datetime.datetime(2023, 12, 31, 22, 30, 0, 1, tzinfo=datetime.UTC): "2023-12-31T22:30:00.000001Z",
        datetime.datetime(987, 6, 5, 4, 3, 2, tzinfo=datetime.UTC): "0987-06-05T04:03:02Z",
    }
    figures = {}
    for moment, text in written.items():
        figure = make_casualty()
        Casualty.objects.filter(pk=figure.pk).update(
            created_at=moment, updated_at=moment + datetime.timedelta(microseconds=1)
        )
        figures[figure.pk] = text
    early = make_casualty(
        date_start=datetime.date(987, 6, 5), date_end=datetime.date(1000, 1, 1), date_precision="approximate"
    )
    shown = {figure["id"]: figure for figure in ok(anonymous.get("/api/v1/casualties/"))["results"]}

    rows = {
        int(row["id"]): row for row in csv_records(anonymous.get("/api/v1/casualties/", {"format": "csv"}))
    }

    assert {pk: rows[pk]["created_at"] for pk in figures} == figures
    for row in rows.values():
        figure = shown[int(row["id"])]
        cells = ("created_at", "updated_at", "date_start", "date_end")
        assert {name: row[name] for name in cells} == {name: figure[name] for name in cells}
    assert (rows[early.pk]["date_start"], rows[early.pk]["date_end"]) == ("0987-06-05", "1000-01-01")
