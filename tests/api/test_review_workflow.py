"""Draft → verified → published, or retracted with a reason; only reviewers move records along."""

import pytest

from reports.choices import ReviewStatus
from reports.models import Attack, Casualty
from tests.api.helpers import if_match
from tests.builders import make_actor, make_attack, make_casualty, make_location, make_source, make_wave

pytestmark = pytest.mark.django_db

DRAFT = {"review_status": ReviewStatus.DRAFT}


def post(client, path, body=None, *, record=None):
    """POST ``body``; a review step names the version of ``record`` it was read at."""
    return client.post(path, body or {}, format="json", **(if_match(record) if record else {}))


def test_a_curator_creates_a_draft_that_records_its_author(curator):
    body = {
        "location": make_location().pk,
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "sources": [make_source().pk],
    }
    response = post(curator, "/api/v1/attacks/", body)
    assert response.status_code == 201
    assert response.json()["review_status"] == "draft"
    attack = Attack.objects.get(pk=response.json()["id"])
    assert attack.created_by == curator.user


def test_a_curator_cannot_verify_or_publish(curator):
    attack = make_attack(**DRAFT)
    assert post(curator, f"/api/v1/attacks/{attack.pk}/verify/", record=attack).status_code == 403
    assert post(curator, f"/api/v1/attacks/{attack.pk}/publish/", record=attack).status_code == 403
    attack.refresh_from_db()
    assert attack.review_status == ReviewStatus.DRAFT


def test_a_reviewer_verifies_then_publishes_and_the_public_then_sees_it(reviewer, anonymous):
    attack = make_attack(wave=make_wave(), **DRAFT)
    assert anonymous.get(f"/api/v1/attacks/{attack.pk}/").status_code == 404

    # Not verified yet.
    assert post(reviewer, f"/api/v1/attacks/{attack.pk}/publish/", record=attack).status_code == 409
    response = post(reviewer, f"/api/v1/attacks/{attack.pk}/verify/", record=attack)
    assert (response.status_code, response.json()["review_status"]) == (200, "verified")
    response = post(reviewer, f"/api/v1/attacks/{attack.pk}/publish/", record=attack)
    assert (response.status_code, response.json()["review_status"]) == (200, "published")

    assert anonymous.get(f"/api/v1/attacks/{attack.pk}/").status_code == 200
    attack.refresh_from_db()
    assert attack.reviewed_by == reviewer.user and attack.reviewed_at is not None


def test_a_figure_cannot_be_published_before_its_attack(reviewer):
    attack = make_attack(**DRAFT)
    figure = make_casualty(attack=attack, review_status=ReviewStatus.VERIFIED)
    response = post(reviewer, f"/api/v1/casualties/{figure.pk}/publish/", record=figure)
    assert response.status_code == 409
    assert "attack" in response.json()["detail"]
    figure.refresh_from_db()
    assert figure.review_status == ReviewStatus.VERIFIED


def test_retracting_needs_a_reason_and_takes_the_figures_with_it(reviewer, anonymous):
    attack = make_attack()
    figure = make_casualty(attack=attack)

    response = post(reviewer, f"/api/v1/attacks/{attack.pk}/retract/", record=attack)
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]

    response = post(
        reviewer,
        f"/api/v1/attacks/{attack.pk}/retract/",
        {"reason": "Duplicate of another report"},
        record=attack,
    )
    assert response.status_code == 200
    assert response.json()["retraction_reason"] == "Duplicate of another report"
    figure.refresh_from_db()
    assert figure.review_status == ReviewStatus.RETRACTED
    assert "Duplicate of another report" in figure.retraction_reason
    assert anonymous.get(f"/api/v1/casualties/{figure.pk}/").status_code == 404


def test_a_curators_edit_sends_a_published_record_back_to_draft(curator, anonymous):
    figure = make_casualty()
    response = curator.patch(
        f"/api/v1/casualties/{figure.pk}/", {"best": 4}, format="json", HTTP_IF_MATCH=f'"{figure.version}"'
    )
    assert response.status_code == 200
    assert response.json()["review_status"] == "draft"
    assert anonymous.get(f"/api/v1/casualties/{figure.pk}/").status_code == 404


def test_a_reviewers_edit_keeps_the_record_published(reviewer):
    figure = make_casualty()
    response = reviewer.patch(
        f"/api/v1/casualties/{figure.pk}/", {"best": 4}, format="json", HTTP_IF_MATCH=f'"{figure.version}"'
    )
    assert (response.status_code, response.json()["review_status"]) == (200, "published")


def test_the_review_state_cannot_be_written_directly(curator):
    figure = make_casualty(**DRAFT)
    body = {"review_status": "published", "retraction_reason": "x", "reviewed_at": "2025-01-01T00:00:00Z"}
    response = curator.patch(
        f"/api/v1/casualties/{figure.pk}/", body, format="json", HTTP_IF_MATCH=f'"{figure.version}"'
    )
    assert response.status_code == 200
    figure.refresh_from_db()
    assert (figure.review_status, figure.retraction_reason, figure.reviewed_at) == ("draft", "", None)


def test_a_reviewer_cannot_verify_twice(reviewer):
    figure = make_casualty(claimants=[make_actor()], review_status=ReviewStatus.VERIFIED)
    assert post(reviewer, f"/api/v1/casualties/{figure.pk}/verify/", record=figure).status_code == 409
    assert Casualty.objects.get(pk=figure.pk).review_status == ReviewStatus.VERIFIED


def test_retracting_with_the_longest_reason_also_retracts_the_figures(reviewer):
    attack = make_attack()
    figure = make_casualty(attack=attack)
    reason = "x" * 500
    response = post(reviewer, f"/api/v1/attacks/{attack.pk}/retract/", {"reason": reason}, record=attack)
    assert response.status_code == 200
    figure.refresh_from_db()
    assert figure.review_status == ReviewStatus.RETRACTED
    assert len(figure.retraction_reason) == 500
    assert figure.retraction_reason.startswith("Retracted with its attack")
