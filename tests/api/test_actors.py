"""/api/v1/actors/: states, armed forces, units, organisations and people."""

import pytest

from reports.models import Actor
from tests.api.helpers import (
    ACTOR_BRIEF,
    assert_brief,
    assert_conflict,
    assert_invalid,
    assert_no_auth_queries,
    assert_page_size_is_capped,
    ids,
    if_match,
    listed_ids,
    matched,
    ok,
)
from tests.builders import make_actor, make_attack

pytestmark = pytest.mark.django_db

URL = "/api/v1/actors/"


def detail_url(actor: Actor) -> str:
    return f"{URL}{actor.pk}/"


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_actors_in_three_queries_however_many_there_are(anonymous, django_assert_num_queries, rows):
    for _ in range(rows):
        make_actor(parent=make_actor())
    # 1 count, 2 the page's ids, 3 their rows joined with their parent.
    with django_assert_num_queries(3) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == 2 * rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_an_actor_with_its_parent_nested_and_brief(anonymous):
    forces = make_actor(name="Armed Forces of Ukraine", kind="armed_force", country="UA")
    unit = make_actor(name="Special Operations Forces", kind="military_unit", country="UA", parent=forces)

    assert matched(anonymous, URL) == ids(forces, unit)
    body = ok(anonymous.get(detail_url(unit)))
    assert (body["name"], body["kind"], body["country"]) == (
        "Special Operations Forces",
        "military_unit",
        "UA",
    )
    assert body["parent"]["name"] == "Armed Forces of Ukraine"
    assert_brief(anonymous, body["parent"], forces, ACTOR_BRIEF)


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    response = anonymous.post(URL, {"name": "Russia", "slug": "russia", "kind": "state"})
    assert response.status_code == 401
    assert not Actor.objects.exists()


def test_a_reader_may_not_write(reader):
    actor = make_actor(name="Russia")
    assert reader.post(URL, {"name": "Ukraine", "slug": "ukraine", "kind": "state"}).status_code == 403
    assert reader.patch(detail_url(actor), {"name": "Changed"}, **if_match(actor)).status_code == 403
    assert reader.delete(detail_url(actor), **if_match(actor)).status_code == 403
    assert list(Actor.objects.values_list("name", flat=True)) == ["Russia"]


def test_a_curator_creates_an_actor_inside_its_parent_given_by_id(curator):
    forces = make_actor(name="Armed Forces of Ukraine")
    body = {
        "name": "3rd Assault Brigade",
        "slug": "3rd-assault-brigade",
        "kind": "military_unit",
        "country": "UA",
    }
    response = curator.post(URL, {**body, "parent": forces.pk})
    assert response.status_code == 201, response.content
    assert response.json()["parent"]["id"] == forces.pk
    brigade = Actor.objects.get(slug="3rd-assault-brigade")
    assert (brigade.parent, brigade.country.code) == (forces, "UA")


def test_a_curator_changes_an_actor(curator):
    person = make_actor(kind="person", title="Spokesman")
    response = curator.patch(detail_url(person), {"title": "Commander"}, **if_match(person))
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.title == "Commander"


def test_a_curator_deletes_an_actor_nothing_refers_to(curator):
    actor = make_actor()
    assert curator.delete(detail_url(actor), **if_match(actor)).status_code == 204
    assert not Actor.objects.filter(pk=actor.pk).exists()


def test_it_refuses_to_delete_the_perpetrator_of_an_attack_with_a_conflict(curator):
    attack = make_attack()
    assert_conflict(curator.delete(detail_url(attack.perpetrator), **if_match(attack.perpetrator)))
    assert Actor.objects.filter(pk=attack.perpetrator_id).exists()


def test_it_refuses_to_delete_an_actor_that_has_units_under_it(curator):
    forces = make_actor()
    make_actor(parent=forces)
    assert_conflict(curator.delete(detail_url(forces), **if_match(forces)))
    assert Actor.objects.filter(pk=forces.pk).exists()


def test_it_filters_by_kind_a_repeated_kind_meaning_either(anonymous):
    state = make_actor(kind="state")
    person = make_actor(kind="person")
    make_actor(kind="organisation")

    assert matched(anonymous, URL, kind="state") == ids(state)
    assert matched(anonymous, URL, kind=["state", "person"]) == ids(state, person)


def test_it_filters_by_country_in_any_letter_case_and_by_kind_together(anonymous):
    ukrainian_state = make_actor(kind="state", country="UA")
    make_actor(kind="person", country="UA")
    make_actor(kind="state", country="RU")

    assert matched(anonymous, URL, country="ua", kind="state") == ids(ukrainian_state)


def test_it_filters_by_parent_by_id_or_slug(anonymous):
    forces, navy = make_actor(), make_actor()
    brigade, fleet = make_actor(parent=forces), make_actor(parent=navy)
    make_actor(parent=make_actor())

    assert matched(anonymous, URL, parent_id=forces.pk) == ids(brigade)
    assert matched(anonymous, URL, parent_id=[forces.pk, navy.pk]) == ids(brigade, fleet)
    assert matched(anonymous, URL, parent=navy.slug) == ids(fleet)


def test_it_refuses_an_unknown_parent_naming_the_parameter(anonymous):
    make_actor(parent=make_actor())
    assert_invalid(anonymous.get(URL, {"parent_id": 999_999}), "parent_id")
    assert_invalid(anonymous.get(URL, {"parent": "no-such-actor"}), "parent")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"slug": "russia"}), "slug")


def test_it_orders_by_name_either_way_and_refuses_other_orderings(anonymous):
    bravo, alpha, charlie = make_actor(name="Bravo"), make_actor(name="Alpha"), make_actor(name="Charlie")

    assert listed_ids(anonymous, URL) == [alpha.pk, bravo.pk, charlie.pk]
    assert listed_ids(anonymous, URL, ordering="-name") == [charlie.pk, bravo.pk, alpha.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_actor()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
