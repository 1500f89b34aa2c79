"""Bad input gets a 400 that names the field, and nothing is written."""

import pytest

from reports.models import Casualty, Location
from tests.builders import make_actor, make_attack, make_source


@pytest.fixture
def attack(db):
    return make_attack()


def casualty_body(event, **overrides):
    return {
        "attack": event.pk,
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


def assert_rejected(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"], body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"best": -1}, "best"),
        ({"low": 5, "best": 3, "qualifier": "approximately"}, "best"),
        ({"best": 30, "high": 10, "qualifier": "approximately"}, "high"),
        ({"low": 50, "best": None, "high": 30, "qualifier": "range"}, "high"),
        ({"date_start": "2025-02-02", "date_end": "2025-02-01", "date_precision": "span"}, "date_end"),
        ({"date_end": "2025-02-02", "date_precision": "day"}, "date_end"),
        ({"kind": "wounded"}, "kind"),
        ({"qualifier": "roughly"}, "qualifier"),
        ({"sources": []}, "sources"),
        ({"claimants": []}, "claimants"),
        ({"low": None, "best": None, "high": None}, "best"),
        ({"low": None, "best": None, "high": 10, "qualifier": "at_least"}, "low"),
        ({"rank": "preferred", "rank_reason": ""}, "rank_reason"),
        ({"attack": 999_999}, "attack"),
        ({"date_start": "1 Feb 2025"}, "date_start"),
    ],
)
def test_an_invalid_casualty_is_rejected_naming_the_field(curator, attack, overrides, field):
    before = Casualty.objects.count()
    response = curator.post("/api/v1/casualties/", casualty_body(attack, **overrides), format="json")
    assert_rejected(response, field)
    assert Casualty.objects.count() == before


def test_a_figure_must_belong_to_exactly_one_event(curator, attack):
    response = curator.post("/api/v1/casualties/", casualty_body(attack, wave=attack.wave_id), format="json")
    assert_rejected(response, "attack")
    response = curator.post("/api/v1/casualties/", casualty_body(attack, attack=None), format="json")
    assert_rejected(response, "attack")
    assert Casualty.objects.count() == 0


def test_a_valid_range_figure_is_accepted(curator, attack):
    body = casualty_body(attack, low=30, best=None, high=50, qualifier="range", phrase="between 30 and 50")
    response = curator.post("/api/v1/casualties/", body, format="json")
    assert response.status_code == 201, response.content
    figure = Casualty.objects.get()
    assert (figure.low, figure.best, figure.high, figure.qualifier) == (30, None, 50, "range")


def test_an_update_that_breaks_an_invariant_is_rejected_and_leaves_the_row(curator, attack):
    created = curator.post("/api/v1/casualties/", casualty_body(attack), format="json")
    figure_id = created.json()["id"]
    response = curator.patch(
        f"/api/v1/casualties/{figure_id}/", {"low": 9}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert_rejected(response, "best")
    assert Casualty.objects.get(pk=figure_id).low is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"latitude": "91.0", "longitude": "30.0"}, "latitude"),
        ({"latitude": "50.0", "longitude": "-181.0"}, "longitude"),
        ({"latitude": "50.0"}, "longitude"),
        ({"country": "XX"}, "country"),
        ({"kind": "planet"}, "kind"),
    ],
)
def test_an_invalid_location_is_rejected_naming_the_field(curator, db, overrides, field):
    body = {"name": "Somewhere", "slug": "somewhere", "kind": "city", "country": "UA", **overrides}
    response = curator.post("/api/v1/locations/", body, format="json")
    assert_rejected(response, field)
    assert not Location.objects.filter(slug="somewhere").exists()


def test_malformed_json_is_a_400(curator, db):
    response = curator.post("/api/v1/sources/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_body_that_is_not_json_is_a_415(curator, db):
    response = curator.post("/api/v1/sources/", "title=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_a_statement_needs_a_quote_or_a_paraphrase(curator, db):
    body = {
        "speaker": make_actor().pk,
        "speech_act": "claim",
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "sources": [make_source().pk],
    }
    assert_rejected(curator.post("/api/v1/statements/", body, format="json"), "quote")


def test_a_nested_alternative_name_error_writes_no_place(curator, db):
    body = {
        "name": "Somewhere",
        "slug": "somewhere",
        "kind": "city",
        "country": "UA",
        "names": [{"name": "Elsewhere", "language": "en"}, {"name": "Elsewhere", "language": "en"}],
    }
    assert_rejected(curator.post("/api/v1/locations/", body, format="json"), "names")
    assert not Location.objects.filter(slug="somewhere").exists()


def test_a_figure_can_be_included_in_its_waves_total_but_not_in_another_events(curator, attack):
    wave_total = curator.post(
        "/api/v1/casualties/", casualty_body(attack, attack=None, wave=attack.wave_id, best=9), format="json"
    ).json()
    response = curator.post(
        "/api/v1/casualties/", casualty_body(attack, included_in=wave_total["id"]), format="json"
    )
    assert response.status_code == 201, response.content

    elsewhere = make_attack()
    response = curator.post(
        "/api/v1/casualties/", casualty_body(elsewhere, included_in=wave_total["id"]), format="json"
    )
    assert_rejected(response, "included_in")


def test_two_figures_cannot_include_each_other(curator, attack):
    created = curator.post("/api/v1/casualties/", casualty_body(attack), format="json")
    first = created.json()
    second = curator.post(
        "/api/v1/casualties/", casualty_body(attack, included_in=first["id"]), format="json"
    ).json()
    response = curator.patch(
        f"/api/v1/casualties/{first['id']}/",
        {"included_in": second["id"]},
        format="json",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert_rejected(response, "included_in")
    assert Casualty.objects.get(pk=first["id"]).included_in_id is None
