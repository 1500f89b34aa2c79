"""/api/v1/force-deployments/: forces one actor sent to support another."""

import pytest

from reports.models import Casualty, ForceDeployment, ForceDeploymentStatus, ForceStrength
from tests.api.helpers import (
    ACTOR_BRIEF,
    FEB_2,
    JAN_30,
    JAN_31,
    LOCATION_BRIEF,
    SOURCE_BRIEF,
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
from tests.builders import (
    make_actor,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_location,
    make_source,
    make_strength,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/force-deployments/"


def detail_url(deployment: ForceDeployment) -> str:
    return f"{URL}{deployment.pk}/"


def deployment_body(**overrides) -> dict:
    return {
        "name": "North Korean troops in Kursk",
        "deploying_actor": make_actor().pk,
        "supported_actor": make_actor().pk,
        "sources": [make_source().pk],
        **overrides,
    }


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_deployments_in_seven_queries_however_many_there_are(
    anonymous, django_assert_num_queries, rows
):
    for _ in range(rows):
        deployment = make_deployment()
        make_strength(deployment=deployment)
        make_deployment_status(deployment=deployment)
        make_casualty(deployment=deployment)
    # 1 count, 2 the page's ids, 3 their rows joined with deploying actor, supported actor and
    # location, 4 sources, 5 statuses, 6 strengths, 7 casualty figures.
    with django_assert_num_queries(7) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_a_deployment_with_its_actors_place_and_figures_nested_and_brief(anonymous):
    kursk = make_location(name="Kursk Oblast", kind="region", country="RU")
    deployment = make_deployment(location=kursk, purpose="to assist the offensive")
    strength = make_strength(deployment=deployment, best=12_000)
    status = make_deployment_status(deployment=deployment, status="withdrawn_from_front")
    losses = make_casualty(
        deployment=deployment, kind="killed_or_injured", best=4_000, qualifier="approximately"
    )

    assert listed_ids(anonymous, URL) == [deployment.pk]
    body = ok(anonymous.get(detail_url(deployment)))
    assert body["purpose"] == "to assist the offensive"
    assert body["location"]["name"] == "Kursk Oblast"
    assert_brief(anonymous, body["location"], kursk, LOCATION_BRIEF)
    assert_brief(anonymous, body["deploying_actor"], deployment.deploying_actor, ACTOR_BRIEF)
    assert_brief(anonymous, body["supported_actor"], deployment.supported_actor, ACTOR_BRIEF)
    assert_brief(anonymous, body["sources"][0], deployment.sources.get(), SOURCE_BRIEF)
    assert [(row["id"], row["best"]) for row in body["strengths"]] == [(strength.pk, 12_000)]
    assert [(row["id"], row["status"]) for row in body["statuses"]] == [(status.pk, "withdrawn_from_front")]
    assert [(row["id"], row["best"]) for row in body["casualties"]] == [(losses.pk, 4_000)]
    for nested in (body["strengths"][0], body["statuses"][0], body["casualties"][0]):
        assert ok(anonymous.get(nested["url"]))["deployment"]["id"] == deployment.pk


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    assert anonymous.post(URL, deployment_body()).status_code == 401
    assert not ForceDeployment.objects.exists()


def test_a_reader_may_not_write(reader):
    deployment = make_deployment(name="As reported")
    assert reader.post(URL, deployment_body()).status_code == 403
    assert (
        reader.patch(detail_url(deployment), {"name": "Changed"}, **if_match(deployment)).status_code == 403
    )
    assert reader.delete(detail_url(deployment), **if_match(deployment)).status_code == 403
    assert list(ForceDeployment.objects.values_list("name", flat=True)) == ["As reported"]


def test_a_curator_creates_a_deployment_with_its_relations_given_by_id(curator):
    korean_army, russia = make_actor(), make_actor()
    kursk, source = make_location(kind="region"), make_source()
    body = deployment_body(
        deploying_actor=korean_army.pk, supported_actor=russia.pk, location=kursk.pk, sources=[source.pk]
    )
    response = curator.post(URL, body)
    assert response.status_code == 201, response.content
    assert response.json()["deploying_actor"]["id"] == korean_army.pk
    deployment = ForceDeployment.objects.get(pk=response.json()["id"])
    assert (deployment.deploying_actor, deployment.supported_actor, deployment.location) == (
        korean_army,
        russia,
        kursk,
    )
    assert list(deployment.sources.all()) == [source]


def test_a_curator_changes_a_deployment(curator):
    deployment = make_deployment(purpose="")
    response = curator.patch(
        detail_url(deployment), {"purpose": "to assist Russia in its offensive"}, **if_match(deployment)
    )
    assert response.status_code == 200, response.content
    deployment.refresh_from_db()
    assert deployment.purpose == "to assist Russia in its offensive"


def test_a_curator_deletes_a_deployment_and_its_statuses_and_figures_go_with_it(curator):
    deployment = make_deployment()
    make_strength(deployment=deployment)
    make_deployment_status(deployment=deployment)
    make_casualty(deployment=deployment)
    assert curator.delete(detail_url(deployment), **if_match(deployment)).status_code == 204
    assert not ForceDeployment.objects.filter(pk=deployment.pk).exists()
    assert not ForceStrength.objects.exists()
    assert not ForceDeploymentStatus.objects.exists()
    assert not Casualty.objects.exists()


def test_it_refuses_to_delete_an_actor_that_deployed_a_force(curator):
    deployment = make_deployment()
    assert_conflict(
        curator.delete(
            f"/api/v1/actors/{deployment.deploying_actor_id}/", **if_match(deployment.deploying_actor)
        )
    )
    assert ForceDeployment.objects.filter(pk=deployment.pk).exists()


def test_it_filters_by_deploying_and_supported_actor_by_id_or_slug(anonymous):
    north_korea, russia = make_actor(), make_actor()
    to_russia = make_deployment(deploying_actor=north_korea, supported_actor=russia)
    elsewhere = make_deployment(deploying_actor=north_korea)
    other = make_deployment(supported_actor=russia)
    make_deployment()

    assert matched(anonymous, URL, deploying_actor=north_korea.slug) == ids(to_russia, elsewhere)
    assert matched(anonymous, URL, supported_actor_id=russia.pk) == ids(to_russia, other)
    assert matched(anonymous, URL, deploying_actor_id=north_korea.pk, supported_actor=russia.slug) == ids(
        to_russia
    )
    assert matched(anonymous, URL, deploying_actor=[north_korea.slug, other.deploying_actor.slug]) == ids(
        to_russia, elsewhere, other
    )


def test_it_finds_deployments_anywhere_inside_a_place(anonymous):
    country = make_location(kind="country", country="RU")
    kursk = make_location(kind="region", country="RU", parent=country)
    in_kursk = make_deployment(location=kursk)
    in_the_country = make_deployment(location=country)
    make_deployment()

    assert matched(anonymous, URL, location_id=country.pk) == ids(in_kursk, in_the_country)
    assert matched(anonymous, URL, location_id=kursk.pk) == ids(in_kursk)


def test_it_refuses_an_unknown_actor_or_place_naming_the_parameter(anonymous):
    make_deployment()
    assert_invalid(anonymous.get(URL, {"deploying_actor": "no-such-actor"}), "deploying_actor")
    assert_invalid(anonymous.get(URL, {"location_id": 999_999}), "location_id")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"colour": "red"}), "colour")


def test_it_orders_by_start_either_way_and_refuses_other_orderings(anonymous):
    middle = make_deployment(date_start=JAN_31)
    first = make_deployment(date_start=JAN_30)
    last = make_deployment(date_start=FEB_2)

    assert listed_ids(anonymous, URL, ordering="date_start") == [first.pk, middle.pk, last.pk]
    assert listed_ids(anonymous, URL, ordering="-date_start") == [last.pk, middle.pk, first.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_deployment()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
