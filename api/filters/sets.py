"""One FilterSet per resource, built from shared families of filters.

Repeating a parameter means OR; different parameters mean AND. A family is a FilterSet
mixin (dates, places, sources, claims); each resource says through which relations its
records reach what the family filters on (``place_lookups``).
"""

import copy

import django_filters as filters
from django import forms
from django.db.models import Q
from django.http import QueryDict

from api.filters.fields import (
    BoundingBoxFilter,
    CountryFilter,
    IdFilter,
    SlugFilter,
    StrictBooleanFilter,
    TextValuesFilter,
    matching,
    related_pair,
    viewer,
    weapon_pair,
)
from api.resources import MODEL_NAMES, RESOURCE_CHOICES
from reports import choices, models
from reports.choices import ReviewStatus
from reports.models.common import sees_drafts, visible_along
from reports.services.search import name_contains, named, places_named, text_search


def by_id(field_name: str, model, **kwargs) -> IdFilter:
    return IdFilter(field_name=field_name, queryset=model.objects.all(), **kwargs)


def by_slug(field_name: str, model, **kwargs) -> SlugFilter:
    # The predicate compares the slug, so the path must end at the related slug.
    return SlugFilter(
        field_name=f"{field_name}__slug", to_field_name="slug", queryset=model.objects.all(), **kwargs
    )


def by_choice(field_name: str, choice_class) -> filters.MultipleChoiceFilter:
    return filters.MultipleChoiceFilter(field_name=field_name, choices=choice_class.choices)


TEXT_SEARCH_HELP = (
    "Words that must all appear in {fields}. On PostgreSQL each word matches a whole word, "
    "letter case and accents ignored, and without an ordering the best matches come first. "
    "On SQLite each word matches any part of the text, letter case ignored for Latin letters only "
    "(accents are not), in the default order."
)


def bound_copy(filter_: filters.Filter, filterset: filters.FilterSet) -> filters.Filter:
    """A copy of a declared filter for one filterset, as django-filter's deep copy makes it, but
    sharing what no request changes: its arguments' values (the querysets of the id filters
    among them) and its form field. Deep-copying every filter, querysets and all, was ~1 ms of
    every list request. What a filter changes on itself is its own: its attributes, ``extra``
    (a request-dependent queryset is stored there) and the method it calls on its filterset."""
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    copied.model = filterset.queryset.model
    copied.parent = filterset
    if filter_.method is not None:
        copied.method = filter_.method  # a new FilterMethod, calling this copy's filterset
    return copied


class BaseFilterSet(filters.FilterSet):
    updated_after = filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gt", label="Changed after this moment (ISO 8601)."
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's own, but for the copy of each filter (bound_copy).
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: bound_copy(filter_, self) for name, filter_ in self.base_filters.items()}

    def get_form_class(self):
        # The form's fields follow from the filters' declarations alone (no filter's choices
        # depend on the request): made once per FilterSet class, not for every request. Each
        # form still copies its fields, as Django's forms do.
        filterset = type(self)
        if "_form_class" not in filterset.__dict__:
            filterset._form_class = super().get_form_class()
        return filterset._form_class

    def is_valid(self):
        valid = super().is_valid()
        if valid:
            self._refuse_hidden_records()
        return valid and not self.form.errors

    @property
    def errors(self):
        if self.is_bound:
            self.is_valid()
        return self.form.errors

    def _refuse_hidden_records(self) -> None:
        """An id filter naming a record the viewer may not see (a draft) is refused as an id that
        names nothing is: the filter does not reach through a link the reader is shown as null, and
        the answer does not tell a draft's id from a missing one."""
        if getattr(self, "_hidden_records_refused", False):
            return
        self._hidden_records_refused = True
        user = viewer(self)
        for name, filter_ in self.filters.items():
            records = self.form.cleaned_data.get(name) if isinstance(filter_, IdFilter) else None
            if not records or sees_drafts(filter_.queryset.model, user):
                continue
            field = self.form.fields[name]
            hidden = next(
                (record for record in records if record.review_status != ReviewStatus.PUBLISHED), None
            )
            if hidden is not None:
                key = getattr(hidden, field.to_field_name or "pk")
                self.form.add_error(
                    name,
                    forms.ValidationError(
                        field.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": str(key)},
                    ),
                )

    def filter_text(self, queryset, name, value):
        return text_search(queryset, text=value)


