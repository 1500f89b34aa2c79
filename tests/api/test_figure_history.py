"""/api/v1/force-deployments/{id}/figures/ and /api/v1/attacks/{id}/figures/: how estimates evolved."""

import datetime

import pytest

from reports.choices import ReviewStatus
from reports.models import ForceDeployment
from tests.api.helpers import ACTOR_BRIEF, SOURCE_BRIEF, assert_brief, assert_no_auth_queries, ok, span
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_source,
    make_strength,
    one_day,
)

pytestmark = pytest.mark.django_db

NOV_1 = datetime.date(2024, 11, 1)
DEC_1 = datetime.date(2024, 12, 1)
DEC_15 = datetime.date(2024, 12, 15)
JAN_9 = datetime.date(2025, 1, 9)
JAN_10 = datetime.date(2025, 1, 10)
FEB_1 = datetime.date(2025, 2, 1)


def deployment_url(deployment) -> str:
    return f"/api/v1/force-deployments/{deployment.pk}/figures/"


def attack_url(attack) -> str:
    return f"/api/v1/attacks/{attack.pk}/figures/"


def shown(body) -> list[tuple]:
    return [(item["figure_type"], item["id"]) for item in body]


def test_a_deployment_s_figures_of_every_type_come_in_time_order(anonymous):
    deployment = make_deployment()
    losses_in_january = make_casualty(
        deployment=deployment,
        kind="killed_or_injured",
        best=3_000,
        qualifier="approximately",
        **one_day(JAN_10),
    )
    sent = make_strength(deployment=deployment, best=11_000, **one_day(NOV_1))
    losses_revised = make_casualty(
        deployment=deployment,
        kind="killed_or_injured",
        best=4_000,
        qualifier="approximately",
        **one_day(FEB_1),
    )
    in_combat = make_deployment_status(deployment=deployment, status="in_combat", **span(DEC_1, DEC_15))
    first_losses = make_casualty(
        deployment=deployment, kind="killed", low=200, best=None, qualifier="at_least", **span(DEC_1, JAN_10)
    )
    make_strength(best=1, **one_day(NOV_1))  # another deployment's

    body = ok(anonymous.get(deployment_url(deployment)))
    assert shown(body) == [
        ("force_strength", sent.pk),
        ("deployment_status", in_combat.pk),
        ("casualty", first_losses.pk),
        ("casualty", losses_in_january.pk),
        ("casualty", losses_revised.pk),
    ]
    strength, status, first, january, revised = body
    assert (strength["best"], strength["qualifier"], strength["kind"], strength["status"]) == (
        11_000,
        "approximately",
        None,
        None,
    )
    assert (status["status"], status["best"], status["qualifier"]) == ("in_combat", None, None)
    assert (first["kind"], first["low"], first["best"], first["high"], first["qualifier"]) == (
        "killed",
        200,
        None,
        None,
        "at_least",
    )
    assert [january["best"], revised["best"]] == [3_000, 4_000]
    assert ok(anonymous.get(status["url"]))["id"] == in_combat.pk
    assert ok(anonymous.get(strength["url"]))["id"] == sent.pk


def test_figures_are_ordered_by_start_then_end_then_id(anonymous):
    attack = make_attack()
    over_two_days = make_casualty(attack=attack, best=6, **span(JAN_9, JAN_10))
    first = make_casualty(attack=attack, best=5, **one_day(JAN_9))
    second = make_casualty(attack=attack, best=4, **one_day(JAN_9))
    next_day = make_casualty(attack=attack, best=3, **one_day(JAN_10))

    assert shown(ok(anonymous.get(attack_url(attack)))) == [
        ("casualty", first.pk),
        ("casualty", second.pk),
        ("casualty", over_two_days.pk),
        ("casualty", next_day.pk),
    ]


def test_each_figure_shows_its_rank_claimants_and_sources_brief(anonymous):
    attack = make_attack()
    ministry, governor = make_actor(), make_actor()
    source = make_source()
    make_casualty(
        attack=attack,
        best=14,
        rank="preferred",
        rank_reason="Official count",
        claimants=[ministry, governor],
        sources=[source],
        phrase="fourteen killed",
    )

    (figure,) = ok(anonymous.get(attack_url(attack)))
    assert (figure["rank"], figure["rank_reason"], figure["phrase"], figure["review_status"]) == (
        "preferred",
        "Official count",
        "fourteen killed",
        "published",
    )
    assert [actor["id"] for actor in figure["claimants"]] == sorted([ministry.pk, governor.pk])
    assert_brief(
        anonymous, figure["claimants"][0], min(ministry, governor, key=lambda actor: actor.pk), ACTOR_BRIEF
    )
    (cited,) = figure["sources"]
    assert_brief(anonymous, cited, source, SOURCE_BRIEF)


