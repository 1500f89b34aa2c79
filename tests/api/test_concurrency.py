"""A record's ETag is its version; a write must name the version it changes, or it changes nothing."""

import threading

import pytest
from django.db import connection, connections

from api.concurrency import PreconditionFailed
from reports.choices import ReviewStatus
from reports.models import Attack, Source
from tests.api.helpers import if_match
from tests.builders import make_attack, make_source
from tests.conftest import token_client

pytestmark = pytest.mark.django_db


def detail(record) -> str:
    return f"/api/v1/{'attacks' if isinstance(record, Attack) else 'sources'}/{record.pk}/"


def write(client, method: str, source: Source, **headers):
    if method == "delete":
        return client.delete(detail(source), **headers)
    return getattr(client, method)(detail(source), {"title": "Changed"}, format="json", **headers)


def stored(source: Source) -> tuple[str, int]:
    return Source.objects.values_list("title", "version").get(pk=source.pk)


def test_a_record_carries_its_version_as_a_strong_etag(anonymous):
    source = make_source()
    source.save()
    response = anonymous.get(detail(source))
    assert (response.status_code, response["ETag"]) == (200, '"2"')


def test_a_list_carries_no_etag(anonymous):
    make_source()
    assert "ETag" not in anonymous.get("/api/v1/sources/")


def test_a_created_record_carries_the_etag_of_its_first_version(curator):
    response = curator.post("/api/v1/sources/", {"title": "A report"}, format="json")
    assert (response.status_code, response["ETag"]) == (201, '"1"')


def test_an_edit_naming_the_current_version_is_saved_and_answers_with_the_next(curator):
    source = make_source(title="First")
    response = curator.patch(detail(source), {"title": "Second"}, format="json", HTTP_IF_MATCH='"1"')
    assert (response.status_code, response["ETag"]) == (200, '"2"')

    response = curator.put(detail(source), {"title": "Third"}, format="json", HTTP_IF_MATCH=response["ETag"])
    assert (response.status_code, response["ETag"]) == (200, '"3"')
    assert stored(source) == ("Third", 3)


def test_a_delete_naming_the_current_version_deletes(curator):
    source = make_source()
    assert write(curator, "delete", source, HTTP_IF_MATCH='"1"').status_code == 204
    assert not Source.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_write_without_if_match_is_a_428_and_changes_nothing(curator, method):
    source = make_source(title="As published")
    response = write(curator, method, source)
    assert response.status_code == 428, response.content
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == "precondition_required"
    assert "If-Match" in body["detail"]
    assert stored(source) == ("As published", 1)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_write_naming_an_old_version_is_a_412_and_changes_nothing(curator, method):
    source = make_source(title="As published")
    read_before = if_match(source)
    source.title = "Corrected by someone else"
    source.save()

    response = write(curator, method, source, **read_before)
    assert response.status_code == 412, response.content
    assert response.json() == {
        "detail": PreconditionFailed.default_detail,
        "code": "precondition_failed",
    }
    assert stored(source) == ("Corrected by someone else", 2)


@pytest.mark.parametrize("header", ["*", "1", ""])
def test_if_match_must_name_a_version_in_quotes(curator, header):
    """``*`` would match any version, so it protects no edit; an unquoted version is not an ETag."""
    source = make_source(title="As published")
    response = write(curator, "patch", source, HTTP_IF_MATCH=header)
    assert (response.status_code, response.json()["code"]) == (428, "precondition_required")
    assert stored(source) == ("As published", 1)


@pytest.mark.parametrize("header", ['W/"1"', '"7", "1"'])
def test_a_weakened_etag_or_a_list_naming_the_current_version_matches(curator, header):
    """A proxy that compresses responses marks their ETags weak; the version they name is the same."""
    source = make_source()
    assert write(curator, "patch", source, HTTP_IF_MATCH=header).status_code == 200
    assert stored(source) == ("Changed", 2)


def test_who_may_not_write_is_told_so_before_any_precondition(anonymous, reader):
    source = make_source()
    assert write(anonymous, "patch", source).status_code == 401
    assert write(reader, "patch", source).status_code == 403
    assert write(reader, "delete", source).status_code == 403


def test_a_write_to_a_missing_record_is_a_404(curator):
    assert curator.patch("/api/v1/sources/999999/", {"title": "x"}, format="json").status_code == 404
    assert curator.delete("/api/v1/sources/999999/", HTTP_IF_MATCH='"1"').status_code == 404


def test_a_read_naming_the_current_version_in_if_none_match_is_not_modified(anonymous):
    source = make_source()
    response = anonymous.get(detail(source), HTTP_IF_NONE_MATCH='"1"')
    assert (response.status_code, response["ETag"], response.content) == (304, '"1"', b"")

    source.save()
    response = anonymous.get(detail(source), HTTP_IF_NONE_MATCH='"1"')
    assert (response.status_code, response["ETag"]) == (200, '"2"')
    assert response.json()["id"] == source.pk


def test_a_review_step_needs_if_match_and_answers_with_the_new_etag(reviewer):
    attack = make_attack(review_status=ReviewStatus.DRAFT)
    verify = f"{detail(attack)}verify/"

    response = reviewer.post(verify, format="json")
    assert (response.status_code, response.json()["code"]) == (428, "precondition_required")
    attack.refresh_from_db()
    assert attack.review_status == ReviewStatus.DRAFT

    response = reviewer.post(verify, format="json", **if_match(attack))
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{attack.version + 1}"'


def test_a_reviewer_cannot_verify_an_edit_they_have_not_seen(reviewer, curator):
    attack = make_attack(review_status=ReviewStatus.DRAFT, damage="damaged")
    as_the_reviewer_read_it = if_match(attack)
    edit = curator.patch(detail(attack), {"damage": "destroyed"}, format="json", **as_the_reviewer_read_it)
    assert edit.status_code == 200, edit.content

    response = reviewer.post(f"{detail(attack)}verify/", format="json", **as_the_reviewer_read_it)
    assert (response.status_code, response.json()["code"]) == (412, "precondition_failed")
    attack.refresh_from_db()
    assert (attack.review_status, attack.damage) == (ReviewStatus.DRAFT, "destroyed")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks, it lets one writer at a time into the whole file",
)
# serialized_rollback: emptying the tables afterwards must not re-create content types and
# permissions under new ids, or the next test that restores the migrations' rows collides with them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_many_concurrent_edits_naming_the_same_version_exactly_one_wins(django_user_model):
    # A superuser, not a persona: this test's transaction=True empties every table afterwards,
    # the groups the migrations made included, so it relies on none of them.
    editor = django_user_model.objects.create_superuser("editor", password="unused-password-9")
    source = make_source(title="Original")
    writers = 8
    clients = [token_client(editor) for _ in range(writers)]
    all_ready = threading.Barrier(writers, timeout=30)
    statuses: dict[int, int] = {}

    def edit(number: int) -> None:
        # Each thread has its own database connection, so its own transaction.
        try:
            all_ready.wait()
            response = clients[number].patch(
                detail(source), {"title": f"Edit {number}"}, format="json", HTTP_IF_MATCH='"1"'
            )
            statuses[number] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses.values()) == [200] + [412] * (writers - 1), statuses
    (winner,) = [number for number, status in statuses.items() if status == 200]
    assert stored(source) == (f"Edit {winner}", 2)
