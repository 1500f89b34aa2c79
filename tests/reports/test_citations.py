"""A record that other records cite cannot be deleted while they cite it, by any path."""

import pytest
from django.db.models import ProtectedError

from reports.models import Actor, Source
from tests.api.helpers import if_match
from tests.builders import make_attack, make_casualty, make_source

pytestmark = pytest.mark.django_db


def test_the_api_refuses_to_delete_a_cited_source_and_the_citation_stays(curator):
    attack = make_attack()
    source = attack.sources.first()

    response = curator.delete(f"/api/v1/sources/{source.pk}/", **if_match(source))

    assert response.status_code == 409
    assert response.json() == {"detail": "Cannot delete: still referred to by attacks.", "code": "conflict"}
    assert source in attack.sources.all()


def test_the_api_refuses_to_delete_a_claimant(curator):
    figure = make_casualty()
    claimant = figure.claimants.get()

    assert curator.delete(f"/api/v1/actors/{claimant.pk}/", **if_match(claimant)).status_code == 409
    assert list(figure.claimants.all()) == [claimant]


def test_an_uncited_source_can_be_deleted(curator):
    source = make_source()
    assert curator.delete(f"/api/v1/sources/{source.pk}/", **if_match(source)).status_code == 204
    assert not Source.objects.filter(pk=source.pk).exists()


def test_a_bulk_delete_of_cited_rows_deletes_nothing():
    figure = make_casualty()
    uncited = make_source()
    with pytest.raises(ProtectedError):
        Source.objects.filter(pk__in=[figure.sources.get().pk, uncited.pk]).delete()
    assert Source.objects.filter(pk=uncited.pk).exists()


def test_the_admin_shows_a_cited_source_as_protected_and_keeps_it(admin_client):
    attack = make_attack()
    source = attack.sources.first()
    url = f"/admin/reports/source/{source.pk}/delete/"

    page = admin_client.get(url)
    assert page.status_code == 200
    assert "would require deleting the following protected related objects" in page.content.decode()

    admin_client.post(url, {"post": "yes"})
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_admin_bulk_delete_action_keeps_a_cited_actor(admin_client):
    claimant = make_casualty().claimants.get()
    admin_client.post(
        "/admin/reports/actor/",
        {"action": "delete_selected", "_selected_action": [claimant.pk], "post": "yes"},
    )
    assert Actor.objects.filter(pk=claimant.pk).exists()
