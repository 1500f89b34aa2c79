"""One FilterSet per resource. Repeating a parameter means OR; different parameters mean AND."""

import django_filters as filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from api.resources import MODEL_NAMES, RESOURCE_CHOICES
from reports import choices, models


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


class IdFilter(filters.ModelMultipleChoiceFilter):
    field_class = IdChoiceField


@extend_schema_field(OpenApiTypes.INT)
class WithinLocationFilter(IdFilter):
    """Records at any of the given places or anywhere inside them (Kharkiv oblast holds Kharkiv city)."""

    def __init__(self, *args, paths: list[str], **kwargs):
        self.paths = paths
        kwargs.setdefault("queryset", models.Location.objects.all())
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        condition = Q()
        for location in value:
            for path in self.paths:
                condition |= Q(**{f"{path}__startswith": location.path})
        return queryset.filter(condition).distinct()


@extend_schema_field(OpenApiTypes.STR)
class WithinLocationSlugFilter(WithinLocationFilter):
    """The same, naming the places by slug."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="slug", **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class WeaponFilter(IdFilter):
    """Records using any of these weapons or their subtypes (``drone`` matches a strike drone)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", models.Weapon.objects.all())
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        weapon_ids = frontier = {weapon.pk for weapon in value}
        while frontier:  # one query per level of the (shallow) vocabulary tree
            frontier = set(models.Weapon.objects.filter(parent__in=frontier).values_list("pk", flat=True))
            frontier -= weapon_ids
            weapon_ids = weapon_ids | frontier
        return queryset.filter(**{f"{self.field_name}__in": weapon_ids}).distinct()


