"""Settings of the database connection itself."""

import time

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from conflict.postgresql.base import said_something

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT")
def test_postgresql_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.fixture
def kept_connection():
    """A connection of its own, as a server process keeps it from one request to the next."""
    kept = connections.create_connection(DEFAULT_DB_ALIAS)
    kept.ensure_connection()
    # What Django does as a request ends: the next one will check the connection first.
    kept.close_if_unusable_or_obsolete()
    assert kept.connection is not None and not kept.health_check_done
    yield kept
    kept.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="conflict/postgresql/")
def test_a_kept_connection_the_server_did_not_end_is_used_without_a_select_1(kept_connection, monkeypatch):
    checked = []
    monkeypatch.setattr(kept_connection, "is_usable", lambda: checked.append("SELECT 1") or True)
    with kept_connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)
    assert checked == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="conflict/postgresql/")
def test_a_kept_connection_the_server_ended_is_replaced_before_the_first_query(kept_connection):
    ended = kept_connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [ended])
    deadline = time.monotonic() + 10
    while not said_something(kept_connection.connection):  # the server's word takes a moment
        assert time.monotonic() < deadline, "the ended connection never became readable"
        time.sleep(0.01)
    with kept_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != ended
