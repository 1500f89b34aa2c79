"""?format=geojson: attacks, places and casualty figures on a map, with the CSV's columns as properties."""

from decimal import Decimal

import pytest
from drf_spectacular.generators import SchemaGenerator

from reports.choices import ReviewStatus
from tests.api.export_helpers import csv_records, csv_rows, every_page, features
from tests.api.helpers import assert_invalid, ok
from tests.builders import make_attack, make_casualty, make_deployment, make_location, make_wave

pytestmark = pytest.mark.django_db

KHARKIV = {"latitude": Decimal("49.993500"), "longitude": Decimal("36.230383")}
SUMY = {"latitude": Decimal("50.907700"), "longitude": Decimal("34.798100")}


def point(place: dict) -> dict:
    return {"type": "Point", "coordinates": [float(place["longitude"]), float(place["latitude"])]}


def test_an_attack_is_a_feature_at_its_places_point_longitude_first(anonymous):
    attack = make_attack(location=make_location(name="Kharkiv", **KHARKIV))

    response = anonymous.get("/api/v1/attacks/", {"format": "geojson"})

    assert response["Content-Disposition"] == 'attachment; filename="attacks.geojson"'
    (feature,) = features(response)
    assert feature["type"] == "Feature"
    assert feature["id"] == attack.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.230383, 49.9935]}
    assert feature["properties"]["location_name"] == "Kharkiv"
    assert (feature["properties"]["latitude"], feature["properties"]["longitude"]) == (49.9935, 36.230383)


@pytest.mark.usefixtures("seed")
def test_the_seed_attacks_are_on_the_map_at_their_cities(anonymous):
    by_place = {
        feature["properties"]["location_name"]: feature["geometry"]["coordinates"]
        for feature in features(anonymous.get("/api/v1/attacks/", {"format": "geojson"}))
    }
    assert by_place["Poltava"] == [34.551417, 49.588267]
    assert set(by_place) == {"Poltava", "Kharkiv", "Sumy", "Zaporizhzhia", "Odesa", "Khmelnytskyi", "Kyiv"}


def test_the_properties_are_the_csv_columns_with_numbers_as_numbers_and_empty_as_null(anonymous):
    make_attack(perpetrator=None, location=make_location(**SUMY))
    (row,) = csv_records(anonymous.get("/api/v1/attacks/", {"format": "csv"}))
    (feature,) = features(anonymous.get("/api/v1/attacks/", {"format": "geojson"}))
    properties = feature["properties"]

    assert list(properties) == list(row)
    assert properties["id"] == int(row["id"])
    assert properties["perpetrator_id"] is None
    assert properties["weapons"] == row["weapons"]
    assert ";" in properties["source_ids"]
    assert properties["date_start"] == row["date_start"]


def test_a_place_without_coordinates_is_a_feature_with_null_geometry(anonymous):
    attack = make_attack(location=make_location(latitude=None, longitude=None))
    (feature,) = features(anonymous.get("/api/v1/attacks/", {"format": "geojson"}))
    assert (feature["id"], feature["geometry"]) == (attack.pk, None)


def test_places_export_their_own_points(anonymous):
    kharkiv = make_location(slug="kharkiv", **KHARKIV)
    nowhere = make_location(slug="nowhere", latitude=None, longitude=None)
    by_id = {
        feature["id"]: feature for feature in features(anonymous.get("/api/v1/locations/?format=geojson"))
    }
    assert by_id[kharkiv.pk]["geometry"] == point(KHARKIV)
    assert by_id[nowhere.pk]["geometry"] is None


def test_a_figure_is_at_its_own_places_or_else_at_its_attacks_place(anonymous):
    attack = make_attack(location=make_location(**KHARKIV))
    at_the_attack = make_casualty(attack=attack)
    in_one_place = make_casualty(attack=attack, locations=[make_location(**SUMY)])
    in_two_places = make_casualty(
        wave=make_wave(), locations=[make_location(**SUMY), make_location(**KHARKIV)]
    )
    nowhere = make_casualty(deployment=make_deployment())

    geometry = {
        feature["id"]: feature["geometry"]
        for feature in features(anonymous.get("/api/v1/casualties/", {"format": "geojson"}))
    }

    assert geometry == {
        at_the_attack.pk: point(KHARKIV),
        in_one_place.pk: point(SUMY),
        in_two_places.pk: {
            "type": "MultiPoint",
            "coordinates": [point(SUMY)["coordinates"], point(KHARKIV)["coordinates"]],
        },
        nowhere.pk: None,
    }


