"""A server refuses to start without a secret key; tooling runs without one."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str, **env) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**environment, **env}, capture_output=True, text=True
    )


def test_the_wsgi_server_refuses_to_start_without_a_secret_key():
    result = run("import conflict.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY setting must not be empty" in result.stderr


def test_the_wsgi_server_starts_with_one():
    assert run("import conflict.wsgi", SECRET_KEY="x" * 60).returncode == 0


def test_migrations_can_be_checked_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_wsgi_server_leaves_what_it_started_with_out_of_garbage_collection():
    """The views are imported at start and frozen with the rest, so that a full collection in the
    middle of a request does not scan them (conflict/wsgi.py)."""
    code = (
        "import gc, conflict.wsgi, api.views\n"
        "tracked = {id(thing) for thing in gc.get_objects()}\n"
        "print(gc.get_freeze_count() > 50_000, id(api.views.AttackViewSet) in tracked, gc.get_threshold()[0])"
    )
    result = run(code, SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "10000"]
