"""A record's updated_at and version move whenever what the API shows of it changes, lists included,
so that a mirror pulling ``updated_after`` sees the change and a stale ETag is refused."""

import pytest

from reports.models import LocationName
from reports.services.review import record_retract
from tests.api.helpers import if_match, ok
from tests.builders import (
    make_attack,
    make_casualty,
    make_location,
    make_source,
    make_statement,
    make_weapon,
)

pytestmark = pytest.mark.django_db


def fresh(record):
    """The record as another transaction reads it: the builders' instances all come from the test's
    one transaction, in which a record created or changed needs no further move."""
    return type(record)._base_manager.get(pk=record.pk)


def stamp(record) -> tuple:
    return type(record)._base_manager.values_list("updated_at", "version").get(pk=record.pk)


def moved(before: tuple, record) -> bool:
    updated_at, version = stamp(record)
    return updated_at > before[0] and version > before[1]


def test_adding_a_source_to_an_attack_moves_the_attack():
    attack = make_attack()
    before = stamp(attack)

    fresh(attack).sources.add(make_source())

    assert moved(before, attack)


def test_removing_a_weapon_from_the_weapons_side_moves_the_attack():
    attack = make_attack()
    weapon = attack.weapons.first()
    before = stamp(attack)

    fresh(weapon).attacks.remove(attack)

    assert moved(before, attack)


def test_clearing_a_sources_records_from_its_side_moves_each_of_them():
    source = make_source()
    first, second = make_attack(), make_attack()
    for attack in (first, second):
        attack.sources.add(source)
    before = {attack.pk: stamp(attack) for attack in (first, second)}

    fresh(source).attacks.clear()

    assert all(moved(before[attack.pk], attack) for attack in (first, second))


def test_setting_a_list_to_what_it_already_is_moves_nothing():
    figure = make_casualty()
    before = stamp(figure)
    stored = fresh(figure)

    stored.claimants.set(list(figure.claimants.all()))
    stored.locations.set([])

    assert stamp(figure) == before


def test_a_patch_of_a_list_answers_with_the_etag_that_is_stored(curator):
    figure = make_casualty()
    before = stamp(figure)
    place = make_location()

    response = curator.patch(
        f"/api/v1/casualties/{figure.pk}/", {"locations": [place.pk]}, format="json", **if_match(figure)
    )

    assert response.status_code == 200, response.content
    _updated_at, version = stamp(figure)
    assert moved(before, figure)
    assert response["ETag"] == f'"{version}"'
    assert ok(curator.get(f"/api/v1/casualties/{figure.pk}/"))["updated_at"] == response.json()["updated_at"]


def test_a_record_created_with_its_lists_is_at_its_first_version(curator):
    response = curator.post(
        "/api/v1/attacks/",
        {
            "location": make_location().pk,
            "date_start": "2025-02-01",
            "date_end": "2025-02-01",
            "date_precision": "day",
            "sources": [make_source().pk],
            "weapons": [make_weapon().pk],
        },
        format="json",
    )

    assert (response.status_code, response["ETag"]) == (201, '"1"')


def test_adding_changing_and_removing_a_figure_moves_its_attack():
    attack = make_attack()
    before = stamp(attack)
    figure = make_casualty(attack=fresh(attack))
    assert moved(before, attack)

    before = stamp(attack)
    stored = fresh(figure)
    stored.best = 4
    stored.save()
    assert moved(before, attack)

    before = stamp(attack)
    stored.delete()
    assert moved(before, attack)


def test_moving_a_figure_to_another_attack_moves_both():
    old, new = make_attack(), make_attack()
    figure = make_casualty(attack=old)
    before = {attack.pk: stamp(attack) for attack in (old, new)}

    stored = fresh(figure)
    stored.attack = fresh(new)
    stored.save()

    assert moved(before[old.pk], old)
    assert moved(before[new.pk], new)


def test_retracting_a_figure_moves_the_attack_the_public_sees_it_in(reviewer):
    attack = make_attack()
    figure = make_casualty(attack=attack)
    before = stamp(attack)

    record_retract(record=fresh(figure), user=reviewer.user, reason="Misread.")

    assert moved(before, attack)


def test_renaming_a_place_moves_the_records_that_show_it_nested():
    place = make_location()
    attack = make_attack(location=place)
    figure = make_casualty(attack=make_attack(), locations=[place])
    before = {record.pk: stamp(record) for record in (attack, figure)}

    stored = fresh(place)
    stored.name = "Kharkiv"
    stored.save()

    assert moved(before[attack.pk], attack)
    assert moved(before[figure.pk], figure)


def test_deleting_a_statement_moves_the_figures_that_cited_it():
    statement = make_statement()
    figure = make_casualty(statement=statement)
    before = stamp(figure)

    statement.delete()

    figure.refresh_from_db()
    assert figure.statement is None
    assert moved(before, figure)


def test_editing_a_places_other_names_moves_the_place(curator):
    place = make_location()
    before = stamp(place)

    LocationName.objects.create(location=fresh(place), name="Харків", language="uk")
    assert moved(before, place)

    before = stamp(place)
    response = curator.patch(
        f"/api/v1/locations/{place.pk}/",
        {"names": [{"name": "Kharkov", "language": "ru"}]},
        format="json",
        **if_match(place),
    )
    assert response.status_code == 200, response.content
    assert moved(before, place)
    assert response["ETag"] == f'"{stamp(place)[1]}"'
