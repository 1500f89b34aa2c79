"""Request bodies are capped, with the API's error shape."""

from reports.models import Source


def test_a_body_over_the_cap_is_a_json_413_and_writes_nothing(curator, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = curator.post("/api/v1/sources/", {"title": "A report", "notes": "x" * 2_000}, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not Source.objects.exists()


def test_a_body_under_the_cap_is_accepted(curator, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = curator.post("/api/v1/sources/", {"title": "A report", "notes": "x" * 100}, format="json")
    assert response.status_code == 201