def test_accept_application_geo_json_works_as_format_geojson(anonymous):
    make_attack()
    response = anonymous.get("/api/v1/attacks/", HTTP_ACCEPT="application/geo+json")
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    assert len(features(response)) == 1


@pytest.mark.parametrize("resource", ["sources", "waves", "force-deployments", "statements"])
def test_a_list_without_places_offers_no_geojson(anonymous, resource):
    assert_invalid(anonymous.get(f"/api/v1/{resource}/", {"format": "geojson"}), "format")
    assert anonymous.get(f"/api/v1/{resource}/", HTTP_ACCEPT="application/geo+json").status_code == 406


def test_an_empty_export_is_an_empty_feature_collection(anonymous):
    assert features(anonymous.get("/api/v1/casualties/", {"format": "geojson"})) == []


def test_drafts_are_not_on_the_publics_map(anonymous, curator):
    published = make_attack()
    draft = make_attack(review_status=ReviewStatus.DRAFT)
    assert [feature["id"] for feature in features(anonymous.get("/api/v1/attacks/?format=geojson"))] == [
        published.pk
    ]
    assert {feature["id"] for feature in features(curator.get("/api/v1/attacks/?format=geojson"))} == {
        published.pk,
        draft.pk,
    }


def test_the_same_query_gives_the_same_records_and_numbers_in_every_format(anonymous):
    kharkiv = make_location(slug="kharkiv", **KHARKIV)
    for best in (1, 5, 2, 8, 3):
        make_casualty(attack=make_attack(location=kharkiv), best=best)
    make_casualty(best=100)  # elsewhere
    make_casualty(best=7, attack=make_attack(location=kharkiv), review_status=ReviewStatus.DRAFT)
    query = {"location_id": kharkiv.pk, "ordering": "-best"}

    pages = every_page(anonymous, "/api/v1/casualties/", **query)
    rows = csv_records(anonymous.get("/api/v1/casualties/", {**query, "format": "csv"}))
    collection = features(anonymous.get("/api/v1/casualties/", {**query, "format": "geojson"}))

    as_json = [(record["id"], record["best"], record["kind"], record["date_start"]) for record in pages]
    as_csv = [(int(row["id"]), int(row["best"]), row["kind"], row["date_start"]) for row in rows]
    as_geojson = [
        (
            feature["id"],
            feature["properties"]["best"],
            feature["properties"]["kind"],
            feature["properties"]["date_start"],
        )
        for feature in collection
    ]
    assert [best for _id, best, _kind, _day in as_json] == [8, 5, 3, 2, 1]
    assert as_json == as_csv == as_geojson
    assert (
        ok(anonymous.get("/api/v1/casualties/", query))["count"]
        == len(csv_rows(anonymous.get("/api/v1/casualties/", {**query, "format": "csv"}))) - 1
    )


def test_the_schema_documents_a_feature_collection_third_only_for_lists_with_places():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for resource, model in [("attacks", "Attack"), ("locations", "Location"), ("casualties", "Casualty")]:
        operation = schema["paths"][f"/api/v1/{resource}/"]["get"]
        content = operation["responses"]["200"]["content"]
        assert list(content) == ["application/json", "text/csv", "application/geo+json"]
        assert content["application/geo+json"]["schema"] == {
            "$ref": f"#/components/schemas/{model}FeatureCollection"
        }
        feature = components[f"{model}FeatureCollection"]["properties"]["features"]["items"]
        assert feature["properties"]["geometry"]["nullable"] is True
        assert list(feature["properties"]["properties"]["properties"])[:2] == ["id", "url"]
        assert "Geometry:" in operation["description"]
    sources = schema["paths"]["/api/v1/sources/"]["get"]["responses"]["200"]["content"]
    assert "application/geo+json" not in sources
