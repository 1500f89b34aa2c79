"""Review in the admin: reviewers verify, publish and retract through actions, curators' edits send
published records back to draft, and every record's history can be read and reverted to."""

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Group

from reports.choices import ReviewStatus
from reports.models import Attack, Casualty
from tests.builders import make_attack, make_casualty, make_source
from tests.reports.conftest import admin_url, form_data, signed_in

pytestmark = pytest.mark.django_db

DRAFT = {"review_status": ReviewStatus.DRAFT}
VERIFIED = {"review_status": ReviewStatus.VERIFIED}


def run_action(client, model, action: str, records, **fields):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [record.pk for record in records], **fields}
    return client.post(admin_url(model, "changelist"), data, follow=True)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def offered_actions(client, model) -> set[str]:
    response = client.get(admin_url(model, "changelist"))
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


# The review actions


def test_a_reviewer_verifies_the_selected_drafts_and_is_told_how_many(reviewer_admin):
    attack = make_attack()
    drafts = [make_casualty(attack=attack, **DRAFT), make_casualty(attack=attack, **DRAFT)]

    response = run_action(reviewer_admin, Casualty, "verify_selected", drafts)

    assert shown_messages(response) == ["Verified 2 casualties."]
    for figure in drafts:
        figure.refresh_from_db()
        assert figure.review_status == ReviewStatus.VERIFIED
        assert figure.reviewed_by == reviewer_admin.user


def test_publishing_publishes_what_it_may_and_says_why_each_other_record_was_not(reviewer_admin):
    ready = make_casualty(attack=make_attack(), **VERIFIED)
    draft_attack = make_attack(**DRAFT)
    waiting = make_casualty(attack=draft_attack, **VERIFIED)

    response = run_action(reviewer_admin, Casualty, "publish_selected", [ready, waiting])

    assert sorted(shown_messages(response)) == sorted(
        ["Published 1 casualty.", f"{waiting}: Publish its attack ({draft_attack.pk}) first."]
    )
    ready.refresh_from_db()
    waiting.refresh_from_db()
    assert ready.review_status == ReviewStatus.PUBLISHED
    assert waiting.review_status == ReviewStatus.VERIFIED


def test_retracting_asks_for_the_reason_on_a_confirmation_page_first(reviewer_admin):
    attack = make_attack()

    response = run_action(reviewer_admin, Attack, "retract_selected", [attack])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/reports/retract_confirmation.html"
    assert "reason" in response.context["form"].fields
    attack.refresh_from_db()
    assert attack.review_status == ReviewStatus.PUBLISHED


def test_retracting_with_a_reason_retracts_the_attack_and_its_figures(reviewer_admin):
    attack = make_attack()
    figure = make_casualty(attack=attack)

    response = run_action(
        reviewer_admin, Attack, "retract_selected", [attack], post="yes", reason="Wrong town."
    )

    assert shown_messages(response) == ["Retracted 1 attack."]
    attack.refresh_from_db()
    figure.refresh_from_db()
    assert (attack.review_status, attack.retraction_reason) == (ReviewStatus.RETRACTED, "Wrong town.")
    assert figure.review_status == ReviewStatus.RETRACTED


def test_retracting_without_a_reason_shows_the_page_again_and_retracts_nothing(reviewer_admin):
    attack = make_attack()

    response = run_action(reviewer_admin, Attack, "retract_selected", [attack], post="yes", reason=" ")

    assert response.context["form"].errors == {"reason": ["This field is required."]}
    attack.refresh_from_db()
    assert attack.review_status == ReviewStatus.PUBLISHED


def test_only_reviewers_are_offered_the_review_actions(curator_admin, reviewer_admin):
    review_actions = {"verify_selected", "publish_selected", "retract_selected"}

    assert review_actions <= offered_actions(reviewer_admin, Casualty)
    assert not review_actions & offered_actions(curator_admin, Casualty)


def test_a_curator_who_sends_a_review_action_anyway_changes_nothing(curator_admin):
    draft = make_casualty(**DRAFT)

    response = run_action(curator_admin, Casualty, "verify_selected", [draft])

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.review_status == ReviewStatus.DRAFT


# Edits in the change form


def test_the_workflow_fields_are_shown_but_not_editable(reviewer_admin):
    figure = make_casualty()

    response = reviewer_admin.get(admin_url(Casualty, "change", figure.pk))

    form_fields = response.context["adminform"].form.fields
    for name in ["review_status", "retraction_reason", "created_by", "reviewed_by", "reviewed_at"]:
        assert name not in form_fields
        assert name in response.context["adminform"].readonly_fields


