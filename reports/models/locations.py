from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Concat, Length, Substr
from django.db.models.lookups import StartsWith
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from reports.choices import LocationKind
from reports.constraints import FieldCheckConstraint
from reports.models.common import CitedQuerySet, TimeStamped, choices_constraint
from reports.text import fold


class LocationQuerySet(CitedQuerySet):
    def for_api(self, *, viewer=None):
        # The parent is shown nested and brief; alternative names are listed on every row.
        return self.select_related("parent").prefetch_related("names")

    def within(self, location: "Location") -> "LocationQuerySet":
        """The location itself and every place inside it, at any depth."""
        return self.filter(path__startswith=location.path)

    def within_any(self, locations: Iterable["Location"]) -> "LocationQuerySet":
        """The given places and every place inside any of them."""
        condition = Q(pk__in=[])
        for location in locations:
            condition |= Q(path__startswith=location.path)
        return self.filter(condition)

    def inside_any_of(self, places: models.QuerySet) -> "LocationQuerySet":
        """Every place that is one of ``places`` (a location queryset) or lies inside one, in one query."""
        # A place is inside another when its materialised path starts with the other's.
        containing = places.filter(StartsWith(OuterRef("path"), F("path")))
        return self.filter(Exists(containing))

    def in_box(
        self, *, min_longitude: Decimal, min_latitude: Decimal, max_longitude: Decimal, max_latitude: Decimal
    ) -> "LocationQuerySet":
        """Places whose coordinates lie in the box, edges included; places without coordinates are not."""
        return self.filter(
            longitude__gte=min_longitude,
            longitude__lte=max_longitude,
            latitude__gte=min_latitude,
            latitude__lte=max_latitude,
        )


class Location(TimeStamped):
    """One place in the gazetteer: a country, region, district, city, town or site."""

    name = models.CharField(max_length=200, help_text="The English name in common use.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=LocationKind)
    country = CountryField(help_text="ISO 3166-1 alpha-2 code of the country the place is in.")
    code = models.CharField(
        max_length=16,
        null=True,
        blank=True,
        unique=True,
        help_text="ISO 3166-2 code for regions, e.g. UA-63.",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # Materialised ancestry, "/<root id>/.../<own id>/", so that "everything inside Kharkiv
    # oblast" is one indexed prefix match instead of a recursive walk.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # The name folded for matching (see reports.text.fold), kept by save().
    search_name = models.CharField(max_length=200, editable=False, db_index=True, default="")

    objects = LocationQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            choices_constraint("kind", LocationKind),
            FieldCheckConstraint(
                field="latitude",
                condition=Q(latitude__gte=-90, latitude__lte=90),
                name="%(app_label)s_%(class)s_latitude_in_range",
                violation_error_message="Latitude must be between -90 and 90.",
            ),
            FieldCheckConstraint(
                field="longitude",
                condition=Q(longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_longitude_in_range",
                violation_error_message="Longitude must be between -180 and 180.",
            ),
            FieldCheckConstraint(
                field="longitude",
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="%(app_label)s_%(class)s_coordinates_paired",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
        ]
        indexes = [
            # region_name() reads the regions once per row it names a region for (each attack of
            # an export): a few dozen index entries instead of a scan of every place.
            models.Index(
                fields=["path"], condition=Q(kind=LocationKind.REGION), name="reports_location_regions"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.pk and self.parent_id:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": "A place cannot be inside itself."})
                ancestor = ancestor.parent

    @transaction.atomic
    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)
        old_path = self.path
        new_path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if new_path == old_path:
            return
        Location.objects.filter(pk=self.pk).update(path=new_path)
        if old_path:
            # Moving a place moves everything inside it.
            Location.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1))
            )
        self.path = new_path


def region_name(path: str) -> Subquery:
    """The name of the region (oblast) that holds the place whose ``path`` the outer query names, or
    that is the place; None for a country, or for a place in no region. One subquery, not a walk."""
    regions = Location.objects.filter(
        StartsWith(OuterRef(path), F("path")), kind=LocationKind.REGION
    ).order_by(Length("path"))
    return Subquery(regions.values("name")[:1])


class LocationName(models.Model):
    """Another name or spelling of a place (Kharkov, Харків), in a language."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=16, blank=True, help_text="BCP 47 tag, e.g. uk, ru, en.")
    # The name folded for matching (see reports.text.fold), kept by save().
    search_name = models.CharField(max_length=200, editable=False, db_index=True, default="")

    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "name"], name="reports_locationname_unique_per_place"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)
