"""/api/v1/deletions/: tombstones of deleted and withdrawn records, in keyset pages."""

import base64
import datetime
import json

import pytest
from django.utils import timezone

from api.resources import MODEL_NAMES, RESOURCES
from api.urls import router
from reports.choices import RemovalReason, ReviewStatus
from reports.models import Deletion
from tests.api.helpers import assert_invalid, assert_no_auth_queries, ok
from tests.builders import make_attack, make_casualty, make_source

pytestmark = pytest.mark.django_db

URL = "/api/v1/deletions/"
MOMENT = datetime.datetime(2025, 2, 1, 12, 0, tzinfo=datetime.UTC)


def tombstone(resource="attacks", *, record_id=1, reason=RemovalReason.DELETED, public=True, at=MOMENT):
    return Deletion.objects.create(
        model=MODEL_NAMES[resource], record_id=record_id, reason=reason, public=public, removed_at=at
    )


def pulled(client, **params) -> list[dict]:
    """Every tombstone the feed gives, following next links to the end."""
    rows, body = [], ok(client.get(URL, params))
    rows += body["results"]
    while body["next"]:
        body = ok(client.get(body["next"]))
        rows += body["results"]
    return rows


def test_the_resource_names_are_the_routes_of_the_records_they_name():
    routes = {prefix: viewset.queryset.model for prefix, viewset, _basename in router.registry}
    assert {name: routes[name] for name in RESOURCES} == RESOURCES


def test_anyone_reads_a_deleted_record_by_its_resource_name_and_id(anonymous, curator):
    attack = make_attack(external_id="kharkiv-1")
    attack_id = attack.pk
    curator.delete(f"/api/v1/attacks/{attack_id}/", HTTP_IF_MATCH=f'"{attack.version}"')

    [row] = ok(anonymous.get(URL))["results"]

    assert row == {
        "id": Deletion.objects.get().pk,
        "resource": "attacks",
        "record_id": attack_id,
        "external_id": "kharkiv-1",
        "reason": "deleted",
        "removed_at": row["removed_at"],
        "public": True,
    }
    assert datetime.datetime.fromisoformat(row["removed_at"]) <= timezone.now()


def test_the_public_is_told_only_of_records_it_could_see(anonymous, reader):
    seen = tombstone(record_id=1)
    tombstone(record_id=2, public=False)

    assert [row["id"] for row in pulled(anonymous)] == [seen.pk]
    assert [row["id"] for row in pulled(reader)] == [seen.pk]


def test_an_editor_is_also_told_of_the_drafts_they_may_edit(curator):
    draft = make_casualty(review_status=ReviewStatus.DRAFT)
    draft.delete()
    seen = tombstone(record_id=9)

    assert {(row["resource"], row["public"]) for row in pulled(curator)} == {
        ("casualties", False),
        ("attacks", True),
    }
    assert seen.pk in {row["id"] for row in pulled(curator)}


def test_it_filters_by_resource_a_repeated_one_meaning_either(anonymous):
    attack = tombstone("attacks")
    source = tombstone("sources")
    tombstone("force-deployment-statuses")

    assert [row["id"] for row in pulled(anonymous, resource="attacks")] == [attack.pk]
    assert {row["id"] for row in pulled(anonymous, resource=["attacks", "sources"])} == {attack.pk, source.pk}


def test_it_filters_by_reason(anonymous):
    tombstone(reason=RemovalReason.DELETED)
    withdrawn = tombstone(record_id=2, reason=RemovalReason.WITHDRAWN)

    assert [row["id"] for row in pulled(anonymous, reason="withdrawn")] == [withdrawn.pk]


def test_it_lists_what_was_removed_after_a_moment(anonymous):
    tombstone(at=MOMENT)
    later = tombstone(record_id=2, at=MOMENT + datetime.timedelta(microseconds=1))

    assert [row["id"] for row in pulled(anonymous, removed_after=MOMENT.isoformat())] == [later.pk]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("resource", "attack"),
        ("resource", "deletions"),
        ("reason", "retracted"),
        ("removed_after", "yesterday"),
        ("removed_after", "2025-13-01T00:00:00Z"),
        ("ordering", "removed_at"),
        ("page", "2"),
        ("page_size", "0"),
    ],
)
def test_it_refuses_what_it_does_not_understand_naming_the_parameter(anonymous, parameter, value):
    assert_invalid(anonymous.get(URL, {parameter: value}), parameter)


def cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize(
    "value",
    [
        "not-a-cursor",
        "%%%",
        cursor({"removed_at": "2025-02-01T12:00:00+00:00"}),
        cursor(["2025-02-01T12:00:00", 1]),  # no time zone
        cursor(["2025-02-01T12:00:00+00:00", "1"]),
        cursor(["2025-02-01T12:00:00+00:00", 2**63]),
        cursor(["2025-02-01T12:00:00+00:00", -1]),
        cursor(["the first of February", 1]),
        cursor([None, 1]),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_cursor_it_did_not_give_is_a_400_naming_cursor(anonymous, value):
    assert_invalid(anonymous.get(URL, {"cursor": value}), "cursor")


def test_pages_follow_on_through_ties_on_the_moment_missing_and_repeating_nothing(anonymous):
    # Five rows removed at the same moment (one cascade), two a microsecond later.
    tied = [tombstone(record_id=n) for n in range(5)]
    later = [tombstone(record_id=n, at=MOMENT + datetime.timedelta(microseconds=1)) for n in range(5, 7)]

    rows = pulled(anonymous, page_size=2)

    assert [row["id"] for row in rows] == [row.pk for row in (*tied, *later)]


def test_a_tombstone_written_while_paging_comes_on_a_later_page(anonymous):
    first, second = tombstone(record_id=1), tombstone(record_id=2)
    body = ok(anonymous.get(URL, {"page_size": 1}))
    assert [row["id"] for row in body["results"]] == [first.pk]

    written = make_source()
    written_id = written.pk
    written.delete()

    rest = ok(anonymous.get(body["next"]))["results"] + pulled(anonymous, removed_after=MOMENT.isoformat())
    assert [row["id"] for row in rest][:2] == [
        second.pk,
        Deletion.objects.get(model="source", record_id=written_id).pk,
    ]


def test_a_deep_page_costs_the_queries_of_the_first(anonymous, django_assert_num_queries):
    for n in range(6):
        tombstone(record_id=n, at=MOMENT + datetime.timedelta(seconds=n))
    third_page = ok(anonymous.get(ok(anonymous.get(URL, {"page_size": 2}))["next"]))["next"]
    # One query: the page's rows and one more to know there is a next page. No count, and no
    # offset to walk past.
    with django_assert_num_queries(1) as captured:
        first = ok(anonymous.get(URL, {"page_size": 2}))
    assert_no_auth_queries(captured)
    with django_assert_num_queries(1):
        deep = ok(anonymous.get(third_page))
    assert len(first["results"]) == len(deep["results"]) == 2
    assert deep["next"] is None
