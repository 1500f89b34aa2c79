"""Drafts are invisible to anonymous clients and readers on every read path; curators see them."""

import pytest

from reports.choices import ReviewStatus
from tests.builders import (
    make_attack,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_statement,
    make_strength,
    make_wave,
)

pytestmark = pytest.mark.django_db

DRAFT = {"review_status": ReviewStatus.DRAFT}
RESOURCES = {
    "waves": lambda: make_wave(**DRAFT),
    "attacks": lambda: make_attack(**DRAFT),
    "casualties": lambda: make_casualty(**DRAFT),
    "statements": lambda: make_statement(**DRAFT),
    "force-deployments": lambda: make_deployment(**DRAFT),
    "force-deployment-statuses": lambda: make_deployment_status(**DRAFT),
    "force-strengths": lambda: make_strength(**DRAFT),
}


def listed(client, resource):
    return {row["id"] for row in client.get(f"/api/v1/{resource}/", {"page_size": 500}).json()["results"]}


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("persona", ["anonymous", "reader", "reader_role"])
def test_a_draft_is_not_listed_nor_shown_to_the_public(resource, persona, request):
    client = request.getfixturevalue(persona)
    draft = RESOURCES[resource]()
    assert draft.pk not in listed(client, resource)
    assert client.get(f"/api/v1/{resource}/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/{resource}/{draft.pk}/history/").status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_curator_sees_drafts(resource, curator):
    draft = RESOURCES[resource]()
    assert draft.pk in listed(curator, resource)
    assert curator.get(f"/api/v1/{resource}/{draft.pk}/").status_code == 200


def test_draft_figures_are_not_nested_in_a_published_attack_nor_counted_in_its_wave(anonymous, curator):
    wave = make_wave()
    attack = make_attack(wave=wave)
    published = make_casualty(attack=attack, best=3)
    make_casualty(attack=attack, kind="injured", best=40, **DRAFT)
    make_attack(wave=wave, **DRAFT)

    body = anonymous.get(f"/api/v1/attacks/{attack.pk}/").json()
    assert [figure["id"] for figure in body["casualties"]] == [published.pk]
    wave_body = anonymous.get(f"/api/v1/waves/{wave.pk}/").json()
    assert [row["id"] for row in wave_body["attacks"]] == [attack.pk]
    totals = anonymous.get(f"/api/v1/waves/{wave.pk}/summary/").json()["totals"]
    assert [(total["kind"], total["best"]) for total in totals] == [("killed", 3)]

    curator_totals = curator.get(f"/api/v1/waves/{wave.pk}/summary/").json()["totals"]
    assert {total["kind"] for total in curator_totals} == {"killed", "injured"}


def test_draft_statuses_strengths_and_losses_are_not_nested_in_a_published_deployment(anonymous):
    deployment = make_deployment()
    make_deployment_status(deployment=deployment, **DRAFT)
    make_strength(deployment=deployment, **DRAFT)
    make_casualty(deployment=deployment, **DRAFT)
    body = anonymous.get(f"/api/v1/force-deployments/{deployment.pk}/").json()
    assert (body["statuses"], body["strengths"], body["casualties"]) == ([], [], [])


def test_a_statement_does_not_show_the_draft_attack_it_is_about(anonymous):
    statement = make_statement()
    statement.about_attacks.set([make_attack(**DRAFT)])
    assert anonymous.get(f"/api/v1/statements/{statement.pk}/").json()["about_attacks"] == []


def test_a_record_unpublished_after_its_page_was_cut_is_left_out_not_shown(anonymous, monkeypatch):
    """A list page is cut (ids) and then read (columns) in two queries; an edit that sends a record
    back to draft, committed between them by another transaction, must not reach the public."""
    from api.serializers import rows
    from reports.models import Attack

    kept, unpublished = make_attack(), make_attack()
    write = rows.Reader.write

    def edit_between_the_queries(self, keys, **kwargs):
        Attack.objects.filter(pk=unpublished.pk).update(
            review_status=ReviewStatus.DRAFT, description="UNREVIEWED"
        )
        return write(self, keys, **kwargs)

    monkeypatch.setattr(rows.Reader, "write", edit_between_the_queries)

    assert listed(anonymous, "attacks") == {kept.pk}
