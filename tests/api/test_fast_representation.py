"""List pages are written by a function compiled from each serializer: it must write what DRF writes.

Every resource's list is (CompiledListMixin); the deletions feed, a plain list, is not."""

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.serializers.fast import representation
from api.urls import router
from api.views import CompiledListMixin
from reports.models import LocationName
from tests.builders import (
    make_attack,
    make_casualty,
    make_deployment,
    make_deployment_status,
    make_location,
    make_statement,
    make_strength,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """At least one row of every resource, with every kind of relation filled in and left empty."""
    region = make_location(kind="region", code="UA-63", latitude="49.993500", longitude="36.230400")
    city = make_location(parent=region)
    LocationName.objects.create(location=city, name="Kharkov", language="ru")
    attack = make_attack(location=city)
    make_attack(wave=None, perpetrator=None)
    whole = make_casualty(attack=attack, locations=[city, region], best=10)
    make_casualty(
        attack=attack, included_in=whole, best=2, phrase="two children", notes="Named by the mayor."
    )
    make_casualty(wave=attack.wave, best=40, qualifier="approximately")
    deployment = make_deployment()
    make_casualty(deployment=deployment, low=5, best=None, qualifier="at_least")
    make_strength(deployment=deployment)
    make_deployment_status(deployment=deployment)
    statement = make_statement()
    statement.about_attacks.set([attack])
    statement.about_waves.set([attack.wave])
    statement.about_deployments.set([deployment])


@pytest.mark.parametrize(
    ("prefix", "viewset"),
    [
        (prefix, viewset)
        for prefix, viewset, _basename in router.registry
        if issubclass(viewset, CompiledListMixin)
    ],
)
def test_every_list_resource_writes_the_same_bytes_as_its_serializer(records, prefix, viewset):
    view = viewset(action="list", format_kwarg=None, kwargs={})
    view.request = Request(APIRequestFactory().get(f"/api/v1/{prefix}/"))
    serializer = view.get_serializer()
    rows = list(view.get_queryset())
    assert rows, f"no {prefix} to compare"

    fast = [representation(serializer)(record) for record in rows]
    plain = view.get_serializer(rows, many=True).data

    assert JSONRenderer().render(fast) == JSONRenderer().render(plain)
