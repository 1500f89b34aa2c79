"""Numbers no database can hold are a 400 or a 404 on every database, never a crash."""

import pytest

from tests.builders import make_actor, make_attack, make_source

pytestmark = pytest.mark.django_db

HUGE = 10**30


def figure_body(**overrides):
    return {
        "attack": make_attack().pk,
        "kind": "killed",
        "best": 1,
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "claimants": [make_actor().pk],
        "sources": [make_source().pk],
        **overrides,
    }


@pytest.mark.parametrize("best", [2**31, 2**63, HUGE])
def test_a_figure_beyond_the_integer_range_is_refused_the_same_on_every_database(curator, best):
    response = curator.post("/api/v1/casualties/", figure_body(best=best), format="json")
    assert response.status_code == 400
    assert "best" in response.json()["errors"]


@pytest.mark.parametrize("field", ["attack", "claimants"])
def test_an_impossible_id_in_a_body_is_a_400_naming_the_field(curator, field):
    value = [HUGE] if field == "claimants" else HUGE
    response = curator.post("/api/v1/casualties/", figure_body(**{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("parameter", ["attack_id", "claimant_id", "location_id", "wave_id"])
def test_an_impossible_id_in_a_filter_is_a_400_naming_it(anonymous, parameter):
    response = anonymous.get("/api/v1/casualties/", {parameter: HUGE})
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_an_impossible_id_in_the_path_is_a_404(anonymous):
    assert anonymous.get(f"/api/v1/casualties/{HUGE}/").status_code == 404
    assert anonymous.get(f"/api/v1/weapons/{HUGE}/history/").status_code == 404
