"""A write runs in one transaction, all or nothing; a read runs in none (api/transactions.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.exceptions import ValidationError

from api.views import AttackViewSet
from reports.models import Attack
from tests.api.helpers import ok
from tests.builders import make_attack, make_location, make_source
from tests.conftest import token_client

URL = "/api/v1/attacks/"


def attack_body() -> dict:
    return {
        "location": make_location().pk,
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "date_precision": "day",
        "sources": [make_source().pk],
    }


def fail_after_saving(monkeypatch, error: Exception) -> None:
    """The attack and its sources are written, then the request fails."""
    save = AttackViewSet.perform_create

    def perform_create(self, serializer):
        save(self, serializer)
        assert Attack.objects.filter(pk=serializer.instance.pk).exists()
        raise error

    monkeypatch.setattr(AttackViewSet, "perform_create", perform_create)


@pytest.fixture
def editor(django_user_model):
    # A superuser, not a persona: transaction=True empties every table after a test, the groups
    # the migrations made included.
    return token_client(django_user_model.objects.create_superuser("editor", password="unused-password-9"))


def transaction_statements(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].split(" ", 1)[0].upper() in {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT"}
    ]


# Committed for real: a test's own transaction would hide whether the request's was rolled back.
# serialized_rollback: emptying the tables afterwards must not re-create content types and
# permissions under new ids, or the next test that restores the migrations' rows collides with them.
WRITES = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@WRITES
def test_a_write_that_fails_with_an_error_answered_by_the_api_leaves_nothing_written(editor, monkeypatch):
    body = attack_body()
    fail_after_saving(monkeypatch, ValidationError({"date_start": ["Refused after saving."]}))
    response = editor.post(URL, body)
    assert response.status_code == 400, response.content
    assert Attack.objects.count() == 0


@WRITES
def test_a_write_that_crashes_leaves_nothing_written(editor, monkeypatch):
    body = attack_body()
    fail_after_saving(monkeypatch, RuntimeError("crashed after saving"))
    with pytest.raises(RuntimeError):
        editor.post(URL, body)
    assert Attack.objects.count() == 0


@WRITES
def test_a_write_commits_its_transaction_and_a_read_opens_none(editor):
    body = attack_body()
    with CaptureQueriesContext(connection) as written:
        assert editor.post(URL, body).status_code == 201
    assert transaction_statements(written)[0].upper() == "BEGIN"
    assert transaction_statements(written)[-1].upper() == "COMMIT"
    assert Attack.objects.count() == 1

    with CaptureQueriesContext(connection) as read:
        assert len(ok(editor.get(URL, {"page_size": 100}))["results"]) == 1
    assert transaction_statements(read) == []


@WRITES
def test_an_options_request_on_a_record_runs_in_a_transaction(editor):
    # DRF describes the writes allowed by reading the record as a PUT would, which locks its row:
    # PostgreSQL refuses the lock outside a transaction (a 500 before).
    attack = make_attack()
    with CaptureQueriesContext(connection) as described:
        response = editor.options(f"{URL}{attack.pk}/")
    assert response.status_code == 200, response.content
    assert transaction_statements(described)[0].upper() == "BEGIN"


@pytest.mark.django_db
def test_a_refused_read_leaves_a_surrounding_transaction_usable(anonymous):
    # The test's transaction stands for whatever block may surround a read: DRF's handler marks
    # the innermost block for rollback, which a read must not do to a block that is not its own.
    make_attack()
    assert anonymous.get(URL, {"no_such_filter": "1"}).status_code == 400
    assert Attack.objects.count() == 1
