"""Personas and shared fixtures: anonymous, reader, curator, admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient


def token_client(user) -> APIClient:
    """A client that authenticates the way SDKs do: with a real API token."""
    _token, secret = AuthToken.objects.create(user=user, expiry=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    client.user = user
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Personas are made in almost every test; PBKDF2's deliberate slowness buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def throttle_counts_start_at_zero(settings):
    # Rate limits count requests in the cache: each test starts with none counted, in this
    # process's memory, never in a Redis that REDIS_URL may name.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture
def reader(django_user_model) -> APIClient:
    """An authenticated user with no write permission."""
    return token_client(django_user_model.objects.create_user("reader", password="unused-password-1"))


@pytest.fixture
def curator(django_user_model) -> APIClient:
    user = django_user_model.objects.create_user("curator", password="unused-password-2", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    return token_client(user)


@pytest.fixture
def reviewer(django_user_model) -> APIClient:
    user = django_user_model.objects.create_user("reviewer", password="unused-password-5", is_staff=True)
    user.groups.add(Group.objects.get(name="reviewer"))
    return token_client(user)


@pytest.fixture
def reader_role(django_user_model) -> APIClient:
    """A user in the reader group: may view, not edit; sees only what is published."""
    user = django_user_model.objects.create_user("member", password="unused-password-6")
    user.groups.add(Group.objects.get(name="reader"))
    return token_client(user)


@pytest.fixture
def seed(db):
    """The gazetteer and the seed report, loaded as `make run` loads them."""
    from reports.services.demo import demo_load
    from reports.services.gazetteer import gazetteer_load

    gazetteer_load()
    demo_load()
