"""/api/v1/<resource>/changes/: every resource's records in the order they changed, in keyset pages."""

import datetime

import pytest

from api.resources import RESOURCES
from reports.choices import ReviewStatus
from reports.models import Attack, Source
from tests.api.helpers import assert_invalid, assert_no_auth_queries, ok
from tests.builders import make_attack, make_casualty, make_source

pytestmark = pytest.mark.django_db

URL = "/api/v1/attacks/changes/"
MOMENT = datetime.datetime(2025, 2, 1, 12, 0, tzinfo=datetime.UTC)


def at(moment: datetime.datetime, *records) -> None:
    """Give records one ``updated_at``, as one statement touching many rows does."""
    type(records[0])._base_manager.filter(pk__in=[record.pk for record in records]).update(updated_at=moment)


def pulled(client, url: str = URL, **params) -> list[int]:
    """The ids the feed gives, following next links to the end."""
    ids, body = [], ok(client.get(url, params))
    ids += [row["id"] for row in body["results"]]
    while body["next"]:
        body = ok(client.get(body["next"]))
        ids += [row["id"] for row in body["results"]]
    return ids


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_has_a_changes_feed_of_full_records(anonymous, resource):
    body = ok(anonymous.get(f"/api/v1/{resource}/changes/"))
    assert set(body) == {"next", "results"}


def test_records_come_in_the_order_they_last_changed(anonymous):
    first, second, third = make_attack(), make_attack(), make_attack()
    at(MOMENT, second)
    at(MOMENT + datetime.timedelta(seconds=1), third)
    at(MOMENT + datetime.timedelta(seconds=2), first)

    assert pulled(anonymous) == [second.pk, third.pk, first.pk]
    body = ok(anonymous.get(URL))
    assert body["results"][0] == ok(anonymous.get(f"/api/v1/attacks/{second.pk}/"))


def test_a_page_boundary_inside_a_tie_loses_nothing_and_repeats_nothing(anonymous):
    tied = sorted([make_attack() for _ in range(5)], key=lambda attack: attack.pk)
    before, after = make_attack(), make_attack()
    at(MOMENT, *tied)
    at(MOMENT - datetime.timedelta(microseconds=1), before)
    at(MOMENT + datetime.timedelta(microseconds=1), after)

    for page_size in (1, 2, 3):
        assert pulled(anonymous, page_size=page_size) == [before.pk, *(a.pk for a in tied), after.pk]


def test_updated_after_starts_the_feed_after_a_moment_to_the_microsecond(anonymous):
    on_the_moment, a_microsecond_later = make_attack(), make_attack()
    at(MOMENT, on_the_moment)
    at(MOMENT + datetime.timedelta(microseconds=1), a_microsecond_later)

    assert pulled(anonymous, updated_after=MOMENT.isoformat()) == [a_microsecond_later.pk]
    stored = Attack.objects.get(pk=a_microsecond_later.pk).updated_at
    assert stored == MOMENT + datetime.timedelta(microseconds=1)


def test_the_next_link_keeps_the_filters(anonymous):
    kept, other = make_attack(damage="destroyed"), make_attack(damage="damaged")
    extra = make_attack(damage="destroyed")
    at(MOMENT, kept, other, extra)

    body = ok(anonymous.get(URL, {"damage": "destroyed", "page_size": 1}))
    assert "damage=destroyed" in body["next"]
    assert pulled(anonymous, damage="destroyed", page_size=1) == sorted([kept.pk, extra.pk])


def test_a_record_changed_while_paging_is_met_again_at_the_end(anonymous):
    first, second, third = make_attack(), make_attack(), make_attack()
    at(MOMENT, first, second, third)
    body = ok(anonymous.get(URL, {"page_size": 1}))
    assert [row["id"] for row in body["results"]] == [first.pk]

    Attack.objects.get(pk=first.pk).sources.add(make_source())

    rest = []
    while body["next"]:
        body = ok(anonymous.get(body["next"]))
        rest += [row["id"] for row in body["results"]]
    assert rest == [second.pk, third.pk, first.pk]


def test_drafts_are_in_the_feed_of_those_who_may_edit_them_only(anonymous, curator):
    published = make_attack()
    draft = make_attack(review_status=ReviewStatus.DRAFT)

    assert pulled(anonymous) == [published.pk]
    assert sorted(pulled(curator)) == sorted([published.pk, draft.pk])


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("cursor", "nonsense"),
        ("cursor", ""),
        ("updated_after", "last tuesday"),
        ("ordering", "-updated_at"),
        ("page", "2"),
        ("page_size", "-1"),
        ("damage", "obliterated"),
    ],
)
def test_it_refuses_what_it_does_not_understand_naming_the_parameter(anonymous, parameter, value):
    assert_invalid(anonymous.get(URL, {parameter: value}), parameter)


@pytest.mark.parametrize("rows", [6, 12])
def test_a_deep_page_costs_the_queries_of_the_first(anonymous, django_assert_num_queries, rows):
    for _ in range(rows):
        make_casualty(attack=make_attack())
    at(MOMENT, *Attack.objects.all())
    deepest = URL + "?page_size=2"
    for _ in range(rows // 2 - 1):
        deepest = ok(anonymous.get(deepest))["next"]
    # 1 the page's ids and one more, 2 their rows joined with location, perpetrator and wave,
    # 3 weapons, 4 targets, 5 sources, 6 casualty figures.
    with django_assert_num_queries(6) as captured:
        first = ok(anonymous.get(URL, {"page_size": 2}))
    assert_no_auth_queries(captured)
    with django_assert_num_queries(6):
        last = ok(anonymous.get(deepest))
    assert (len(first["results"]), len(last["results"]), last["next"]) == (2, 2, None)


def test_reference_data_has_a_feed_as_well(anonymous):
    older, newer = make_source(), make_source()
    at(MOMENT, newer)
    at(MOMENT + datetime.timedelta(days=1), older)

    assert pulled(anonymous, "/api/v1/sources/changes/", page_size=1) == [newer.pk, older.pk]
    assert Source.objects.count() == 2