class DateSpanFilterSet(BaseFilterSet):
    """Records whose span of days shares a day with the range: a night over two days matches either."""

    date_from = filters.DateFilter(
        field_name="date_end", lookup_expr="gte", label="Spans that reach this day or later."
    )
    date_to = filters.DateFilter(
        field_name="date_start", lookup_expr="lte", label="Spans that begin on this day or earlier."
    )


class PlaceFilterSet(filters.FilterSet):
    """Records by where they were: through ``place_lookups``, the relations from a record to its places.

    Every place filter includes what lies inside the places it names: Kharkiv oblast holds
    Kharkiv city.
    """

    place_lookups: tuple[str, ...] = ()

    location_id = IdFilter(
        queryset=models.Location.objects.all(),
        method="filter_location",
        label="Records at these places or anywhere inside them (ids).",
    )
    location = SlugFilter(
        queryset=models.Location.objects.all(),
        to_field_name="slug",
        method="filter_location",
        label="Records at these places or anywhere inside them (slugs).",
    )
    country = CountryFilter(
        method="filter_country", label="Records at places in these countries (ISO 3166-1 alpha-2 codes)."
    )
    bbox = BoundingBoxFilter(
        method="filter_bbox",
        label=(
            "Records at places whose coordinates lie in the box min_lon,min_lat,max_lon,max_lat "
            "(degrees, edges included)."
        ),
    )
    place = filters.CharFilter(
        method="filter_place",
        label=(
            "Records at a place one of whose names or spellings is this (Kharkov finds Kharkiv; "
            "letter case and accents ignored), or anywhere inside it."
        ),
    )

    def at_places(self, queryset, places):
        """Records at any of ``places`` (a queryset of locations) through any of the place lookups."""
        return matching(queryset, self.place_lookups, places, viewer=viewer(self))

    def filter_location(self, queryset, name, value):
        if not value:  # no places given, which the method filter does not skip
            return queryset
        return self.at_places(queryset, models.Location.objects.within_any(value))

    def filter_country(self, queryset, name, value):
        return self.at_places(queryset, models.Location.objects.filter(country__in=value))

    def filter_bbox(self, queryset, name, value):
        return self.at_places(queryset, models.Location.objects.in_box(**value))

    def filter_place(self, queryset, name, value):
        return self.at_places(queryset, models.Location.objects.inside_any_of(places_named(name=value)))


class CitedFilterSet(filters.FilterSet):
    """Records by the documents they cite."""

    source_id = IdFilter(
        field_name="sources",
        queryset=models.Source.objects.all(),
        label="Records citing any of these sources.",
    )
    publisher = TextValuesFilter(
        field_name="sources__publisher",
        lookup_expr="iexact",
        label="Records citing a source from any of these publishers (letter case ignored).",
    )


class ClaimFilterSet(DateSpanFilterSet, CitedFilterSet):
    claimant_id, claimant = related_pair(
        models.Actor, "claimants", label="Claims made by any of these actors"
    )
    statement_id = by_id("statement", models.Statement)
    confidence = by_choice("confidence", choices.Confidence)
    rank = by_choice("rank", choices.Rank)
    preferred = StrictBooleanFilter(
        method="filter_preferred",
        label=(
            "true: only claims no rival outranks, as Wikidata's best rank: for each fact the preferred "
            "claims if it has any, else its normal ones, never deprecated ones. false: only the others. "
            "Rivals are claims of the same fact (for casualties, as in a wave's summary; for strengths "
            "and statuses, of the same deployment with a day in common)."
        ),
    )

    def filter_preferred(self, queryset, name, value):
        viewer = self.request.user if self.request is not None else None
        if value:
            return queryset.best_ranked(viewer=viewer)
        return queryset.outranked(viewer=viewer)


class DeploymentActorsFilterSet(filters.FilterSet):
    """Figures and statuses by the actors of their deployment."""

    deploying_actor_id, deploying_actor = related_pair(
        models.Actor, "deployment__deploying_actor", label="Of deployments by any of these actors"
    )
    supported_actor_id, supported_actor = related_pair(
        models.Actor, "deployment__supported_actor", label="Of deployments supporting any of these actors"
    )


class SourceFilterSet(BaseFilterSet):
    kind = by_choice("kind", choices.SourceKind)
    publisher = TextValuesFilter(
        field_name="publisher",
        lookup_expr="iexact",
        distinct=False,
        label="Any of these publishers (letter case ignored).",
    )
    language = filters.CharFilter(field_name="language", lookup_expr="iexact")
    published_from = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_to = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    q = filters.CharFilter(method="filter_text", label=TEXT_SEARCH_HELP.format(fields="the title"))

    class Meta:
        model = models.Source
        fields = []


