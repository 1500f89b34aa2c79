"""Admin logins: repeated failures lock one username out from one address, and nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from reports.choices import ReviewStatus
from tests.builders import make_attack
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOGIN = "/admin/login/"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    return user


def log_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def signed_in_as(client: Client):
    return client.session.get("_auth_user_id")


def fail_five_times(client: Client, username: str) -> None:
    for _ in range(5):
        log_in(client, username, "wrong-password")


def test_four_failed_logins_still_let_the_right_password_in(editor):
    client = Client()
    for _ in range(4):
        assert log_in(client, "editor", "wrong-password").status_code == 200

    assert log_in(client, "editor", PASSWORD).status_code == 302
    assert signed_in_as(client) == str(editor.pk)


def test_five_failed_logins_lock_the_username_out_even_with_the_right_password(editor):
    client = Client()
    fail_five_times(client, "editor")

    response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_another_user_at_the_same_address_can_still_sign_in_and_use_the_api(editor, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    colleague.groups.add(Group.objects.get(name="curator"))
    draft = make_attack(review_status=ReviewStatus.DRAFT)
    fail_five_times(Client(), "editor")
    client = Client()

    assert log_in(client, "colleague", PASSWORD).status_code == 302
    # DRF's session authentication takes the signed-in session: the curator sees the draft.
    response = client.get("/api/v1/attacks/")
    assert [attack["id"] for attack in response.json()["results"]] == [draft.pk]


def test_the_same_username_from_another_address_is_not_locked_out(editor):
    fail_five_times(Client(), "editor")
    client = Client(REMOTE_ADDR="198.51.100.7")

    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_a_locked_out_user_s_api_token_still_works(editor):
    fail_five_times(Client(), "editor")
    draft = make_attack(review_status=ReviewStatus.DRAFT)

    response = token_client(editor).get("/api/v1/attacks/")

    assert response.status_code == 200
    # Only an authenticated curator sees the draft: the token was accepted, not ignored.
    assert [attack["id"] for attack in response.json()["results"]] == [draft.pk]


def test_behind_a_proxy_lockouts_are_per_client_not_per_proxy(editor, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    fail_five_times(attacker, "editor")
    assert log_in(attacker, "editor", PASSWORD).status_code == 429

    # Another client reaching the app through the same proxy is not locked out ...
    neighbour = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert log_in(neighbour, "editor", PASSWORD).status_code == 302
    # ... and the attacker cannot escape by claiming another address before the proxy's.
    spoofer = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9, 203.0.113.7")
    assert log_in(spoofer, "editor", PASSWORD).status_code == 429
