"""/api/v1/casualties/summary/: totals of the figures the casualty list filters, grouped."""

import pytest

from reports.choices import LocationKind, ReviewStatus, SummaryGrouping
from reports.services.summaries import TOTALS_RULE
from tests.api.helpers import (
    FEB_1,
    FEB_2,
    JAN_31,
    LOCATION_BRIEF,
    assert_brief,
    assert_invalid,
    assert_no_auth_queries,
    ok,
)
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_deployment,
    make_location,
    make_source,
    make_wave,
    one_day,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/casualties/summary/"


def groups(client, **params) -> list[dict]:
    return ok(client.get(URL, params))["groups"]


def best_by_kind(client, **params) -> dict[str, int]:
    return {group["kind"]: group["best"] for group in groups(client, **params)}


def test_it_sums_by_kind_says_how_and_names_the_figures_it_used(anonymous):
    shared = make_source()
    first = make_casualty(best=3, sources=[shared])
    second = make_casualty(best=2, sources=[shared, make_source()])
    injured = make_casualty(kind="injured", low=30, best=None, high=50, qualifier="range")

    body = ok(anonymous.get(URL))
    assert body["rule"] == TOTALS_RULE
    assert (body["dated_by"], body["group_by"], body["admin_level"]) == ("date_start", [], None)
    assert body["groups"] == [
        {
            "kind": "killed",
            "low": 5,
            "best": 5,
            "high": 5,
            "figures": 2,
            "sources": 2,
            "figure_ids": sorted([first.pk, second.pk]),
        },
        {
            "kind": "injured",
            "low": 30,
            "best": 30,
            "high": 50,
            "figures": 1,
            "sources": 1,
            "figure_ids": [injured.pk],
        },
    ]


def test_it_applies_the_casualty_list_filters(anonymous):
    wave = make_wave()
    in_wave = make_casualty(attack=make_attack(wave=wave), best=3)
    make_casualty(wave=wave, kind="injured", best=6)
    make_casualty(best=100)  # another wave's attack
    make_casualty(best=1_000, **one_day(FEB_2))

    assert best_by_kind(anonymous, wave_id=wave.pk) == {"killed": 3, "injured": 6}
    assert best_by_kind(anonymous, wave_id=wave.pk, kind="killed") == {"killed": 3}
    assert best_by_kind(anonymous, date_from=FEB_2) == {"killed": 1_000}
    (killed,) = groups(anonymous, wave_id=wave.pk, kind="killed")
    assert killed["figure_ids"] == [in_wave.pk]


def test_a_location_filter_and_a_grouping_by_oblast_agree(anonymous):
    oblast = make_location(kind=LocationKind.REGION)
    city = make_location(parent=oblast)
    make_casualty(attack=make_attack(location=city), best=2)
    make_casualty(best=5, locations=[oblast])
    make_casualty(best=7)  # somewhere else

    (group,) = groups(anonymous, location_id=oblast.pk, group_by="location", admin_level="region")
    assert (group["location_scope"], group["best"]) == ("at_level", 7)
    assert_brief(anonymous, group["location"], oblast, LOCATION_BRIEF)


def test_a_grouping_may_be_repeated_or_comma_separated_and_only_its_fields_are_shown(anonymous):
    russia = make_actor()
    make_casualty(attack=make_attack(perpetrator=russia), best=2, population="civilian", **one_day(JAN_31))
    make_casualty(attack=make_attack(perpetrator=russia), best=3, population="civilian", **one_day(FEB_1))

    repeated = ok(anonymous.get(URL, {"group_by": ["perpetrator", "month"]}))
    comma = ok(anonymous.get(URL, {"group_by": "perpetrator, month,"}))
    assert repeated == comma
    assert repeated["group_by"] == ["month", "perpetrator"]
    assert [(group["month"], group["perpetrator"]["id"], group["best"]) for group in repeated["groups"]] == [
        ("2025-01-01", russia.pk, 2),
        ("2025-02-01", russia.pk, 3),
    ]
    assert set(repeated["groups"][0]) == {
        "kind",
        "month",
        "perpetrator",
        *("low", "best", "high", "figures", "sources", "figure_ids"),
    }


def test_it_refuses_an_unknown_grouping_naming_group_by(anonymous):
    assert_invalid(anonymous.get(URL, {"group_by": "weapon"}), "group_by")
    assert_invalid(anonymous.get(URL, {"group_by": "location,colour"}), "group_by")


def test_it_refuses_an_unknown_admin_level_and_one_without_grouping_by_location(anonymous):
    assert_invalid(anonymous.get(URL, {"group_by": "location", "admin_level": "oblast"}), "admin_level")
    assert_invalid(anonymous.get(URL, {"group_by": "month", "admin_level": "region"}), "admin_level")


def test_it_refuses_unknown_parameters_and_those_of_a_page(anonymous):
    for parameter, value in {"weapon": "missile", "page": 2, "ordering": "best", "perpetrator": "x"}.items():
        assert_invalid(anonymous.get(URL, {parameter: value}), parameter)
    assert_invalid(anonymous.get(URL, {"kind": "maimed"}), "kind")


def test_the_public_does_not_see_drafts_but_a_curator_does(anonymous, curator):
    make_casualty(best=3)
    make_casualty(best=40, review_status=ReviewStatus.DRAFT)

    assert best_by_kind(anonymous) == {"killed": 43 - 40}
    assert best_by_kind(curator) == {"killed": 43}


def test_the_seed_report_totals(anonymous, seed):
    body = ok(anonymous.get(URL, {"group_by": "location,deployment", "admin_level": "country"}))
    totals = {
        (group["kind"], (group["location"] or {}).get("slug"), (group["deployment"] or {}).get("name")): (
            group["best"],
            group["high"],
            group["figures"],
        )
        for group in body["groups"]
    }
    deployment = "North Korean troops in Russia's Kursk region"
    # Killed in Poltava, Kharkiv and Sumy; ten injured in Poltava (the children among them are
    # not counted again) and six across other regions; 4,000 North Korean soldiers.
    assert totals == {
        ("killed", "ukraine", None): (6, 6, 3),
        ("injured", "ukraine", None): (16, 16, 2),
        ("killed_or_injured", None, deployment): (4_000, 4_000, 1),
    }


@pytest.mark.parametrize("rows", [3, 6])
def test_it_summarises_in_five_queries_however_many_figures_and_groups(
    anonymous, django_assert_num_queries, rows
):
    oblast = make_location(kind=LocationKind.REGION)
    for _ in range(rows):
        wave = make_wave()
        make_casualty(attack=make_attack(wave=wave, location=make_location(parent=oblast)), best=2)
        make_casualty(wave=wave, kind="injured", best=1, locations=[make_location()])
        make_casualty(deployment=make_deployment(), kind="killed_or_injured", best=3)
    # 1 the sums, figure ids and source ids by group, 2 the places and every region, 3 perpetrators,
    # 4 waves, 5 deployments.
    with django_assert_num_queries(5) as captured:
        response = anonymous.get(URL, {"group_by": SummaryGrouping.values})
    body = ok(response)
    assert sum(group["best"] for group in body["groups"]) == 6 * rows
    assert_no_auth_queries(captured)
