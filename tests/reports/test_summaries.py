"""Totals use one figure per fact and never count the same people twice."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from reports.choices import AgeGroup, CasualtyKind, Qualifier, Rank
from reports.services.summaries import wave_casualty_totals
from tests.builders import make_actor, make_attack, make_casualty, make_location, make_wave

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
