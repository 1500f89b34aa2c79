"""The management commands a curator or operator runs."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone
from knox.models import AuthToken

from reports.models import Attack

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_ensure_curator_prints_a_generated_password_once_and_it_works():
    first = run("ensure_curator")
    password = first.split(" / ")[1].split()[0]
    user = User.objects.get(username="curator")
    assert user.check_password(password)
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("reports.add_casualty")

    second = run("ensure_curator")
    assert password not in second
    assert User.objects.filter(username="curator").count() == 1


def test_issue_token_prints_a_secret_that_is_stored_only_as_a_hash(client):
    User.objects.create_user("analyst", password="unused-password-3")
    output = run("issue_token", "analyst", "--days", "7")
    secret = output.strip().splitlines()[-1]
    token = AuthToken.objects.get(user__username="analyst")
    assert secret not in (token.digest, token.token_key)
    assert token.expiry - timezone.now() > datetime.timedelta(days=6)

    response = client.get("/api/v1/attacks/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200


def test_issue_token_for_a_missing_user_fails_clearly():
    with pytest.raises(CommandError, match="No user named"):
        run("issue_token", "nobody")


def test_load_gazetteer_then_load_demo_then_again_changes_nothing():
    run("load_gazetteer")
    assert "Loaded the seed report" in run("load_demo")
    assert "0 created, 0 updated" in run("load_gazetteer")
    assert "already loaded" in run("load_demo")
    assert Attack.objects.count() == 7
