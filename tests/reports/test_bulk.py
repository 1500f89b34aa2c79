"""The validated bulk loader: every rule checked before a row is written, and a load is all or nothing."""

import datetime

import pytest

from reports import choices
from reports.models import Attack, Casualty, Location, LocationName, Source
from reports.services.bulk import BulkRowError, bulk_link, bulk_load
from tests.builders import make_actor, make_attack, make_location, make_source, make_wave

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 2, 1)


def figure_row(attack: Attack, **fields) -> dict:
    return {
        "attack_id": attack.pk,
        "kind": choices.CasualtyKind.KILLED,
        "best": 3,
        "qualifier": choices.Qualifier.EXACT,
        "date_start": DAY,
        "date_end": DAY,
        **fields,
    }


def test_it_writes_valid_rows_with_their_defaults_filled_in():
    attack = make_attack()

    written = bulk_load(model=Casualty, rows=[figure_row(attack), figure_row(attack, best=7)])

    assert written == 2
    figures = list(Casualty.objects.filter(attack=attack).order_by("best"))
    assert [figure.best for figure in figures] == [3, 7]
    assert all(figure.version == 1 and figure.created_at is not None for figure in figures)
    assert all(figure.review_status == choices.ReviewStatus.DRAFT for figure in figures)


def test_rows_with_their_own_ids_leave_the_sequence_past_them():
    bulk_load(model=Source, rows=[{"id": 9000, "title": "Bulk", "url": "https://example.org/bulk"}])

    later = make_source()

    assert Source.objects.get(pk=9000).title == "Bulk"
    assert later.pk > 9000


def test_it_fills_the_folded_search_name_as_save_does():
    location = make_location()

    upper_case = "\u0425\u0410\u0420\u041a\u0406\u0412"  # Kharkiv in Ukrainian capitals

    bulk_load(model=LocationName, rows=[{"location_id": location.pk, "name": upper_case, "language": "uk"}])

    assert LocationName.objects.get(location=location).search_name == upper_case.lower()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "vaporised"}, "kind", "not a valid choice"),
        ({"low": 5, "best": 3, "qualifier": choices.Qualifier.APPROXIMATELY}, "best", "below low"),
        ({"best": 9, "high": 4, "qualifier": choices.Qualifier.APPROXIMATELY}, "high", "below best"),
        ({"best": None, "low": 2, "qualifier": choices.Qualifier.EXACT}, "best", "needs best"),
        ({"best": None}, "best", "at least one of low, best and high"),
        ({"low": 1, "best": 3}, "qualifier", "exact figure cannot have low"),
        ({"date_end": DAY - datetime.timedelta(days=1)}, "date_end", "before the start"),
        ({"date_end": DAY + datetime.timedelta(days=1)}, "date_end", "day precision"),
        ({"rank": choices.Rank.PREFERRED}, "rank_reason", "Say why"),
        ({"phrase": "x" * 501}, "phrase", "At most 500"),
    ],
)
def test_it_refuses_a_row_that_breaks_a_rule_and_writes_nothing(fields, field, message):
    attack = make_attack()
    rows = [figure_row(attack), figure_row(attack, **fields)]

    with pytest.raises(BulkRowError) as error:
        bulk_load(model=Casualty, rows=rows)

    assert (error.value.index, error.value.field) == (1, field)
    assert message in error.value.message
    assert not Casualty.objects.exists()


def test_a_figure_must_belong_to_exactly_one_owner():
    attack, wave = make_attack(), make_wave()

    with pytest.raises(BulkRowError) as two_owners:
        bulk_load(model=Casualty, rows=[figure_row(attack, wave_id=wave.pk)])
    with pytest.raises(BulkRowError) as no_owner:
        bulk_load(model=Casualty, rows=[figure_row(attack, attack_id=None)])

    assert two_owners.value.field == no_owner.value.field == "attack"
    assert not Casualty.objects.exists()


def test_a_required_relation_left_out_is_named():
    with pytest.raises(BulkRowError) as error:
        bulk_load(model=Attack, rows=[{"date_start": DAY, "date_end": DAY, "damage": choices.Damage.UNKNOWN}])

    assert error.value.field == "location_id"


def test_links_are_written_between_existing_rows():
    attack = make_attack()
    first, second = make_source(), make_source()
    claimant = make_actor()
    bulk_load(model=Casualty, rows=[figure_row(attack, id=5000)])

    bulk_link(model=Casualty, field="sources", pairs=[(5000, first.pk), (5000, second.pk)])
    bulk_link(model=Casualty, field="claimants", pairs=[(5000, claimant.pk)])

    figure = Casualty.objects.get(pk=5000)
    assert set(figure.sources.all()) == {first, second}
    assert list(figure.claimants.all()) == [claimant]


def test_an_empty_load_writes_nothing():
    assert bulk_load(model=Location, rows=[]) == 0
