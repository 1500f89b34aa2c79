"""/api/v1/force-deployment-statuses/: claims of what state a deployment was in over a span."""

import pytest

from reports.models import ForceDeploymentStatus
from tests.api.helpers import (
    ACTOR_BRIEF,
    DEPLOYMENT_BRIEF,
    FEB_1,
    FEB_2,
    JAN_30,
    JAN_31,
    SOURCE_BRIEF,
    STATEMENT_BRIEF,
    assert_brief,
    assert_invalid,
    assert_no_auth_queries,
    assert_page_size_is_capped,
    ids,
    if_match,
    listed_ids,
    matched,
    ok,
    span,
)
from tests.builders import (
    make_actor,
    make_deployment,
    make_deployment_status,
    make_source,
    make_statement,
    one_day,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/force-deployment-statuses/"


def detail_url(status: ForceDeploymentStatus) -> str:
    return f"{URL}{status.pk}/"


def status_body(**overrides) -> dict:
    return {
        "deployment": make_deployment().pk,
        "status": "withdrawn_from_front",
        "date_start": "2025-02-01",
        "date_end": "2025-02-01",
        "date_precision": "day",
        "claimants": [make_actor().pk],
        "sources": [make_source().pk],
        **overrides,
    }


@pytest.mark.parametrize("rows", [3, 6])
def test_it_lists_statuses_in_five_queries_however_many_there_are(anonymous, django_assert_num_queries, rows):
    for _ in range(rows):
        make_deployment_status(statement=make_statement())
    # 1 count, 2 the page's ids, 3 their rows joined with deployment and statement, 4 claimants,
    # 5 sources.
    with django_assert_num_queries(5) as captured:
        response = anonymous.get(URL)
    assert len(ok(response)["results"]) == rows
    assert_no_auth_queries(captured)


def test_anyone_may_read_a_status_with_its_deployment_and_provenance_nested_and_brief(anonymous):
    kindratenko = make_actor(name="Oleksandr Kindratenko", kind="person")
    statement = make_statement(speaker=kindratenko)
    status = make_deployment_status(
        status="withdrawn_from_front",
        confidence="likely",
        evidence="not seen on the front lines for over three weeks",
        statement=statement,
        claimants=[kindratenko],
    )

    assert listed_ids(anonymous, URL) == [status.pk]
    body = ok(anonymous.get(detail_url(status)))
    assert (body["status"], body["confidence"]) == ("withdrawn_from_front", "likely")
    assert body["evidence"] == "not seen on the front lines for over three weeks"
    assert_brief(anonymous, body["deployment"], status.deployment, DEPLOYMENT_BRIEF)
    (claimant,) = body["claimants"]
    assert claimant["name"] == "Oleksandr Kindratenko"
    assert_brief(anonymous, claimant, kindratenko, ACTOR_BRIEF)
    assert_brief(anonymous, body["sources"][0], status.sources.get(), SOURCE_BRIEF)
    assert_brief(anonymous, body["statement"], statement, STATEMENT_BRIEF)


def test_it_asks_an_anonymous_writer_to_authenticate(anonymous):
    assert anonymous.post(URL, status_body()).status_code == 401
    assert not ForceDeploymentStatus.objects.exists()


def test_a_reader_may_not_write(reader):
    status = make_deployment_status(status="deployed")
    assert reader.post(URL, status_body()).status_code == 403
    assert reader.patch(detail_url(status), {"status": "withdrawn"}, **if_match(status)).status_code == 403
    assert reader.delete(detail_url(status), **if_match(status)).status_code == 403
    assert list(ForceDeploymentStatus.objects.values_list("status", flat=True)) == ["deployed"]


def test_a_curator_creates_a_status_with_its_relations_given_by_id(curator):
    deployment, statement = make_deployment(), make_statement()
    claimant, source = make_actor(), make_source()
    body = status_body(
        deployment=deployment.pk, statement=statement.pk, claimants=[claimant.pk], sources=[source.pk]
    )
    response = curator.post(URL, body)
    assert response.status_code == 201, response.content
    assert response.json()["deployment"]["id"] == deployment.pk
    status = ForceDeploymentStatus.objects.get(pk=response.json()["id"])
    assert (status.deployment, status.statement, status.status) == (
        deployment,
        statement,
        "withdrawn_from_front",
    )
    assert list(status.claimants.all()) == [claimant]
    assert list(status.sources.all()) == [source]


def test_a_curator_changes_a_status(curator):
    status = make_deployment_status(confidence="reported")
    response = curator.patch(
        detail_url(status), {"confidence": "likely", "phrase": "have likely withdrawn"}, **if_match(status)
    )
    assert response.status_code == 200, response.content
    status.refresh_from_db()
    assert (status.confidence, status.phrase) == ("likely", "have likely withdrawn")


def test_a_curator_deletes_a_status(curator):
    status = make_deployment_status()
    assert curator.delete(detail_url(status), **if_match(status)).status_code == 204
    assert not ForceDeploymentStatus.objects.filter(pk=status.pk).exists()


def test_it_finds_a_status_over_two_days_by_either_day(anonymous):
    night = make_deployment_status(**span(JAN_31, FEB_1))
    before = make_deployment_status(**one_day(JAN_30))
    after = make_deployment_status(**one_day(FEB_2))

    assert matched(anonymous, URL, date_to="2025-01-31") == ids(night, before)
    assert matched(anonymous, URL, date_from="2025-02-01") == ids(night, after)
    assert matched(anonymous, URL, date_from="2025-01-31", date_to="2025-02-01") == ids(night)


def test_it_filters_by_deployment_and_status_a_repeated_status_meaning_either(anonymous):
    deployment = make_deployment()
    deployed = make_deployment_status(deployment=deployment, status="deployed")
    withdrawn = make_deployment_status(deployment=deployment, status="withdrawn_from_front")
    make_deployment_status(deployment=deployment, status="announced")
    make_deployment_status(status="deployed")

    assert matched(anonymous, URL, deployment_id=deployment.pk, status="deployed") == ids(deployed)
    assert matched(
        anonymous, URL, deployment_id=deployment.pk, status=["deployed", "withdrawn_from_front"]
    ) == ids(deployed, withdrawn)


def test_it_filters_by_claimant_by_id_or_slug(anonymous):
    kindratenko, budanov = make_actor(), make_actor()
    by_kindratenko = make_deployment_status(claimants=[kindratenko])
    by_budanov = make_deployment_status(claimants=[budanov])
    make_deployment_status()

    assert matched(anonymous, URL, claimant_id=kindratenko.pk) == ids(by_kindratenko)
    assert matched(anonymous, URL, claimant=[kindratenko.slug, budanov.slug]) == ids(
        by_kindratenko, by_budanov
    )


def test_it_refuses_an_unknown_status_or_deployment_naming_the_parameter(anonymous):
    make_deployment_status()
    assert_invalid(anonymous.get(URL, {"status": "retreated"}), "status")
    assert_invalid(anonymous.get(URL, {"deployment_id": 999_999}), "deployment_id")


def test_it_refuses_an_unknown_parameter(anonymous):
    assert_invalid(anonymous.get(URL, {"deployment": "kursk"}), "deployment")


def test_it_orders_by_start_either_way_and_refuses_other_orderings(anonymous):
    middle = make_deployment_status(**one_day(JAN_31))
    first = make_deployment_status(**one_day(JAN_30))
    last = make_deployment_status(**one_day(FEB_2))

    assert listed_ids(anonymous, URL) == [first.pk, middle.pk, last.pk]
    assert listed_ids(anonymous, URL, ordering="-date_start") == [last.pk, middle.pk, first.pk]
    assert_invalid(anonymous.get(URL, {"ordering": "bogus"}), "ordering")


def test_it_caps_the_page_size(anonymous, monkeypatch):
    for _ in range(3):
        make_deployment_status()
    assert_page_size_is_capped(anonymous, URL, rows=3, monkeypatch=monkeypatch)
