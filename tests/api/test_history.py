"""Every change is recorded, with who and what, and clients read a record's history through the API."""

import pytest

from reports.choices import ReviewStatus
from reports.services.review import record_publish, record_verify
from tests.builders import make_casualty, make_source, make_weapon

pytestmark = pytest.mark.django_db


def history(client, path):
    response = client.get(f"{path}history/")
    assert response.status_code == 200, response.content
    return response.json()


def changed(entry):
    return {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}


def test_an_api_edit_is_recorded_with_who_and_what(curator):
    figure = make_casualty(best=3, review_status=ReviewStatus.DRAFT)
    path = f"/api/v1/casualties/{figure.pk}/"
    curator.patch(path, {"best": 4, "phrase": "four"}, format="json", HTTP_IF_MATCH=f'"{figure.version}"')

    created, edited = history(curator, path)
    assert created["history_type"] == "created"
    assert edited["history_type"] == "changed"
    assert edited["changed_by"] == "curator"
    assert changed(edited) == {"best": (3, 4), "phrase": ("", "four")}


def test_changes_to_many_to_many_links_are_recorded(curator):
    figure = make_casualty(review_status=ReviewStatus.DRAFT)
    old_source = figure.sources.get()
    new_source = make_source()
    path = f"/api/v1/casualties/{figure.pk}/"
    curator.patch(path, {"sources": [new_source.pk]}, format="json", HTTP_IF_MATCH=f'"{figure.version}"')

    entries = history(curator, path)
    assert changed(entries[-1])["sources"] == ([old_source.pk], [new_source.pk])


def test_the_public_sees_only_published_versions_and_no_names(anonymous, django_user_model):
    reviewer = django_user_model.objects.create_superuser("boss", password="unused-password-7")
    figure = make_casualty(best=99, review_status=ReviewStatus.DRAFT)  # a draft number, never published
    figure.best = 5
    figure.save()
    record_verify(record=figure, user=reviewer)
    record_publish(record=figure, user=reviewer)

    (entry,) = history(anonymous, f"/api/v1/casualties/{figure.pk}/")
    assert entry["changed_by"] is None
    assert changed(entry)["best"] == (None, 5)
    assert all(99 not in (change["old"], change["new"]) for change in entry["changes"])


def test_reference_data_history_is_public(anonymous, curator):
    weapon = make_weapon(name="Shahed")
    path = f"/api/v1/weapons/{weapon.pk}/"
    curator.patch(path, {"name": "Shahed-136"}, format="json", HTTP_IF_MATCH=f'"{weapon.version}"')
    entries = history(anonymous, path)
    assert changed(entries[-1]) == {"name": ("Shahed", "Shahed-136")}
    assert entries[-1]["changed_by"] is None
