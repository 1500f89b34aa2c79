"""In a real browser: a curator drafts an attack with its casualty figure and source in the admin,
a reviewer verifies and publishes them, and only then does the public API show them."""

import pytest
from django.contrib.auth.models import Group

from reports.models import Attack
from tests.builders import make_actor, make_location

pytestmark = [
    pytest.mark.e2e,
    # The live server answers from another thread, so the data must be committed; the rollback
    # restores the groups the migrations made, which emptying the tables afterwards removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-test-password-1"


def staff_member(django_user_model, username: str, group: str):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, username: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def choose(page, select: str, search: str) -> None:
    """Pick an option of an autocomplete (select2) field by typing part of its name."""
    page.locator(f"{select} + .select2").click()
    page.keyboard.type(search)
    page.locator(".select2-results__option--highlighted", has_text=search).wait_for()
    page.keyboard.press("Enter")


def run_action(page, changelist: str, record_id: int, action: str) -> None:
    page.goto(changelist)
    page.check(f"input[name=_selected_action][value='{record_id}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist .success")


def test_an_attack_drafted_in_the_admin_is_public_only_once_a_reviewer_publishes_it(
    browser_page, public_api, django_user_model
):
    make_actor(name="Russia", slug="russia")
    make_actor(name="Poltava regional military administration", slug="poltava-rma")
    make_location(name="Poltava", slug="poltava")
    staff_member(django_user_model, "curator", "curator")
    staff_member(django_user_model, "reviewer", "reviewer")

    curator = browser_page("curator")
    log_in(curator, "curator")
    curator.goto("/admin/reports/source/add/")
    curator.fill("#id_title", "Strike on a residential building in Poltava")
    curator.click("input[name=_save]")
    curator.wait_for_selector(".messagelist .success")

    curator.goto("/admin/reports/attack/add/")
    choose(curator, "#id_perpetrator", "Russia")
    curator.fill("#id_date_start", "2025-02-01")
    curator.fill("#id_date_end", "2025-02-01")
    choose(curator, "#id_location", "Poltava")
    choose(curator, "#id_sources", "Strike on a residential")
    curator.click(".inline-group .add-row a")  # the attack's first casualty figure
    curator.select_option("#id_casualties-0-kind", "killed")
    curator.select_option("#id_casualties-0-qualifier", "exact")
    curator.fill("#id_casualties-0-best", "14")
    curator.fill("#id_casualties-0-date_start", "2025-02-01")
    curator.fill("#id_casualties-0-date_end", "2025-02-01")
    choose(curator, "#id_casualties-0-claimants", "Poltava regional")
    choose(curator, "#id_casualties-0-sources", "Strike on a residential")
    curator.click("input[name=_save]")
    curator.wait_for_selector(".messagelist .success")

    attack = Attack.objects.get(location__slug="poltava")
    (casualty,) = attack.casualties.all()
    assert (attack.review_status, casualty.review_status, casualty.best) == ("draft", "draft", 14)
    assert public_api.get(f"/api/v1/attacks/{attack.pk}/").status == 404
    # The draft's id names nothing the public may see: refused as an unknown id is.
    refused = public_api.get("/api/v1/casualties/", params={"attack_id": attack.pk})
    assert (refused.status, list(refused.json()["errors"])) == (400, ["attack_id"])
    assert not any(row["best"] == 14 for row in public_api.get("/api/v1/casualties/").json()["results"])

    reviewer = browser_page("reviewer")
    log_in(reviewer, "reviewer")
    for step in ("verify_selected", "publish_selected"):
        run_action(reviewer, "/admin/reports/attack/", attack.pk, step)
    for step in ("verify_selected", "publish_selected"):
        run_action(reviewer, "/admin/reports/casualty/", casualty.pk, step)

    shown = public_api.get(f"/api/v1/attacks/{attack.pk}/")
    assert shown.status == 200
    assert (shown.json()["location"]["name"], shown.json()["review_status"]) == ("Poltava", "published")
    figures = public_api.get("/api/v1/casualties/", params={"attack_id": attack.pk}).json()["results"]
    assert [(figure["kind"], figure["best"]) for figure in figures] == [("killed", 14)]
    assert [source["title"] for source in figures[0]["sources"]] == [
        "Strike on a residential building in Poltava"
    ]
