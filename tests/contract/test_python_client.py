"""A Python client generated from openapi.yaml reads, pages, signs in, writes and reads errors
against a live server holding the seed report: the schema is the API a client really gets."""

import pytest
from django.contrib.auth.models import Group
from knox.models import AuthToken

from reports.models import Source

pytestmark = [
    pytest.mark.contract,
    # The live server answers from another thread, so the data must be committed; the rollback
    # restores the groups the migrations made, which emptying the tables afterwards removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def anonymous_sdk(python_sdk, live_server):
    return python_sdk.package.Client(base_url=live_server.url, raise_on_unexpected_status=True)


@pytest.fixture
def curator_sdk(python_sdk, live_server, django_user_model):
    user = django_user_model.objects.create_user("curator", password="unused-password-2", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    _token, secret = AuthToken.objects.create(user=user, expiry=None)
    return python_sdk.package.AuthenticatedClient(
        base_url=live_server.url, token=secret, prefix="Token", raise_on_unexpected_status=True
    )


def test_a_reader_finds_the_north_korean_deployment_and_its_troop_strength(python_sdk, anonymous_sdk, seed):
    deployments = python_sdk.endpoint("force_deployments", "force_deployments_list").sync(
        client=anonymous_sdk, deploying_actor=["korean-peoples-army"]
    )
    (deployment,) = deployments.results
    assert deployment.name == "North Korean troops in Russia's Kursk region"
    assert deployment.deploying_actor.name == "Korean People's Army"

    strengths = python_sdk.endpoint("force_strengths", "force_strengths_list").sync(
        client=anonymous_sdk, deployment_id=[deployment.id]
    )

    assert strengths.count == 1
    (strength,) = strengths.results
    assert (strength.best, strength.qualifier) == (12_000, python_sdk.model("QualifierEnum").APPROXIMATELY)
    assert strength.deployment.id == deployment.id


def test_a_reader_pages_through_the_gazetteer(python_sdk, anonymous_sdk, seed):
    locations_list = python_sdk.endpoint("locations", "locations_list")

    first = locations_list.sync(client=anonymous_sdk, page_size=3, ordering="id")
    second = locations_list.sync(client=anonymous_sdk, page_size=3, page=2, ordering="id")

    assert first.count == second.count > 6
    assert second.previous is not None and "page_size=3" in second.previous
    assert second.next_ is not None and "page=3" in second.next_
    first_ids = [location.id for location in first.results]
    second_ids = [location.id for location in second.results]
    assert len(second_ids) == 3 and max(first_ids) < min(second_ids)


def test_a_curator_with_a_token_creates_a_source_and_edits_it_with_its_etag(python_sdk, curator_sdk):
    SourceRequest = python_sdk.model("SourceRequest")
    PatchedSourceRequest = python_sdk.model("PatchedSourceRequest")

    created = python_sdk.endpoint("sources", "sources_create").sync_detailed(
        client=curator_sdk,
        body=SourceRequest(
            title="Regional administration update",
            document_url="https://example.org/update",
            kind=python_sdk.model("SourceKindEnum").OFFICIAL_STATEMENT,
        ),
    )
    assert created.status_code == 201
    source = created.parsed
    assert (source.title, source.kind.value) == ("Regional administration update", "official_statement")

    edited = python_sdk.endpoint("sources", "sources_partial_update").sync_detailed(
        source.id,
        client=curator_sdk,
        body=PatchedSourceRequest(publisher="Poltava regional administration"),
        if_match=created.headers["ETag"],
    )

    assert edited.status_code == 200
    assert edited.parsed.publisher == "Poltava regional administration"
    assert Source.objects.get(pk=source.id).publisher == "Poltava regional administration"


def test_a_bad_field_comes_back_as_a_400_whose_errors_name_it(python_sdk, curator_sdk):
    response = python_sdk.endpoint("sources", "sources_create").sync_detailed(
        client=curator_sdk,
        body=python_sdk.model("SourceRequest")(title="A source", document_url="not a web address"),
    )

    assert response.status_code == 400
    error = response.parsed
    assert isinstance(error, python_sdk.model("Error"))
    assert error.code == "invalid"
    assert set(error.errors.additional_properties) == {"document_url"}
    assert not Source.objects.filter(title="A source").exists()


def test_an_anonymous_write_is_refused_with_a_401_in_the_error_shape(python_sdk, anonymous_sdk):
    response = python_sdk.endpoint("sources", "sources_create").sync_detailed(
        client=anonymous_sdk, body=python_sdk.model("SourceRequest")(title="A source")
    )

    assert response.status_code == 401
    assert response.parsed.code == "not_authenticated"
    assert not Source.objects.filter(title="A source").exists()


def test_a_stale_etag_is_refused_with_a_412(python_sdk, curator_sdk):
    source = python_sdk.endpoint("sources", "sources_create").sync(
        client=curator_sdk, body=python_sdk.model("SourceRequest")(title="A source")
    )

    response = python_sdk.endpoint("sources", "sources_partial_update").sync_detailed(
        source.id,
        client=curator_sdk,
        body=python_sdk.model("PatchedSourceRequest")(title="A later title"),
        if_match='"41"',
    )

    assert response.status_code == 412
    assert response.parsed.code == "precondition_failed"
    assert Source.objects.get(pk=source.id).title == "A source"
