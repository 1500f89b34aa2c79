"""Filters the FilterSets share: related records by id or slug, countries, boxes, booleans.

Every one refuses a value it cannot read with a 400 naming the parameter, and a repeated
parameter means any of its values.
"""

from decimal import Decimal, InvalidOperation

import django_filters as filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from reports.models import Weapon
from reports.models.common import visible_along


class IdChoiceField(forms.ModelMultipleChoiceField):
    """Ids of existing records; a number no database could hold is simply not one of them."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for key in value:
                if not str(key).isdigit() or len(str(key)) > 18:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": key}
                    )
        return super()._check_values(value)

    def clean(self, value):
        if not value and not self.required:
            # No ids: an empty list, which every filter skips, not Django's empty queryset, which
            # each filter's ``if not value`` evaluated (a query compiled for nothing, for every
            # id filter of every list request).
            return []
        return super().clean(value)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.ModelMultipleChoiceFilter):
    field_class = IdChoiceField


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(IdFilter):
    """Related records named by slug (``?weapon=strike-drone``)."""


def is_multivalued(model: type[models.Model], lookup: str) -> bool:
    """Whether following ``lookup`` from ``model`` can reach several rows (a many-to-many or reverse key)."""
    for name in lookup.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # a lookup such as __in or __country, past the relations
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def viewer(filterset: filters.FilterSet):
    """Who the filtered list is for: the request's user; the public without a request."""
    return getattr(filterset.request, "user", None)


def matching(queryset: models.QuerySet, lookups, values, *, viewer) -> models.QuerySet:
    """``queryset``'s rows related to any of ``values`` through any of ``lookups``, each row once,
    through records ``viewer`` may see only: a draft attack's place does not make its wave match.

    A lookup through a to-many relation is a subquery on ids of its own rather than a join with
    DISTINCT, so that the row order (a search rank among it) stays as it was; one subquery per
    lookup, not one joining every relation, which made the database read the whole table to
    find the few rows whose places match.
    """
    condition = Q()
    for lookup in lookups:
        related = Q(**{f"{lookup}__in": values}) & visible_along(queryset.model, lookup, viewer)
        if is_multivalued(queryset.model, lookup):
            related = Q(pk__in=queryset.model._base_manager.filter(related).values("pk"))
        condition |= related
    return queryset.filter(condition)


@extend_schema_field(OpenApiTypes.INT)
class RelatedIdFilter(IdFilter):
    """Records related to any of these records (by id) through any of ``lookups``."""

    def __init__(self, *args, lookups: tuple[str, ...], **kwargs):
        self.lookups = lookups
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return matching(queryset, self.lookups, list(self.related(value)), viewer=viewer(self.parent))

    def related(self, value):
        return value


@extend_schema_field(OpenApiTypes.STR)
class RelatedSlugFilter(RelatedIdFilter):
    """The same, naming the related records by slug."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="slug", **kwargs)


def related_pair(
    model: type[models.Model], *lookups: str, label: str
) -> tuple[RelatedIdFilter, RelatedSlugFilter]:
    """The NetBox pair ``x_id`` / ``x``: the same related records by id or by slug."""
    queryset = model._default_manager.all()
    return (
        RelatedIdFilter(lookups=lookups, queryset=queryset, label=f"{label} (ids)."),
        RelatedSlugFilter(lookups=lookups, queryset=queryset, label=f"{label} (slugs)."),
    )


class WeaponIdFilter(RelatedIdFilter):
    """Records using any of these weapons or their subtypes (``drone`` matches a strike drone)."""

    def related(self, value):
        weapon_ids = frontier = {weapon.pk for weapon in value}
        while frontier:  # one query per level of the (shallow) vocabulary tree
            frontier = set(Weapon.objects.filter(parent__in=frontier).values_list("pk", flat=True))
            frontier -= weapon_ids
            weapon_ids = weapon_ids | frontier
        return weapon_ids


@extend_schema_field(OpenApiTypes.STR)
class WeaponSlugFilter(WeaponIdFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="slug", **kwargs)


def weapon_pair(*lookups: str) -> tuple[WeaponIdFilter, WeaponSlugFilter]:
    queryset = Weapon.objects.all()
    label = "Records using any of these weapons or their subtypes"
    return (
        WeaponIdFilter(lookups=lookups, queryset=queryset, label=f"{label} (ids)."),
        WeaponSlugFilter(lookups=lookups, queryset=queryset, label=f"{label} (slugs)."),
    )


class MultiValueField(forms.MultipleChoiceField):
    """Any number of free values, each cleaned by ``clean_one``."""

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = ()
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        return True

    def clean(self, value):
        values = super().clean(value)
        for one in values:
            ProhibitNullCharactersValidator()(one)  # as forms.CharField does: no database stores them
        return [self.clean_one(one) for one in values]

    def clean_one(self, value: str):
        return value


class CountryCodeField(MultiValueField):
    def clean_one(self, value: str) -> str:
        code = value.strip().upper()
        if code not in countries:
            raise forms.ValidationError(
                "%(value)s is not an ISO 3166-1 alpha-2 country code.", params={"value": value}
            )
        return code


@extend_schema_field(OpenApiTypes.STR)
class CountryFilter(filters.MultipleChoiceFilter):
    """ISO 3166-1 alpha-2 codes in either letter case (``?country=UA&country=ru``)."""

    field_class = CountryCodeField


@extend_schema_field(OpenApiTypes.STR)
class TextValuesFilter(filters.MultipleChoiceFilter):
    """Free text values, compared as ``lookup_expr`` says (``?publisher=Reuters&publisher=BBC``)."""

    field_class = MultiValueField


class BoundingBoxField(forms.CharField):
    """``min_lon,min_lat,max_lon,max_lat`` in degrees, as in GeoJSON and most map libraries."""

    message = (
        "Give min_lon,min_lat,max_lon,max_lat: four numbers, longitudes from -180 to 180, "
        "latitudes from -90 to 90, each minimum not above its maximum."
    )

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        parts = value.split(",")
        try:
            numbers = [Decimal(part.strip()) for part in parts]
        except InvalidOperation:
            raise forms.ValidationError(self.message, code="invalid") from None
        if len(numbers) != 4 or not all(number.is_finite() for number in numbers):
            raise forms.ValidationError(self.message, code="invalid")
        min_longitude, min_latitude, max_longitude, max_latitude = numbers
        in_range = all(-180 <= number <= 180 for number in (min_longitude, max_longitude)) and all(
            -90 <= number <= 90 for number in (min_latitude, max_latitude)
        )
        if not in_range or min_longitude > max_longitude or min_latitude > max_latitude:
            raise forms.ValidationError(self.message, code="invalid")
        return {
            "min_longitude": min_longitude,
            "min_latitude": min_latitude,
            "max_longitude": max_longitude,
            "max_latitude": max_latitude,
        }


@extend_schema_field({"type": "string", "pattern": r"^[^,]+,[^,]+,[^,]+,[^,]+$", "example": "35,49,37,51"})
class BoundingBoxFilter(filters.Filter):
    field_class = BoundingBoxField


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` (also 1 / 0); anything else is an error, not silently ignored."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError("Give true or false.", code="invalid") from None


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField
