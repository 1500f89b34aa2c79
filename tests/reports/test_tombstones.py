"""Every record that leaves the data leaves a tombstone, however it left."""

import pytest

from reports.choices import RemovalReason, ReviewStatus
from reports.models import Attack, Casualty, Deletion, Source
from reports.services.review import record_publish, record_retract, record_verify
from tests.api.helpers import if_match
from tests.builders import make_attack, make_casualty, make_source, make_wave
from tests.reports.conftest import admin_url, signed_in

pytestmark = pytest.mark.django_db


def tombstones() -> set[tuple]:
    return set(Deletion.objects.values_list("model", "record_id", "reason", "public"))


def test_deleting_a_published_attack_through_the_api_leaves_a_public_tombstone(curator):
    attack = make_attack(external_id="kharkiv-2025-02-01")

    response = curator.delete(f"/api/v1/attacks/{attack.pk}/", **if_match(attack))

    assert response.status_code == 204
    tombstone = Deletion.objects.get()
    assert (tombstone.model, tombstone.record_id, tombstone.external_id) == (
        "attack",
        attack.pk,
        "kharkiv-2025-02-01",
    )
    assert (tombstone.reason, tombstone.public) == (RemovalReason.DELETED, True)


def test_a_deleted_draft_leaves_a_tombstone_only_editors_are_told_of(curator):
    draft = make_attack(review_status=ReviewStatus.DRAFT)

    assert curator.delete(f"/api/v1/attacks/{draft.pk}/", **if_match(draft)).status_code == 204

    assert tombstones() == {("attack", draft.pk, RemovalReason.DELETED, False)}


def test_deleting_reference_data_leaves_a_public_tombstone(curator):
    source = make_source()

    assert curator.delete(f"/api/v1/sources/{source.pk}/", **if_match(source)).status_code == 204

    assert tombstones() == {("source", source.pk, RemovalReason.DELETED, True)}


def test_a_delete_that_is_refused_leaves_no_tombstone(curator):
    attack = make_attack()
    cited = attack.sources.first()

    assert curator.delete(f"/api/v1/sources/{cited.pk}/", **if_match(cited)).status_code == 409

    assert tombstones() == set()
    assert Source.objects.filter(pk=cited.pk).exists()


def test_deleting_an_attack_leaves_a_tombstone_for_each_figure_it_cascades_to(curator):
    attack = make_attack()
    killed = make_casualty(attack=attack)
    draft = make_casualty(attack=attack, review_status=ReviewStatus.DRAFT)

    assert curator.delete(f"/api/v1/attacks/{attack.pk}/", **if_match(attack)).status_code == 204

    assert tombstones() == {
        ("attack", attack.pk, RemovalReason.DELETED, True),
        ("casualty", killed.pk, RemovalReason.DELETED, True),
        ("casualty", draft.pk, RemovalReason.DELETED, False),
    }


def test_a_bulk_queryset_delete_leaves_a_tombstone_for_every_row():
    figures = [make_casualty(), make_casualty(), make_casualty(review_status=ReviewStatus.DRAFT)]

    _total, deleted = Casualty.objects.filter(pk__in=[figure.pk for figure in figures]).delete()

    assert deleted["reports.Casualty"] == 3
    assert tombstones() == {
        ("casualty", figures[0].pk, RemovalReason.DELETED, True),
        ("casualty", figures[1].pk, RemovalReason.DELETED, True),
        ("casualty", figures[2].pk, RemovalReason.DELETED, False),
    }


def test_deleting_in_the_admin_leaves_a_tombstone(curator_admin):
    attack = make_attack()
    figure = make_casualty(attack=attack)

    response = curator_admin.post(admin_url(Attack, "delete", attack.pk), {"post": "yes"})

    assert response.status_code == 302
    assert tombstones() == {
        ("attack", attack.pk, RemovalReason.DELETED, True),
        ("casualty", figure.pk, RemovalReason.DELETED, True),
    }


def test_the_admins_delete_selected_action_leaves_a_tombstone_for_each(curator_admin):
    figures = [make_casualty(), make_casualty()]

    response = curator_admin.post(
        admin_url(Casualty, "changelist"),
        {"action": "delete_selected", "_selected_action": [f.pk for f in figures], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Casualty.objects.filter(pk__in=[f.pk for f in figures]).exists()
    assert tombstones() == {("casualty", f.pk, RemovalReason.DELETED, True) for f in figures}


def test_retracting_a_published_attack_withdraws_it_and_its_published_figures(reviewer):
    attack = make_attack(external_id="retracted-attack")
    published = make_casualty(attack=attack)
    draft = make_casualty(attack=attack, review_status=ReviewStatus.DRAFT)

    response = reviewer.post(
        f"/api/v1/attacks/{attack.pk}/retract/", {"reason": "Wrong city."}, format="json", **if_match(attack)
    )

    assert response.status_code == 200, response.content
    assert tombstones() == {
        ("attack", attack.pk, RemovalReason.WITHDRAWN, True),
        ("casualty", published.pk, RemovalReason.WITHDRAWN, True),
    }
    assert Deletion.objects.get(model="attack").external_id == "retracted-attack"
    draft.refresh_from_db()
    assert draft.review_status == ReviewStatus.RETRACTED  # retracted too, but the public never saw it


def test_publishing_a_withdrawn_record_again_removes_its_withdrawal(reviewer):
    attack = make_attack()
    record_retract(record=attack, user=reviewer.user, reason="Checking the place.")
    assert tombstones() == {("attack", attack.pk, RemovalReason.WITHDRAWN, True)}

    # A retracted record goes back through review by being edited to a draft, then verified.
    attack.review_status = ReviewStatus.DRAFT
    attack.save()
    record_verify(record=attack, user=reviewer.user)
    record_publish(record=attack, user=reviewer.user)

    assert tombstones() == set()


def test_an_edit_that_sends_a_published_record_back_to_draft_withdraws_it(curator):
    figure = make_casualty()

    response = curator.patch(
        f"/api/v1/casualties/{figure.pk}/", {"best": 4}, format="json", **if_match(figure)
    )

    assert response.json()["review_status"] == ReviewStatus.DRAFT
    assert tombstones() == {("casualty", figure.pk, RemovalReason.WITHDRAWN, True)}


def test_retracting_a_record_the_public_never_saw_withdraws_nothing(reviewer):
    draft = make_attack(review_status=ReviewStatus.DRAFT)

    record_retract(record=draft, user=reviewer.user, reason="Duplicate.")

    assert tombstones() == set()


def test_deleting_a_retracted_record_leaves_a_tombstone_for_editors_only(reviewer):
    wave = make_wave()
    wave_id = wave.pk
    record_retract(record=wave, user=reviewer.user, reason="Not a wave.")

    wave.delete()

    assert tombstones() == {
        ("wave", wave_id, RemovalReason.WITHDRAWN, True),
        ("wave", wave_id, RemovalReason.DELETED, False),
    }


def test_the_admin_lists_tombstones_filtered_by_model_and_reason_and_never_edits_them(django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", password="unused-password-9")
    client = signed_in(admin_user)
    make_source().delete()
    attack = make_attack()
    attack_id = attack.pk
    attack.delete()

    listed = client.get(admin_url(Deletion, "changelist"), {"model": "attack", "reason": "deleted"})

    assert listed.status_code == 200
    assert [row.record_id for row in listed.context["cl"].result_list] == [attack_id]
    tombstone = Deletion.objects.get(model="attack")
    assert client.get(admin_url(Deletion, "add")).status_code == 403
    assert client.post(admin_url(Deletion, "delete", tombstone.pk), {"post": "yes"}).status_code == 403
    assert (
        client.post(admin_url(Deletion, "change", tombstone.pk), {"reason": "withdrawn"}).status_code == 403
    )
    assert Deletion.objects.get(model="attack").reason == RemovalReason.DELETED


def test_curators_and_reviewers_may_read_the_tombstones_in_the_admin_and_not_change_them(
    curator_admin, reviewer_admin
):
    source = make_source()
    source_id = source.pk
    source.delete()
    tombstone = Deletion.objects.get(model="source")

    for client in (curator_admin, reviewer_admin):
        listed = client.get(admin_url(Deletion, "changelist"))
        assert listed.status_code == 200
        assert [row.record_id for row in listed.context["cl"].result_list] == [source_id]
        assert client.post(admin_url(Deletion, "delete", tombstone.pk), {"post": "yes"}).status_code == 403
    assert Deletion.objects.filter(pk=tombstone.pk).exists()
