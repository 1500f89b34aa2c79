"""`manage.py check --deploy` passes under production settings: DEBUG off, a real key, HTTPS only."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

# Everything a production deployment must set; the rest has production defaults.
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "api.example.org",
    "DATABASE_URL": "postgres://conflict@db.internal:5432/conflict",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def deploy_check(**environment: str) -> subprocess.CompletedProcess:
    # The tests run with DEBUG=1; the HTTPS settings are checked at their defaults.
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name != "DEBUG" and not name.startswith("SECURE_")
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**inherited, **PRODUCTION, **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deploy_check():
    result = deploy_check()
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_proxy_that_redirects_to_https_itself_passes_too():
    result = deploy_check(SECURE_SSL_REDIRECT="false")
    assert result.returncode == 0, result.stderr


def test_a_short_secret_key_fails_the_deploy_check():
    result = deploy_check(SECRET_KEY="too-short")
    assert result.returncode != 0
    assert "security.W009" in result.stderr
