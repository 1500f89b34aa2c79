"""Each request's filterset works on its own copy of the declared filters (api/filters/sets.py)."""

import pytest
from django.http import QueryDict

from api.filters.sets import AttackFilterSet, BaseFilterSet
from api.urls import router
from tests.builders import make_attack, make_location

FILTERSETS = sorted(
    {
        viewset.filterset_class
        for _prefix, viewset, _basename in router.registry
        if issubclass(getattr(viewset, "filterset_class", object), BaseFilterSet)
    },
    key=lambda filterset: filterset.__name__,
)


def made(filterset_class, query: str = ""):
    return filterset_class(QueryDict(query), filterset_class._meta.model.objects.all())


@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda filterset: filterset.__name__)
def test_each_filterset_has_filters_of_its_own_that_call_its_own_methods(filterset_class):
    first, second = made(filterset_class), made(filterset_class)
    for name, declared in filterset_class.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not declared and mine is not theirs
        assert (mine.parent, mine.model) == (first, filterset_class._meta.model)
        assert mine.extra.keys() == declared.extra.keys() and mine.extra is not declared.extra
        assert mine.extra is not theirs.extra
        if declared.method is not None:
            assert mine.filter.method == getattr(first, declared.method)
            assert theirs.filter.method == getattr(second, declared.method)


WITH_QUERYSETS = [
    filterset
    for filterset in FILTERSETS
    if any("queryset" in f.extra for f in filterset.base_filters.values())
]


@pytest.mark.parametrize("filterset_class", WITH_QUERYSETS, ids=lambda filterset: filterset.__name__)
def test_a_filterset_shares_the_declared_querysets_instead_of_copying_them(filterset_class):
    # A deep copy of every filter's queryset, for every request, cost more than the filtering.
    filterset = made(filterset_class)
    for name, declared in filterset_class.base_filters.items():
        if "queryset" in declared.extra:
            assert filterset.filters[name].extra["queryset"] is declared.extra["queryset"], name


@pytest.mark.django_db
def test_a_method_filter_filters_through_the_filterset_it_belongs_to():
    city = make_location()
    inside = make_attack(location=make_location(parent=city))
    make_attack()
    filterset = made(AttackFilterSet, f"location_id={city.pk}")
    assert filterset.is_valid(), filterset.errors
    assert list(filterset.qs.values_list("pk", flat=True)) == [inside.pk]
