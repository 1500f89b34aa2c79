"""Totals use one figure per fact and never count the same people twice."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from reports.choices import AgeGroup, CasualtyKind, LocationKind, Population, Qualifier, Rank, SummaryGrouping
from reports.models import Casualty
from reports.services.summaries import casualty_summary, wave_casualty_totals
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_deployment,
    make_location,
    make_source,
    make_wave,
)

pytestmark = pytest.mark.django_db


def totals_by_kind(wave, viewer=None):
    return {total.kind: total for total in wave_casualty_totals(wave=wave, viewer=viewer or AnonymousUser())}


def test_it_sums_the_figures_of_a_wave_and_of_its_attacks():
    wave = make_wave()
    first, second = make_attack(wave=wave), make_attack(wave=wave)
    make_casualty(attack=first, best=3)
    make_casualty(attack=second, best=2)
    make_casualty(wave=wave, kind=CasualtyKind.INJURED, best=6)
    make_casualty(attack=make_attack(), best=100)  # another wave's attack

    totals = totals_by_kind(wave)
    assert (totals["killed"].best, totals["injured"].best) == (5, 6)
    assert len(totals["killed"].figure_ids) == 2


def test_it_uses_the_preferred_of_two_rival_claims_even_when_the_other_is_newer():
    attack = make_attack()
    preferred = make_casualty(
        attack=attack, best=14, rank=Rank.PREFERRED, rank_reason="Official count", claimants=[make_actor()]
    )
    later = datetime.date(2025, 2, 5)
    make_casualty(attack=attack, best=10, date_start=later, date_end=later, claimants=[make_actor()])

    totals = totals_by_kind(attack.wave)
    assert totals["killed"].best == 14
    assert totals["killed"].figure_ids == [preferred.pk]


def test_without_a_preference_it_uses_the_latest_rival():
    attack = make_attack()
    later = datetime.date(2025, 2, 3)
    make_casualty(attack=attack, best=10)
    latest = make_casualty(attack=attack, best=12, date_start=later, date_end=later)

    assert totals_by_kind(attack.wave)["killed"].figure_ids == [latest.pk]


def test_deprecated_figures_and_subsets_are_not_counted():
    attack = make_attack()
    injured = make_casualty(attack=attack, kind=CasualtyKind.INJURED, best=10)
    make_casualty(
        attack=attack,
        kind=CasualtyKind.INJURED,
        age_group=AgeGroup.CHILDREN,
        low=1,
        best=None,
        qualifier=Qualifier.AT_LEAST,
        included_in=injured,
    )
    make_casualty(
        attack=attack, kind=CasualtyKind.KILLED, best=50, rank=Rank.DEPRECATED, rank_reason="Retracted"
    )

    totals = totals_by_kind(attack.wave)
    assert totals["injured"].best == 10
    assert "killed" not in totals


def test_figures_for_different_places_are_different_facts():
    wave = make_wave()
    make_casualty(wave=wave, best=2, locations=[make_location()])
    make_casualty(wave=wave, best=3, locations=[make_location()])

    assert totals_by_kind(wave)["killed"].best == 5


def test_an_open_ended_figure_leaves_the_high_total_unbounded():
    wave = make_wave()
    make_casualty(attack=make_attack(wave=wave), low=11, best=None, qualifier=Qualifier.AT_LEAST)
    make_casualty(attack=make_attack(wave=wave), low=30, best=None, high=50, qualifier=Qualifier.RANGE)

    killed = totals_by_kind(wave)["killed"]
    assert (killed.low, killed.best, killed.high) == (41, 41, None)


def test_a_range_and_an_approximate_figure_sum_their_bounds():
    wave = make_wave()
    make_casualty(attack=make_attack(wave=wave), low=30, best=None, high=50, qualifier=Qualifier.RANGE)
    make_casualty(attack=make_attack(wave=wave), best=12, qualifier=Qualifier.APPROXIMATELY)

    killed = totals_by_kind(wave)["killed"]
    assert (killed.low, killed.best, killed.high) == (42, 42, 62)
    assert len(killed.source_ids) == 2


def summary(figures=None, **arguments):
    """The summary of ``figures``, every figure by default."""
    figures = Casualty.objects.all() if figures is None else figures
    return casualty_summary(figures=figures, **arguments)


def best_by_group(result, *names) -> dict:
    """``{(grouping values..., kind): best}``, with records shown by their primary key."""

    def shown(value):
        return getattr(value, "pk", value)

    return {(*(shown(total.key[name]) for name in names), total.kind): total.best for total in result.totals}


def test_a_wave_total_is_counted_instead_of_the_city_figures_it_includes():
    wave = make_wave()
    total = make_casualty(wave=wave, kind=CasualtyKind.INJURED, best=10)
    for best in (4, 6):
        make_casualty(attack=make_attack(wave=wave), kind=CasualtyKind.INJURED, best=best, included_in=total)

    (injured,) = summary().totals
    assert (injured.kind, injured.best, injured.figure_ids) == ("injured", 10, [total.pk])


def test_a_subset_counts_on_its_own_when_its_container_is_not_among_the_figures():
    attack = make_attack()
    injured = make_casualty(attack=attack, kind=CasualtyKind.INJURED, best=10)
    children = make_casualty(
        attack=attack,
        kind=CasualtyKind.INJURED,
        age_group=AgeGroup.CHILDREN,
        low=2,
        best=None,
        qualifier=Qualifier.AT_LEAST,
        included_in=injured,
    )

    (among_children,) = summary(Casualty.objects.filter(age_group=AgeGroup.CHILDREN)).totals
    assert (among_children.low, among_children.high, among_children.figure_ids) == (2, None, [children.pk])


def test_a_subset_is_not_counted_when_a_container_further_up_is():
    wave = make_wave()
    wave_total = make_casualty(wave=wave, kind=CasualtyKind.KILLED, best=20)
    attack = make_attack(wave=wave)
    city = make_casualty(
        attack=attack, best=8, included_in=wave_total, rank=Rank.DEPRECATED, rank_reason="Superseded"
    )
    make_casualty(attack=attack, best=2, age_group=AgeGroup.CHILDREN, included_in=city)

    (killed,) = summary().totals
    assert (killed.best, killed.figure_ids) == (20, [wave_total.pk])


def _chain(wave, levels):
    """A wave total, then ``levels`` figures each included in the one before, none of them rivals."""
    figures = [make_casualty(wave=wave, kind=CasualtyKind.KILLED, best=20)]
    attack = make_attack(wave=wave)
    for level in range(levels):
        figures.append(
            make_casualty(
                attack=attack,
                best=10 - level,
                population=[
                    Population.CIVILIAN,
                    Population.MILITARY,
                    Population.UNKNOWN,
                    Population.CIVILIAN,
                ][level],
                age_group=AgeGroup.CHILDREN if level == 3 else AgeGroup.ALL,
                included_in=figures[-1],
                rank=Rank.DEPRECATED if level < 2 else Rank.NORMAL,
                rank_reason="Superseded" if level < 2 else "",
            )
        )
    return figures


def test_a_subset_three_levels_below_a_counted_container_is_not_counted():
    wave_total, _city, _district, street = _chain(make_wave(), levels=3)

    (killed,) = summary().totals
    assert (killed.best, killed.figure_ids) == (20, [wave_total.pk])
    assert street.included_in.included_in.included_in == wave_total


def test_a_subset_four_levels_below_its_only_counted_container_counts_on_its_own():
    wave_total, _city, _district, street, house = _chain(make_wave(), levels=4)

    # Up to three levels up from the house: the street (left out here), the district and the
    # city (deprecated); the wave total is a fourth level up, beyond what the summary looks at.
    (killed,) = summary(Casualty.objects.exclude(pk=street.pk)).totals
    assert killed.figure_ids == sorted([wave_total.pk, house.pk])


def test_a_filter_that_joins_each_figure_to_several_rows_still_counts_it_once():
    first, second = make_source(), make_source()
    figure = make_casualty(best=7, sources=[first, second])

    figures = Casualty.objects.filter(sources__in=[first, second])
    assert figures.count() == 2  # the join repeats the figure
    (killed,) = summary(figures).totals
    assert (killed.best, killed.figure_ids, killed.source_ids) == (7, [figure.pk], {first.pk, second.pk})


def test_the_sources_of_a_group_are_those_of_the_figures_it_used():
    wave = make_wave()
    shared, own, unused = make_source(), make_source(), make_source()
    later = datetime.date(2025, 2, 9)
    used = make_casualty(attack=make_attack(wave=wave), sources=[shared, own])
    make_casualty(attack=make_attack(wave=wave), kind=CasualtyKind.INJURED, sources=[shared])
    make_casualty(attack=used.attack, sources=[unused])  # an earlier rival, not used
    used.date_start = used.date_end = later
    used.save()

    totals = totals_by_kind(wave)
    assert totals["killed"].figure_ids == [used.pk]
    assert (totals["killed"].source_ids, totals["injured"].source_ids) == ({shared.pk, own.pk}, {shared.pk})


def test_it_uses_the_preferred_rival_else_the_latest_and_drops_deprecated_ones():
    first, second = make_attack(), make_attack()
    later = datetime.date(2025, 2, 9)
    preferred = make_casualty(attack=first, best=14, rank=Rank.PREFERRED, rank_reason="Official count")
    make_casualty(attack=first, best=10, date_start=later, date_end=later)
    make_casualty(attack=second, best=5)
    latest = make_casualty(attack=second, best=6, date_start=later, date_end=later)
    make_casualty(
        attack=second, best=99, date_start=later, date_end=later, rank=Rank.DEPRECATED, rank_reason="x"
    )

    (killed,) = summary().totals
    assert (killed.best, killed.figure_ids) == (20, sorted([preferred.pk, latest.pk]))


def test_it_always_groups_by_kind_and_counts_distinct_sources():
    shared = make_source()
    make_casualty(best=1, sources=[shared])
    make_casualty(best=2, sources=[shared, make_source()])
    make_casualty(kind=CasualtyKind.INJURED, best=7, sources=[shared])

    result = summary(group_by=["kind"])
    assert result.group_by == []
    assert [(total.kind, total.best, len(total.source_ids)) for total in result.totals] == [
        ("killed", 3, 2),
        ("injured", 7, 1),
    ]


@pytest.fixture
def gazetteer():
    """Ukraine, with Kharkiv oblast (Kharkiv city inside) and Sumy oblast."""
    ukraine = make_location(kind=LocationKind.COUNTRY, name="Ukraine")
    kharkiv_oblast = make_location(kind=LocationKind.REGION, name="Kharkiv Oblast", parent=ukraine)
    return {
        "ukraine": ukraine,
        "kharkiv-oblast": kharkiv_oblast,
        "kharkiv": make_location(name="Kharkiv", parent=kharkiv_oblast),
        "sumy-oblast": make_location(kind=LocationKind.REGION, name="Sumy Oblast", parent=ukraine),
    }


def test_a_city_figure_rolls_up_to_its_oblast_and_a_country_wide_one_stays_apart(gazetteer):
    places = gazetteer
    by_place = make_casualty(best=1, locations=[places["kharkiv"]])
    by_attack = make_casualty(attack=make_attack(location=places["kharkiv"]), best=2)
    in_sumy = make_casualty(best=4, locations=[places["sumy-oblast"]])
    country_wide = make_casualty(best=8, locations=[places["ukraine"]])
    two_oblasts = make_casualty(best=16, locations=[places["kharkiv"], places["sumy-oblast"]])
    nowhere = make_casualty(wave=make_wave(), best=32)

    result = summary(group_by=["location"], admin_level=LocationKind.REGION)
    groups = {
        (total.key["location_scope"], getattr(total.key["location"], "pk", None)): total.figure_ids
        for total in result.totals
    }
    assert groups == {
        ("at_level", places["kharkiv-oblast"].pk): sorted([by_place.pk, by_attack.pk]),
        ("at_level", places["sumy-oblast"].pk): [in_sumy.pk],
        ("outside_level", places["ukraine"].pk): [country_wide.pk],
        ("several_places", None): [two_oblasts.pk],
        ("no_place", None): [nowhere.pk],
    }
    assert result.admin_level == "region"

    by_country = summary(group_by=["location"], admin_level=LocationKind.COUNTRY)
    assert best_by_group(by_country, "location", "location_scope") == {
        (places["ukraine"].pk, "at_level", "killed"): 31,
        (None, "no_place", "killed"): 32,
    }


def test_it_groups_by_day_week_and_month_of_the_first_date():
    night = {"date_start": datetime.date(2025, 1, 31), "date_end": datetime.date(2025, 2, 1)}
    make_casualty(best=1, date_precision="span", **night)
    make_casualty(best=2, date_start=datetime.date(2025, 2, 1), date_end=datetime.date(2025, 2, 1))
    make_casualty(best=4, date_start=datetime.date(2025, 2, 3), date_end=datetime.date(2025, 2, 3))

    result = summary(group_by=["month", "week", "day"])
    assert result.dated_by == "date_start"
    assert best_by_group(result, "month", "week", "day") == {
        (datetime.date(2025, 1, 1), datetime.date(2025, 1, 27), datetime.date(2025, 1, 31), "killed"): 1,
        (datetime.date(2025, 2, 1), datetime.date(2025, 1, 27), datetime.date(2025, 2, 1), "killed"): 2,
        (datetime.date(2025, 2, 1), datetime.date(2025, 2, 3), datetime.date(2025, 2, 3), "killed"): 4,
    }
    assert best_by_group(summary(group_by=["month"]), "month") == {
        (datetime.date(2025, 1, 1), "killed"): 1,
        (datetime.date(2025, 2, 1), "killed"): 6,
    }


def test_it_groups_by_the_perpetrator_of_the_attack_else_of_the_wave():
    russia, belarus = make_actor(), make_actor()
    wave = make_wave(perpetrator=russia)
    make_casualty(attack=make_attack(wave=wave, perpetrator=belarus), best=1)
    make_casualty(attack=make_attack(wave=wave, perpetrator=None), best=2)
    make_casualty(wave=wave, best=4)
    make_casualty(attack=make_attack(wave=None, perpetrator=None), best=8)

    assert best_by_group(summary(group_by=["perpetrator"]), "perpetrator") == {
        (belarus.pk, "killed"): 1,
        (russia.pk, "killed"): 6,
        (None, "killed"): 8,
    }


def test_it_groups_by_population_wave_and_deployment():
    wave, deployment = make_wave(), make_deployment()
    make_casualty(attack=make_attack(wave=wave), best=1, population=Population.CIVILIAN)
    make_casualty(wave=wave, kind=CasualtyKind.INJURED, best=2, population=Population.CIVILIAN)
    make_casualty(
        deployment=deployment, kind=CasualtyKind.KILLED_OR_INJURED, best=4_000, population="military"
    )

    result = summary(group_by=["population", "wave", "deployment"])
    assert best_by_group(result, "population", "wave", "deployment") == {
        ("civilian", wave.pk, None, "killed"): 1,
        ("civilian", wave.pk, None, "injured"): 2,
        ("military", None, deployment.pk, "killed_or_injured"): 4_000,
    }


@pytest.mark.parametrize("rows", [1, 4])
def test_it_summarises_in_a_constant_number_of_queries(django_assert_num_queries, gazetteer, rows):
    for _ in range(rows):
        wave = make_wave()
        make_casualty(attack=make_attack(wave=wave, location=gazetteer["kharkiv"]), best=2)
        make_casualty(deployment=make_deployment(), best=3, locations=[gazetteer["sumy-oblast"]])
    # 1 the sums, figure ids and source ids by group, 2 the places and the regions,
    # 3 the perpetrators, 4 the waves, 5 the deployments.
    with django_assert_num_queries(5):
        result = summary(group_by=SummaryGrouping.values)
    assert sum(total.best for total in result.totals) == 5 * rows