class ActorFilterSet(BaseFilterSet):
    kind = by_choice("kind", choices.ActorKind)
    country = CountryFilter(field_name="country", label="Actors of any of these countries (ISO codes).")
    parent_id = by_id("parent", models.Actor)
    parent = by_slug("parent", models.Actor)

    class Meta:
        model = models.Actor
        fields = []


class LocationFilterSet(BaseFilterSet):
    kind = by_choice("kind", choices.LocationKind)
    country = CountryFilter(field_name="country", label="Places in any of these countries (ISO codes).")
    parent_id = by_id("parent", models.Location)
    parent = by_slug("parent", models.Location)
    within_id = IdFilter(
        queryset=models.Location.objects.all(),
        method="filter_within",
        label="Places inside these places, themselves included (ids).",
    )
    within = SlugFilter(
        queryset=models.Location.objects.all(),
        to_field_name="slug",
        method="filter_within",
        label="Places inside these places, themselves included (slugs).",
    )
    bbox = BoundingBoxFilter(
        method="filter_bbox",
        label=(
            "Places whose coordinates lie in the box min_lon,min_lat,max_lon,max_lat "
            "(degrees, edges included)."
        ),
    )
    name = filters.CharFilter(
        method="filter_name",
        label=(
            "Places one of whose names or spellings is this: Kharkov finds Kharkiv; "
            "letter case and accents ignored."
        ),
    )
    q = filters.CharFilter(
        method="filter_q",
        label=(
            "Places one of whose names or spellings contains this: khark finds Kharkiv and Kharkov; "
            "letter case and accents ignored."
        ),
    )

    class Meta:
        model = models.Location
        fields = []

    def filter_within(self, queryset, name, value):
        if not value:  # no places given, which the method filter does not skip
            return queryset
        return queryset.filter(pk__in=models.Location.objects.within_any(value).values("pk"))

    def filter_bbox(self, queryset, name, value):
        return queryset.in_box(**value)

    def filter_name(self, queryset, name, value):
        return queryset.filter(named(value))

    def filter_q(self, queryset, name, value):
        return queryset.filter(name_contains(value))


class WeaponFilterSet(BaseFilterSet):
    parent_id = by_id("parent", models.Weapon)
    parent = by_slug("parent", models.Weapon)

    class Meta:
        model = models.Weapon
        fields = []


class TargetTypeFilterSet(BaseFilterSet):
    class Meta:
        model = models.TargetType
        fields = []


class WaveFilterSet(DateSpanFilterSet, PlaceFilterSet, CitedFilterSet):
    place_lookups = ("attacks__location",)

    kind = by_choice("kind", choices.WaveKind)
    perpetrator_id, perpetrator = related_pair(
        models.Actor, "perpetrator", label="Waves by any of these actors"
    )
    weapon_id, weapon = weapon_pair("weapons")

    class Meta:
        model = models.Wave
        fields = []


class AttackFilterSet(DateSpanFilterSet, PlaceFilterSet, CitedFilterSet):
    place_lookups = ("location",)

    wave_id = by_id("wave", models.Wave)
    perpetrator_id, perpetrator = related_pair(
        models.Actor, "perpetrator", label="Attacks by any of these actors"
    )
    weapon_id, weapon = weapon_pair("weapons")
    target_id, target = related_pair(models.TargetType, "targets", label="Attacks on any of these targets")
    damage = by_choice("damage", choices.Damage)
    confidence = by_choice("confidence", choices.Confidence)
    q = filters.CharFilter(method="filter_text", label=TEXT_SEARCH_HELP.format(fields="the description"))

    class Meta:
        model = models.Attack
        fields = []


