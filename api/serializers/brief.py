"""The brief form of each record, used wherever it appears nested inside another."""

from rest_framework import serializers

from api.serializers.base import DetailUrlField, LinkedIdField
from reports import models


class SourceBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:source-detail")

    class Meta:
        model = models.Source
        fields = ["id", "url", "title", "publisher", "published_on"]


class ActorBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:actor-detail")

    class Meta:
        model = models.Actor
        fields = ["id", "url", "slug", "name", "kind"]


class LocationBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:location-detail")

    class Meta:
        model = models.Location
        fields = ["id", "url", "slug", "name", "kind"]


class WeaponBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:weapon-detail")

    class Meta:
        model = models.Weapon
        fields = ["id", "url", "slug", "name"]


class TargetTypeBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:target-type-detail")

    class Meta:
        model = models.TargetType
        fields = ["id", "url", "slug", "name"]


class WaveBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:wave-detail")

    class Meta:
        model = models.Wave
        fields = ["id", "url", "name", "date_start", "date_end"]


class AttackBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:attack-detail")

    class Meta:
        model = models.Attack
        fields = ["id", "url", "date_start", "date_end"]


class ForceDeploymentBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:force-deployment-detail")

    class Meta:
        model = models.ForceDeployment
        fields = ["id", "url", "name"]


class StatementBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:statement-detail")

    class Meta:
        model = models.Statement
        fields = ["id", "url", "speech_act", "date_start", "date_end"]


ESTIMATE_FIELDS = ["low", "best", "high", "qualifier", "phrase"]
DATE_FIELDS = ["date_start", "date_end", "date_precision"]
CLAIM_RANK_FIELDS = ["confidence", "rank"]


class CasualtyBriefSerializer(serializers.ModelSerializer):
    # included_in: the id of a figure the viewer may see, else null.
    serializer_related_field = LinkedIdField
    url = DetailUrlField(view_name="api:casualty-detail")

    class Meta:
        model = models.Casualty
        fields = [
            "id",
            "url",
            "kind",
            "population",
            "age_group",
            *ESTIMATE_FIELDS,
            *DATE_FIELDS,
            *CLAIM_RANK_FIELDS,
            "included_in",
        ]


class ForceStrengthBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:force-strength-detail")

    class Meta:
        model = models.ForceStrength
        fields = ["id", "url", *ESTIMATE_FIELDS, *DATE_FIELDS, *CLAIM_RANK_FIELDS]


class ForceDeploymentStatusBriefSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:force-deployment-status-detail")

    class Meta:
        model = models.ForceDeploymentStatus
        fields = ["id", "url", "status", "phrase", *DATE_FIELDS, *CLAIM_RANK_FIELDS]