def test_the_public_does_not_see_draft_figures_but_a_curator_does(anonymous, curator):
    deployment = make_deployment()
    published = make_strength(deployment=deployment)
    draft = make_casualty(deployment=deployment, review_status=ReviewStatus.DRAFT)
    draft_status = make_deployment_status(deployment=deployment, review_status=ReviewStatus.DRAFT)

    assert shown(ok(anonymous.get(deployment_url(deployment)))) == [("force_strength", published.pk)]
    assert {item["id"] for item in ok(curator.get(deployment_url(deployment)))} == {
        published.pk,
        draft.pk,
        draft_status.pk,
    }


def test_a_draft_or_unknown_record_is_not_found(anonymous, curator):
    draft = make_deployment(review_status=ReviewStatus.DRAFT)
    make_strength(deployment=draft)

    assert anonymous.get(deployment_url(draft)).status_code == 404
    assert len(ok(curator.get(deployment_url(draft)))) == 1
    assert anonymous.get("/api/v1/force-deployments/999999/figures/").status_code == 404
    assert anonymous.get("/api/v1/attacks/999999/figures/").status_code == 404
    assert anonymous.get("/api/v1/attacks/99999999999999999999/figures/").status_code == 404


@pytest.mark.parametrize("rows", [3, 6])
def test_a_deployment_history_takes_ten_queries_however_many_figures(
    anonymous, django_assert_num_queries, rows
):
    deployment = make_deployment()
    for _ in range(rows):
        make_strength(deployment=deployment, claimants=[make_actor(), make_actor()])
        make_casualty(deployment=deployment, sources=[make_source(), make_source()])
        make_deployment_status(deployment=deployment)
    # 1 the deployment, then for strengths, casualties and statuses in turn: the rows, their
    # claimants, their sources (2-10).
    with django_assert_num_queries(10) as captured:
        body = ok(anonymous.get(deployment_url(deployment)))
    assert len(body) == 3 * rows
    assert_no_auth_queries(captured)


@pytest.mark.parametrize("rows", [3, 6])
def test_an_attack_history_takes_four_queries_however_many_figures(
    anonymous, django_assert_num_queries, rows
):
    attack = make_attack()
    for _ in range(rows):
        make_casualty(
            attack=attack, claimants=[make_actor(), make_actor()], sources=[make_source(), make_source()]
        )
    # 1 the attack, 2 its figures, 3 their claimants, 4 their sources.
    with django_assert_num_queries(4):
        assert len(ok(anonymous.get(attack_url(attack)))) == rows


def test_the_seed_report_s_north_korean_troops_and_their_losses(anonymous, seed):
    deployment = ForceDeployment.objects.get(name="North Korean troops in Russia's Kursk region")

    body = ok(anonymous.get(deployment_url(deployment)))
    # Withdrawn since about 11 January, as of the remarks of about 1 February; the strength and
    # the losses are both dated about 1 February, so they come in id order.
    status, *same_day = body
    assert (status["figure_type"], status["status"], status["date_start"]) == (
        "deployment_status",
        "withdrawn_from_front",
        "2025-01-11",
    )
    same_day.sort(key=lambda item: item["figure_type"])
    assert [(item["figure_type"], item["kind"], item["best"], item["qualifier"]) for item in same_day] == [
        ("casualty", "killed_or_injured", 4_000, "approximately"),
        ("force_strength", None, 12_000, "approximately"),
    ]
    assert [item["id"] for item in body[1:]] == sorted(item["id"] for item in body[1:])
    lost, sent = same_day
    assert sent["phrase"] == "approximately 12,000 North Korean soldiers were sent to Russia"
    assert lost["phrase"] == "around 4,000 of them reported to have been killed or injured"
    assert {actor["slug"] for actor in lost["claimants"]} == {
        "ukrainian-intelligence-unnamed",
        "western-intelligence-unnamed",
    }
    assert [source["id"] for source in lost["sources"]] == [source["id"] for source in sent["sources"]]