class CasualtyFilterSet(ClaimFilterSet, PlaceFilterSet):
    # A figure's own places, else its attack's or its deployment's.
    place_lookups = ("locations", "attack__location", "deployment__location")

    kind = by_choice("kind", choices.CasualtyKind)
    population = by_choice("population", choices.Population)
    age_group = by_choice("age_group", choices.AgeGroup)
    attack_id = by_id("attack", models.Attack)
    wave_id = IdFilter(
        queryset=models.Wave.objects.all(),
        method="filter_wave",
        label="Figures for these waves, given for the wave as a whole or for one of its attacks.",
    )
    deployment_id = by_id("deployment", models.ForceDeployment)
    perpetrator_id, perpetrator = related_pair(
        models.Actor,
        "attack__perpetrator",
        "wave__perpetrator",
        label="Figures for attacks or waves by any of these actors",
    )
    weapon_id, weapon = weapon_pair("attack__weapons", "wave__weapons")
    target_id, target = related_pair(
        models.TargetType, "attack__targets", label="Figures for attacks on any of these targets"
    )

    class Meta:
        model = models.Casualty
        fields = []

    def filter_wave(self, queryset, name, value):
        if not value:  # no waves given, which the method filter does not skip
            return queryset
        # Through the attacks the viewer may see, as the wave's totals count them.
        through_attacks = Q(attack__wave__in=value) & visible_along(queryset.model, "attack", viewer(self))
        return queryset.filter(Q(wave__in=value) | through_attacks)


class ForceStrengthFilterSet(ClaimFilterSet, PlaceFilterSet, DeploymentActorsFilterSet):
    place_lookups = ("deployment__location",)

    deployment_id = by_id("deployment", models.ForceDeployment)

    class Meta:
        model = models.ForceStrength
        fields = []


class ForceDeploymentStatusFilterSet(ClaimFilterSet, PlaceFilterSet, DeploymentActorsFilterSet):
    place_lookups = ("deployment__location",)

    deployment_id = by_id("deployment", models.ForceDeployment)
    status = by_choice("status", choices.DeploymentStatus)

    class Meta:
        model = models.ForceDeploymentStatus
        fields = []


class ForceDeploymentFilterSet(BaseFilterSet, PlaceFilterSet, CitedFilterSet):
    place_lookups = ("location",)

    deploying_actor_id, deploying_actor = related_pair(
        models.Actor, "deploying_actor", label="Deployments by any of these actors"
    )
    supported_actor_id, supported_actor = related_pair(
        models.Actor, "supported_actor", label="Deployments supporting any of these actors"
    )
    # A deployment's own dates are often unknown: an unknown start is taken as before any day
    # asked for, an unknown end as still going on.
    date_from = filters.DateFilter(
        method="filter_date_from",
        label="Deployments still going on this day or later (no end date: ongoing).",
    )
    date_to = filters.DateFilter(
        method="filter_date_to", label="Deployments begun on this day or earlier (no start date: any day)."
    )

    class Meta:
        model = models.ForceDeployment
        fields = []

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(Q(date_end__gte=value) | Q(date_end__isnull=True))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(Q(date_start__lte=value) | Q(date_start__isnull=True))


class StatementFilterSet(DateSpanFilterSet, PlaceFilterSet, CitedFilterSet):
    # Where the attacks, waves and deployments a statement is about took place.
    place_lookups = (
        "about_attacks__location",
        "about_waves__attacks__location",
        "about_deployments__location",
    )

    speaker_id, speaker = related_pair(models.Actor, "speaker", label="Statements by any of these actors")
    on_behalf_of_id, on_behalf_of = related_pair(
        models.Actor, "on_behalf_of", label="Statements on behalf of any of these actors"
    )
    speech_act = by_choice("speech_act", choices.SpeechAct)
    channel = by_choice("channel", choices.Channel)
    language = filters.CharFilter(field_name="language", lookup_expr="iexact")
    attack_id = by_id("about_attacks", models.Attack)
    wave_id = by_id("about_waves", models.Wave)
    deployment_id = by_id("about_deployments", models.ForceDeployment)
    about_actor_id, about_actor = related_pair(
        models.Actor, "about_actors", label="Statements about any of these actors"
    )
    q = filters.CharFilter(
        method="filter_text", label=TEXT_SEARCH_HELP.format(fields="the quote or the paraphrase")
    )

    class Meta:
        model = models.Statement
        fields = []


class DeletionFilterSet(filters.FilterSet):
    resource = filters.MultipleChoiceFilter(
        choices=RESOURCE_CHOICES, method="filter_resource", label="Tombstones of these resources' records."
    )
    removed_after = filters.IsoDateTimeFilter(
        field_name="removed_at", lookup_expr="gt", label="Removed after this moment (ISO 8601)."
    )
    reason = by_choice("reason", choices.RemovalReason)

    class Meta:
        model = models.Deletion
        fields = []

    def filter_resource(self, queryset, name, value):
        return queryset.filter(model__in=[MODEL_NAMES[resource] for resource in value])
