"""``__any_id`` (api/lookups.py): what ``__in`` finds, with the ids bound as one array on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import Attack, Casualty, Weapon
from tests.builders import make_attack, make_casualty, make_weapon

pytestmark = pytest.mark.django_db


@pytest.fixture
def attacks():
    drone, missile = make_weapon(), make_weapon()
    made = [make_attack(), make_attack(), make_attack()]
    made[0].weapons.set([drone])
    made[1].weapons.set([drone, missile])
    for attack in made[:2]:
        make_casualty(attack=attack)
    return made


def test_it_finds_what_in_finds_by_a_key_a_foreign_key_and_a_many_to_many(attacks):
    ids = [attacks[0].pk, attacks[1].pk]
    for model, lookup in ((Attack, "pk"), (Casualty, "attack_id"), (Weapon, "attacks")):
        expected = sorted(model.objects.filter(**{f"{lookup}__in": ids}).values_list("pk", flat=True))
        found = sorted(model.objects.filter(**{f"{lookup}__any_id": ids}).values_list("pk", flat=True))
        assert found == expected and found


def test_no_ids_find_nothing(attacks):
    assert list(Attack.objects.filter(pk__any_id=[])) == []


def test_it_takes_integers_only():
    with pytest.raises(TypeError):
        Attack.objects.filter(pk__any_id=["1"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array is PostgreSQL's")
def test_a_page_reads_its_rows_and_nested_lists_by_one_array_of_ids(anonymous, attacks):
    with CaptureQueriesContext(connection) as captured:
        assert anonymous.get("/api/v1/attacks/").status_code == 200
    by_ids = [query["sql"] for query in captured.captured_queries if "= ANY(" in query["sql"]]
    # the page's rows joined with their brief records, weapons, targets, sources, casualty figures
    assert len(by_ids) == 5
    assert not [query["sql"] for query in captured.captured_queries if " IN (" in query["sql"]]
