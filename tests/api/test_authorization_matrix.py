"""Every operation of every resource, for every role, with the status it must get. No unexpected success."""

import pytest
from django.contrib.auth import get_user_model

from reports.choices import ReviewStatus
from tests import builders as b
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

DAY = {"date_start": "2025-02-01", "date_end": "2025-02-01", "date_precision": "day"}


def claim():
    return {"claimants": [b.make_actor().pk], "sources": [b.make_source().pk]}


# resource: (builder of an existing record, body of a valid create)
RESOURCES = {
    "sources": (b.make_source, lambda: {"title": "A report"}),
    "actors": (b.make_actor, lambda: {"name": "Unit", "slug": "unit", "kind": "military_unit"}),
    "locations": (b.make_location, lambda: {"name": "Town", "slug": "town", "kind": "town", "country": "UA"}),
    "weapons": (b.make_weapon, lambda: {"name": "Glide bomb", "slug": "glide-bomb"}),
    "target-types": (b.make_target, lambda: {"name": "Bridge", "slug": "bridge"}),
    "waves": (b.make_wave, lambda: {"name": "Wave", "sources": [b.make_source().pk], **DAY}),
    "attacks": (
        b.make_attack,
        lambda: {"location": b.make_location().pk, "sources": [b.make_source().pk], **DAY},
    ),
    "casualties": (
        b.make_casualty,
        lambda: {"attack": b.make_attack().pk, "kind": "killed", "best": 1, **claim(), **DAY},
    ),
    "statements": (
        b.make_statement,
        lambda: {
            "speaker": b.make_actor().pk,
            "speech_act": "claim",
            "quote": "Words.",
            "sources": [b.make_source().pk],
            **DAY,
        },
    ),
    "force-deployments": (
        b.make_deployment,
        lambda: {
            "name": "Troops",
            "deploying_actor": b.make_actor().pk,
            "supported_actor": b.make_actor().pk,
            "sources": [b.make_source().pk],
        },
    ),
    "force-deployment-statuses": (
        b.make_deployment_status,
        lambda: {"deployment": b.make_deployment().pk, "status": "deployed", **claim(), **DAY},
    ),
    "force-strengths": (
        b.make_strength,
        lambda: {
            "deployment": b.make_deployment().pk,
            "best": 100,
            "qualifier": "approximately",
            **claim(),
            **DAY,
        },
    ),
}
REVIEWED = {
    "waves",
    "attacks",
    "casualties",
    "statements",
    "force-deployments",
    "force-deployment-statuses",
    "force-strengths",
}

READ = {"list": 200, "retrieve": 200, "history": 200}
DENIED_ANONYMOUS = {"create": 401, "update": 401, "partial_update": 401, "destroy": 401, "review": 401}
DENIED_READER = {"create": 403, "update": 403, "partial_update": 403, "destroy": 403, "review": 403}
EDIT = {"create": 201, "update": 200, "partial_update": 200, "destroy": 204}
EXPECTED = {
    "anonymous": {**READ, **DENIED_ANONYMOUS},
    "reader": {**READ, **DENIED_READER},
    "reader_role": {**READ, **DENIED_READER},
    "curator": {**READ, **EDIT, "review": 403},
    "reviewer": {**READ, **EDIT, "review": 200},
    "admin": {**READ, **EDIT, "review": 200},
}
OPERATIONS = ["list", "retrieve", "history", "create", "update", "partial_update", "destroy", "review"]


@pytest.fixture
def admin(db):
    return token_client(get_user_model().objects.create_superuser("root", password="unused-password-8"))


def perform(client, resource, operation):
    build, body = RESOURCES[resource]
    base = f"/api/v1/{resource}/"
    if operation == "list":
        return client.get(base)
    if operation == "create":
        return client.post(base, body(), format="json")
    record = build()
    detail = f"{base}{record.pk}/"
    if_match = {"HTTP_IF_MATCH": f'"{record.version}"'}
    if operation == "retrieve":
        return client.get(detail)
    if operation == "history":
        return client.get(f"{detail}history/")
    if operation == "update":
        current = client.get(detail).json()
        writable = {name: value for name, value in body().items() if name not in {"slug"}}
        if "slug" in body():
            writable["slug"] = current["slug"]
        return client.put(detail, writable, format="json", **if_match)
    if operation == "partial_update":
        return client.patch(detail, {}, format="json", **if_match)
    if operation == "destroy":
        return client.delete(detail, **if_match)
    # review: retract the (published) record with a reason
    return client.post(f"{detail}retract/", {"reason": "Checked and withdrawn"}, format="json", **if_match)


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("persona", EXPECTED)
def test_the_authorization_matrix(persona, resource, operation, request):
    if operation == "review" and resource not in REVIEWED:
        pytest.skip("reference data has no review workflow")
    client = request.getfixturevalue(persona)
    response = perform(client, resource, operation)
    assert response.status_code == EXPECTED[persona][operation], response.content


@pytest.mark.parametrize("resource", sorted(REVIEWED))
def test_reference_data_has_no_review_actions(resource, reviewer):
    for reference in ("sources", "actors", "locations", "weapons", "target-types"):
        record = RESOURCES[reference][0]()
        assert reviewer.post(f"/api/v1/{reference}/{record.pk}/retract/", {}).status_code == 404


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_no_read_only_field_can_be_written(resource, reviewer):
    """Mass assignment: ids, timestamps, the review state, authorship and nested lists are ignored."""
    build, _body = RESOURCES[resource]
    record = build(review_status=ReviewStatus.DRAFT) if resource in REVIEWED else build()
    detail = f"/api/v1/{resource}/{record.pk}/"
    before = reviewer.get(detail).json()
    forged = {
        "id": record.pk + 1000,
        "url": "https://attacker.example/",
        "created_at": "2000-01-01T00:00:00Z",
        "updated_at": "2000-01-01T00:00:00Z",
        "review_status": "published",
        "retraction_reason": "forged",
        "reviewed_at": "2000-01-01T00:00:00Z",
        "created_by": reviewer.user.pk,
        "reviewed_by": reviewer.user.pk,
        "version": 999,
        "history": [],
    }
    response = reviewer.patch(detail, forged, format="json", HTTP_IF_MATCH=f'"{record.version}"')
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.pk == before["id"]
    assert record.version < 999
    if resource in REVIEWED:
        assert record.review_status == ReviewStatus.DRAFT
        assert record.retraction_reason == ""
        assert record.reviewed_at is None and record.reviewed_by is None and record.created_by is None
    after = reviewer.get(detail).json()
    assert after["created_at"] == before["created_at"]
    assert after["id"] == before["id"]
