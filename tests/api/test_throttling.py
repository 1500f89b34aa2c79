"""Past its rate a client gets a 429 with Retry-After, counted in the cache, Redis in production."""

import os
import subprocess
import sys

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from tests.builders import make_source

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def redis_is_reachable() -> bool:
    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def low_rates(monkeypatch):
    # DRF reads the rates into this class attribute once, at import; each throttle takes its
    # rate from it when a request is checked.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min"})


def assert_throttled(response) -> None:
    assert response.status_code == 429, response.content
    assert 0 < int(response["Retry-After"]) <= 60
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == "throttled"
    assert body["detail"].startswith("Request was throttled.")


def test_an_anonymous_client_past_its_rate_gets_a_429_with_retry_after(anonymous, low_rates):
    make_source()
    for _ in range(3):
        assert anonymous.get("/api/v1/sources/").status_code == 200
    assert_throttled(anonymous.get("/api/v1/sources/"))


def test_a_new_x_forwarded_for_on_each_request_does_not_reset_the_count(anonymous, low_rates):
    for number in range(3):
        response = anonymous.get("/api/v1/sources/", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
        assert response.status_code == 200
    assert_throttled(anonymous.get("/api/v1/sources/", HTTP_X_FORWARDED_FOR="203.0.113.99"))


def test_a_signed_in_client_is_counted_by_user_at_its_own_rate(curator, reviewer, low_rates):
    for _ in range(5):
        assert curator.get("/api/v1/sources/").status_code == 200
    assert_throttled(curator.get("/api/v1/sources/"))
    assert_throttled(curator.post("/api/v1/sources/", {"title": "A report"}, format="json"))
    # Another user from the same address has a count of their own.
    assert reviewer.get("/api/v1/sources/").status_code == 200


@pytest.mark.skipif(not redis_is_reachable(), reason=f"needs a Redis server at {REDIS_TEST_URL}")
def test_the_counts_are_kept_in_redis_when_it_is_the_cache(anonymous, low_rates, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_TEST_URL}
    }
    cache.clear()  # database 15 is this test's own
    try:
        for _ in range(3):
            assert anonymous.get("/api/v1/sources/").status_code == 200
        assert_throttled(anonymous.get("/api/v1/sources/"))
        counted = redis.Redis.from_url(REDIS_TEST_URL).keys("*throttle_anon_*")
        assert len(counted) == 1
    finally:
        cache.clear()


def settings_with(code: str, **environment: str) -> str:
    """What ``code`` prints after loading the settings in a fresh process under ``environment``."""
    unset = ("REDIS_URL", "THROTTLE_ANON_RATE", "THROTTLE_USER_RATE")
    inherited = {name: value for name, value in os.environ.items() if name not in unset}
    result = subprocess.run(
        [sys.executable, "-c", f"from conflict import settings; print({code})"],
        env={**inherited, "DEBUG": "1", **environment},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_redis_url_makes_redis_the_cache():
    backend = "settings.CACHES['default']['BACKEND']"
    assert settings_with(backend) == "django.core.cache.backends.locmem.LocMemCache"
    redis_backend = settings_with(backend, REDIS_URL="redis://cache.internal:6379/0")
    assert redis_backend == "django.core.cache.backends.redis.RedisCache"


def test_the_rates_come_from_the_environment_with_defaults_for_a_busy_client():
    rates = "settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']"
    assert settings_with(rates) == "{'anon': '120/min', 'user': '600/min'}"
    configured = settings_with(rates, THROTTLE_ANON_RATE="30/min", THROTTLE_USER_RATE="2000/hour")
    assert configured == "{'anon': '30/min', 'user': '2000/hour'}"


def test_when_the_cache_is_down_requests_go_through_unthrottled_and_the_outage_is_logged(
    anonymous, settings, low_rates, caplog
):
    # Nothing listens on port 9: every cache call fails to connect.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    make_source()

    responses = [anonymous.get("/api/v1/sources/") for _ in range(4)]

    assert [response.status_code for response in responses] == [200] * 4
    assert "Rate limit not applied: the cache could not be reached." in caplog.text
