"""Tokens: hashed, expiring, revocable."""

import datetime

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.builders import make_source

pytestmark = pytest.mark.django_db


def client_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_an_expired_token_is_refused(curator):
    _token, secret = AuthToken.objects.create(user=curator.user, expiry=datetime.timedelta(seconds=-1))
    response = client_with(secret).post("/api/v1/sources/", {"title": "A report"}, format="json")
    assert response.status_code == 401


def test_a_revoked_token_is_refused(curator):
    token, secret = AuthToken.objects.create(user=curator.user, expiry=None)
    token.delete()
    response = client_with(secret).get("/api/v1/sources/")
    assert response.status_code == 401


def test_a_garbage_token_is_a_401_not_a_500(db):
    assert client_with("not-a-token").get("/api/v1/sources/").status_code == 401


def test_a_curator_token_can_write_and_the_write_is_there(curator):
    response = curator.post("/api/v1/sources/", {"title": "A report", "kind": "report"}, format="json")
    assert response.status_code == 201
    assert response.json()["title"] == "A report"


def test_the_session_admin_login_can_write_with_csrf(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", password="unused-password-4", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    # Without the CSRF token a session write is refused.
    assert client.post("/api/v1/sources/", {"title": "A report"}, format="json").status_code == 403
    make_source()
    client.get("/admin/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post("/api/v1/sources/", {"title": "A report"}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201
