"""?format=csv&hxl=true: an HXL hashtag row under the CSV header, for humanitarian data tools."""

import re

import pytest

from tests.api.export_helpers import LISTS, csv_rows
from tests.api.helpers import assert_invalid
from tests.builders import make_attack, make_casualty

pytestmark = pytest.mark.django_db

# A hashtag and its attributes, as the HXL tagging conventions write them.
HASHTAG = re.compile(r"#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*")


def hashtags(client, path: str, **params) -> dict[str, str]:
    """Each column's hashtag, by the column's name."""
    header, tags, *_rows = csv_rows(client.get(path, {"format": "csv", "hxl": "true", **params}))
    return dict(zip(header, tags, strict=True))


def test_the_hashtag_row_is_under_the_header_only_when_asked(anonymous):
    attack = make_attack()
    plain = csv_rows(anonymous.get("/api/v1/attacks/", {"format": "csv"}))
    refused = csv_rows(anonymous.get("/api/v1/attacks/", {"format": "csv", "hxl": "false"}))
    tagged = csv_rows(anonymous.get("/api/v1/attacks/", {"format": "csv", "hxl": "true"}))

    assert plain == refused
    assert [row[0] for row in plain] == ["id", str(attack.pk)]
    assert [row[0] for row in tagged] == ["id", "#meta+id", str(attack.pk)]
    assert tagged[0] == plain[0]
    assert tagged[2] == plain[1]


def test_an_attack_is_tagged_with_its_dates_place_point_perpetrator_and_sources(anonymous):
    make_attack()
    tags = hashtags(anonymous, "/api/v1/attacks/")
    assert {name: tags[name] for name in tags if tags[name]} == {
        "id": "#meta+id",
        "url": "#meta+url",
        "date_start": "#date+start",
        "date_end": "#date+end",
        "wave_id": "#event+wave+id",
        "wave_name": "#event+wave+name",
        "location_id": "#loc+id",
        "location_name": "#loc+name",
        "location_kind": "#loc+type",
        "adm1_name": "#adm1+name",
        "country": "#country+code",
        "latitude": "#geo+lat",
        "longitude": "#geo+lon",
        "perpetrator_id": "#org+perpetrator+id",
        "perpetrator_name": "#org+perpetrator+name",
        "weapons": "#item+weapon",
        "targets": "#item+target",
        "damage": "#impact+type",
        "damage_description": "#impact+description",
        "description": "#description",
        "source_ids": "#meta+source",
        "external_id": "#meta+external_id",
        "review_status": "#status+review",
        "created_at": "#date+created",
        "updated_at": "#date+updated",
    }
    # No obvious hashtag: an empty cell, not a made-up one.
    assert tags["date_precision"] == tags["confidence"] == tags["casualty_ids"] == ""


def test_a_casualty_figure_is_tagged_as_people_affected(anonymous):
    make_casualty()
    tags = hashtags(anonymous, "/api/v1/casualties/")
    assert (tags["kind"], tags["low"], tags["best"], tags["high"]) == (
        "#affected+type",
        "#affected+min",
        "#affected+num",
        "#affected+max",
    )
    assert (tags["claimants"], tags["source_ids"]) == ("#org+claimant", "#meta+source")


@pytest.mark.parametrize("resource", LISTS)
def test_every_lists_hashtags_are_well_formed_one_per_column(anonymous, resource):
    LISTS[resource]()
    tags = hashtags(anonymous, f"/api/v1/{resource}/")
    assert tags["id"] == "#meta+id"
    assert [tag for tag in tags.values() if tag and not HASHTAG.fullmatch(tag)] == []


def test_the_hashtag_row_comes_with_an_empty_export_too(anonymous):
    rows = csv_rows(anonymous.get("/api/v1/attacks/", {"format": "csv", "hxl": "true"}))
    assert len(rows) == 2
    assert rows[1][0] == "#meta+id"


def test_true_and_false_are_read_in_any_letter_case(anonymous):
    make_attack()
    assert csv_rows(anonymous.get("/api/v1/attacks/", {"format": "csv", "hxl": "True"}))[1][0] == "#meta+id"
    assert len(csv_rows(anonymous.get("/api/v1/attacks/", {"format": "csv", "hxl": "FALSE"}))) == 2


@pytest.mark.parametrize("value", ["1", "yes", ""])
def test_another_hxl_value_is_a_400_naming_hxl(anonymous, value):
    assert_invalid(anonymous.get("/api/v1/attacks/", {"format": "csv", "hxl": value}), "hxl")


@pytest.mark.parametrize("format", ["json", "geojson"])
def test_hxl_without_csv_is_a_400_naming_hxl(anonymous, format):
    response = anonymous.get("/api/v1/attacks/", {"format": format, "hxl": "true"})
    assert_invalid(response, "hxl")
    assert response.json()["errors"]["hxl"] == ["The HXL row is part of a CSV: add format=csv."]


def test_hxl_on_one_record_is_a_400_naming_hxl(anonymous):
    attack = make_attack()
    assert_invalid(anonymous.get(f"/api/v1/attacks/{attack.pk}/", {"hxl": "true"}), "hxl")


def test_hxl_with_the_accept_header_asking_for_csv_works_too(anonymous):
    make_attack()
    response = anonymous.get("/api/v1/attacks/", {"hxl": "true"}, HTTP_ACCEPT="text/csv")
    assert csv_rows(response)[1][0] == "#meta+id"