@extend_schema_field(OpenApiTypes.STR)
class WeaponSlugFilter(WeaponFilter):
    """The same, naming the weapons by slug."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="slug", **kwargs)


def by_id(field_name: str, model, **kwargs) -> IdFilter:
    return IdFilter(field_name=field_name, queryset=model.objects.all(), **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(IdFilter):
    """Related records named by slug (``?weapon=strike-drone``)."""


def by_slug(field_name: str, model, **kwargs) -> SlugFilter:
    # The predicate compares the slug, so the path must end at the related slug.
    return SlugFilter(
        field_name=f"{field_name}__slug", to_field_name="slug", queryset=model.objects.all(), **kwargs
    )


def by_choice(field_name: str, choice_class) -> filters.MultipleChoiceFilter:
    return filters.MultipleChoiceFilter(field_name=field_name, choices=choice_class.choices)


class BaseFilterSet(filters.FilterSet):
    updated_after = filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gt", label="Changed after this moment (ISO 8601)."
    )


class DateSpanFilterSet(BaseFilterSet):
    date_from = filters.DateFilter(
        field_name="date_end", lookup_expr="gte", label="Spans that reach this day or later."
    )
    date_to = filters.DateFilter(
        field_name="date_start", lookup_expr="lte", label="Spans that begin on this day or earlier."
    )


class ClaimFilterSet(DateSpanFilterSet):
    claimant_id = by_id("claimants", models.Actor)
    claimant = by_slug("claimants", models.Actor)
    source_id = by_id("sources", models.Source)
    statement_id = by_id("statement", models.Statement)
    confidence = by_choice("confidence", choices.Confidence)
    rank = by_choice("rank", choices.Rank)


class SourceFilterSet(BaseFilterSet):
    kind = by_choice("kind", choices.SourceKind)
    publisher = filters.CharFilter(field_name="publisher", lookup_expr="iexact")
    language = filters.CharFilter(field_name="language", lookup_expr="iexact")
    published_from = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_to = filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = models.Source
        fields = []


class ActorFilterSet(BaseFilterSet):
    kind = by_choice("kind", choices.ActorKind)
    country = filters.CharFilter(field_name="country", lookup_expr="iexact")
    parent_id = by_id("parent", models.Actor)
    parent = by_slug("parent", models.Actor)

    class Meta:
        model = models.Actor
        fields = []


class LocationFilterSet(BaseFilterSet):
    kind = by_choice("kind", choices.LocationKind)
    country = filters.CharFilter(field_name="country", lookup_expr="iexact")
    parent_id = by_id("parent", models.Location)
    within_id = WithinLocationFilter(paths=["path"], label="Places inside these places, themselves included.")
    name = filters.CharFilter(
        method="filter_name",
        label=(
            "Any name or spelling of the place. Letter case is ignored: for every alphabet on "
            "PostgreSQL, for Latin letters on SQLite."
        ),
    )

    class Meta:
        model = models.Location
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__iexact=value) | Q(names__name__iexact=value)).distinct()


class WeaponFilterSet(BaseFilterSet):
    parent_id = by_id("parent", models.Weapon)

    class Meta:
        model = models.Weapon
        fields = []


class TargetTypeFilterSet(BaseFilterSet):
    class Meta:
        model = models.TargetType
        fields = []


class WaveFilterSet(DateSpanFilterSet):
    kind = by_choice("kind", choices.WaveKind)
    perpetrator_id = by_id("perpetrator", models.Actor)
    perpetrator = by_slug("perpetrator", models.Actor)
    weapon_id = WeaponFilter(field_name="weapons")
    weapon = WeaponSlugFilter(field_name="weapons")

    class Meta:
        model = models.Wave
        fields = []


class AttackFilterSet(DateSpanFilterSet):
    wave_id = by_id("wave", models.Wave)
    location_id = WithinLocationFilter(
        paths=["location__path"], label="Attacks at these places or anywhere inside them."
    )
    location = WithinLocationSlugFilter(paths=["location__path"])
    country = filters.CharFilter(field_name="location__country", lookup_expr="iexact")
    perpetrator_id = by_id("perpetrator", models.Actor)
    perpetrator = by_slug("perpetrator", models.Actor)
    weapon_id = WeaponFilter(field_name="weapons")
    weapon = WeaponSlugFilter(field_name="weapons")
    target_id = by_id("targets", models.TargetType)
    target = by_slug("targets", models.TargetType)
    damage = by_choice("damage", choices.Damage)
    confidence = by_choice("confidence", choices.Confidence)
    source_id = by_id("sources", models.Source)

    class Meta:
        model = models.Attack
        fields = []


class CasualtyFilterSet(ClaimFilterSet):
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
    location_id = WithinLocationFilter(
        paths=["locations__path", "attack__location__path"],
        label="Figures at these places or inside them, by their own places or their attack's.",
    )

    class Meta:
        model = models.Casualty
        fields = []

    def filter_wave(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(wave__in=value) | Q(attack__wave__in=value))


class ForceStrengthFilterSet(ClaimFilterSet):
    deployment_id = by_id("deployment", models.ForceDeployment)

    class Meta:
        model = models.ForceStrength
        fields = []


class ForceDeploymentStatusFilterSet(ClaimFilterSet):
    deployment_id = by_id("deployment", models.ForceDeployment)
    status = by_choice("status", choices.DeploymentStatus)

    class Meta:
        model = models.ForceDeploymentStatus
        fields = []


class ForceDeploymentFilterSet(BaseFilterSet):
    deploying_actor_id = by_id("deploying_actor", models.Actor)
    deploying_actor = by_slug("deploying_actor", models.Actor)
    supported_actor_id = by_id("supported_actor", models.Actor)
    supported_actor = by_slug("supported_actor", models.Actor)
    location_id = WithinLocationFilter(paths=["location__path"])

    class Meta:
        model = models.ForceDeployment
        fields = []


class StatementFilterSet(DateSpanFilterSet):
    speaker_id = by_id("speaker", models.Actor)
    speaker = by_slug("speaker", models.Actor)
    on_behalf_of_id = by_id("on_behalf_of", models.Actor)
    on_behalf_of = by_slug("on_behalf_of", models.Actor)
    speech_act = by_choice("speech_act", choices.SpeechAct)
    channel = by_choice("channel", choices.Channel)
    language = filters.CharFilter(field_name="language", lookup_expr="iexact")
    attack_id = by_id("about_attacks", models.Attack)
    wave_id = by_id("about_waves", models.Wave)
    deployment_id = by_id("about_deployments", models.ForceDeployment)
    about_actor_id = by_id("about_actors", models.Actor)
    source_id = by_id("sources", models.Source)

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