def test_a_review_status_sent_with_a_change_form_is_ignored(curator_admin):
    figure = make_casualty(**DRAFT)
    page = curator_admin.get(admin_url(Casualty, "change", figure.pk))

    response = curator_admin.post(
        admin_url(Casualty, "change", figure.pk), form_data(page, review_status=ReviewStatus.PUBLISHED)
    )

    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.review_status == ReviewStatus.DRAFT


def test_a_figure_added_in_the_admin_is_a_draft_created_by_its_curator(curator_admin):
    attack = make_attack()
    page = curator_admin.get(admin_url(Casualty, "add"))
    typed = {
        "attack": attack.pk,
        "kind": "killed",
        "qualifier": "exact",
        "best": "4",
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "claimants": [attack.perpetrator.pk],
        "sources": [make_source().pk],
    }

    response = curator_admin.post(admin_url(Casualty, "add"), form_data(page, **typed))

    assert response.status_code == 302
    figure = attack.casualties.get()
    assert (figure.review_status, figure.created_by) == (ReviewStatus.DRAFT, curator_admin.user)


def test_a_curator_edit_of_a_published_figure_sends_it_back_to_draft(curator_admin):
    figure = make_casualty(best=3)
    page = curator_admin.get(admin_url(Casualty, "change", figure.pk))

    curator_admin.post(admin_url(Casualty, "change", figure.pk), form_data(page, best="5"))

    figure.refresh_from_db()
    assert (figure.best, figure.review_status) == (5, ReviewStatus.DRAFT)


def test_a_reviewer_edit_of_a_published_figure_keeps_it_published(reviewer_admin):
    figure = make_casualty(best=3)
    page = reviewer_admin.get(admin_url(Casualty, "change", figure.pk))

    reviewer_admin.post(admin_url(Casualty, "change", figure.pk), form_data(page, best="5"))

    figure.refresh_from_db()
    assert (figure.best, figure.review_status) == (5, ReviewStatus.PUBLISHED)


def test_a_curator_edit_of_an_inline_figure_sends_only_that_figure_back_to_draft(curator_admin):
    attack = make_attack()
    edited, untouched = make_casualty(attack=attack, best=3), make_casualty(attack=attack, best=7)
    page = curator_admin.get(admin_url(Attack, "change", attack.pk))
    index = [form.instance for form in page.context["inline_admin_formsets"][0].formset.forms].index(edited)

    response = curator_admin.post(
        admin_url(Attack, "change", attack.pk), form_data(page, **{f"casualties-{index}-best": "30"})
    )

    assert response.status_code == 302
    for record in (attack, edited, untouched):
        record.refresh_from_db()
    assert (edited.best, edited.review_status) == (30, ReviewStatus.DRAFT)
    assert untouched.review_status == ReviewStatus.PUBLISHED
    assert attack.review_status == ReviewStatus.PUBLISHED


def test_someone_who_may_only_view_sees_no_drafts_in_the_admin(django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.groups.add(Group.objects.get(name="reader"))
    published, draft = make_attack(), make_attack(**DRAFT)

    response = signed_in(viewer).get(admin_url(Attack, "changelist"))

    assert list(response.context["cl"].result_list) == [published]
    assert signed_in(viewer).get(admin_url(Attack, "change", draft.pk)).status_code == 302


# History


def test_the_history_page_of_an_edited_attack_lists_each_version_and_who_made_it(curator_admin):
    attack = make_attack(damage="damaged")
    page = curator_admin.get(admin_url(Attack, "change", attack.pk))
    curator_admin.post(admin_url(Attack, "change", attack.pk), form_data(page, damage="destroyed"))

    response = curator_admin.get(admin_url(Attack, "history", attack.pk))

    assert response.status_code == 200
    versions = list(response.context["page_obj"])
    assert [version.damage for version in versions[:2]] == ["destroyed", "damaged"]
    assert versions[0].history_user == curator_admin.user
    assert b"destroyed" in response.content


def test_a_curator_reverts_a_figure_to_an_earlier_best(curator_admin):
    figure = make_casualty(best=3)
    page = curator_admin.get(admin_url(Casualty, "change", figure.pk))
    curator_admin.post(admin_url(Casualty, "change", figure.pk), form_data(page, best="40"))
    figure.refresh_from_db()
    edited_version = figure.version
    earlier = figure.history.filter(best=3).latest("history_date")

    revert_form = curator_admin.get(admin_url(Casualty, "simple_history", figure.pk, earlier.history_id))
    response = curator_admin.post(
        admin_url(Casualty, "simple_history", figure.pk, earlier.history_id), form_data(revert_form)
    )

    assert revert_form.status_code == 200
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.best == 3
    # The review state and the version are today's, not the old version's: a revert is a new edit.
    assert figure.review_status == ReviewStatus.DRAFT
    assert figure.version == edited_version + 1
    assert figure.history.latest("history_date").history_user == curator_admin.user
