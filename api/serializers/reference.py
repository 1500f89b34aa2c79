"""Sources, actors, places and the weapon and target vocabularies."""

from django.db import transaction
from rest_framework import serializers

from api.serializers import brief
from api.serializers.base import DetailUrlField, ModelValidatedSerializer, StrictStringsMixin, related
from reports import models

TIMESTAMPS = ["created_at", "updated_at"]


class SourceSerializer(ModelValidatedSerializer):
    url = DetailUrlField(view_name="api:source-detail")
    document_url = serializers.URLField(
        source="url",
        max_length=1000,
        required=False,
        allow_null=True,
        help_text="Where the document is published.",
    )

    class Meta:
        model = models.Source
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "document_url",
            "published_on",
            "language",
            "kind",
            "notes",
            *TIMESTAMPS,
        ]


class ActorSerializer(ModelValidatedSerializer):
    url = DetailUrlField(view_name="api:actor-detail")
    parent = related(brief.ActorBriefSerializer, models.Actor, required=False, allow_null=True)

    class Meta:
        model = models.Actor
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "kind",
            "country",
            "parent",
            "title",
            "description",
            *TIMESTAMPS,
        ]


class LocationNameSerializer(StrictStringsMixin, serializers.ModelSerializer):
    class Meta:
        model = models.LocationName
        fields = ["name", "language"]


class LocationSerializer(ModelValidatedSerializer):
    url = DetailUrlField(view_name="api:location-detail")
    parent = related(brief.LocationBriefSerializer, models.Location, required=False, allow_null=True)
    names = LocationNameSerializer(
        many=True, required=False, help_text="Other names and spellings; a write replaces the whole list."
    )

    class Meta:
        model = models.Location
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "kind",
            "country",
            "code",
            "parent",
            "latitude",
            "longitude",
            "names",
            *TIMESTAMPS,
        ]

    def validate_names(self, names):
        spellings = [entry["name"] for entry in names]
        if len(spellings) != len(set(spellings)):
            raise serializers.ValidationError("Each name may be listed once.")
        return names

    @transaction.atomic
    def create(self, validated_data):
        names = validated_data.pop("names", [])
        location = super().create(validated_data)
        self._replace_names(location, names)
        return location

    @transaction.atomic
    def update(self, instance, validated_data):
        names = validated_data.pop("names", None)
        location = super().update(instance, validated_data)
        if names is not None:
            self._replace_names(location, names)
        return location

    @staticmethod
    def _replace_names(location: models.Location, names: list[dict]) -> None:
        location.names.all().delete()
        # One save per name (a place has a handful): save() folds the name for searching
        # and the history records it; bulk_create() would skip both.
        for entry in names:
            models.LocationName(location=location, **entry).save()


class WeaponSerializer(ModelValidatedSerializer):
    url = DetailUrlField(view_name="api:weapon-detail")
    parent = related(brief.WeaponBriefSerializer, models.Weapon, required=False, allow_null=True)

    class Meta:
        model = models.Weapon
        fields = ["id", "url", "slug", "name", "parent", "description", *TIMESTAMPS]


class TargetTypeSerializer(ModelValidatedSerializer):
    url = DetailUrlField(view_name="api:target-type-detail")

    class Meta:
        model = models.TargetType
        fields = ["id", "url", "slug", "name", "description", *TIMESTAMPS]
