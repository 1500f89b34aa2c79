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


def test_an_unknown_api_path_is_a_json_404(anonymous):
    response = anonymous.get("/api/v1/no-such-resource/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No endpoint at this path.", "code": "not_found"}


def test_an_unknown_admin_path_is_still_djangos_page(admin_client):
    response = admin_client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
