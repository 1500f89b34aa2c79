"""Claimed figures (casualties, troop strengths), deployment statuses and deployments."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from api.serializers import brief
from api.serializers.base import REVIEW_FIELDS, DetailUrlField, ReviewedSerializer, related
from api.serializers.events import DATES
from api.serializers.reference import TIMESTAMPS
from reports import models
from reports.choices import (
    AgeGroup,
    CasualtyKind,
    Confidence,
    DatePrecision,
    DeploymentStatus,
    FigureType,
    Population,
    Qualifier,
    Rank,
    ReviewStatus,
)
from reports.services.figures import figure_type

ESTIMATE = ["low", "best", "high", "qualifier", "phrase"]
CLAIM = ["claimants", "sources", "statement", "confidence", "rank", "rank_reason"]


class ClaimSerializer(ReviewedSerializer):
    """Provenance every claim carries: at least one claimant and one source document."""

    claimants = related(brief.ActorBriefSerializer, models.Actor, many=True, allow_empty=False)
    sources = related(brief.SourceBriefSerializer, models.Source, many=True, allow_empty=False)
    statement = related(brief.StatementBriefSerializer, models.Statement, required=False, allow_null=True)


class CasualtySerializer(ClaimSerializer):
    url = DetailUrlField(view_name="api:casualty-detail")
    attack = related(brief.AttackBriefSerializer, models.Attack, required=False, allow_null=True)
    wave = related(brief.WaveBriefSerializer, models.Wave, required=False, allow_null=True)
    deployment = related(
        brief.ForceDeploymentBriefSerializer, models.ForceDeployment, required=False, allow_null=True
    )
    locations = related(brief.LocationBriefSerializer, models.Location, many=True, required=False)
    included_in = related(brief.CasualtyBriefSerializer, models.Casualty, required=False, allow_null=True)

    class Meta:
        model = models.Casualty
        fields = [
            "id",
            "url",
            "attack",
            "wave",
            "deployment",
            "kind",
            "population",
            "age_group",
            *ESTIMATE,
            *DATES,
            "locations",
            "included_in",
            *CLAIM,
            "notes",
            *REVIEW_FIELDS,
            *TIMESTAMPS,
        ]


class ForceStrengthSerializer(ClaimSerializer):
    url = DetailUrlField(view_name="api:force-strength-detail")
    deployment = related(brief.ForceDeploymentBriefSerializer, models.ForceDeployment)

    class Meta:
        model = models.ForceStrength
        fields = ["id", "url", "deployment", *ESTIMATE, *DATES, *CLAIM, "notes", *REVIEW_FIELDS, *TIMESTAMPS]


class ForceDeploymentStatusSerializer(ClaimSerializer):
    url = DetailUrlField(view_name="api:force-deployment-status-detail")
    deployment = related(brief.ForceDeploymentBriefSerializer, models.ForceDeployment)

    class Meta:
        model = models.ForceDeploymentStatus
        fields = [
            "id",
            "url",
            "deployment",
            "status",
            "phrase",
            "evidence",
            *DATES,
            *CLAIM,
            *REVIEW_FIELDS,
            *TIMESTAMPS,
        ]


class ForceDeploymentSerializer(ReviewedSerializer):
    url = DetailUrlField(view_name="api:force-deployment-detail")
    deploying_actor = related(brief.ActorBriefSerializer, models.Actor)
    supported_actor = related(brief.ActorBriefSerializer, models.Actor)
    location = related(brief.LocationBriefSerializer, models.Location, required=False, allow_null=True)
    sources = related(brief.SourceBriefSerializer, models.Source, many=True, allow_empty=False)
    statuses = brief.ForceDeploymentStatusBriefSerializer(many=True, read_only=True)
    strengths = brief.ForceStrengthBriefSerializer(many=True, read_only=True)
    casualties = brief.CasualtyBriefSerializer(many=True, read_only=True)

    class Meta:
        model = models.ForceDeployment
        fields = [
            "id",
            "url",
            "name",
            "deploying_actor",
            "supported_actor",
            "location",
            "purpose",
            "description",
            *DATES,
            "sources",
            "statuses",
            "strengths",
            "casualties",
            *REVIEW_FIELDS,
            *TIMESTAMPS,
        ]


FIGURE_DETAIL_VIEWS = {
    FigureType.CASUALTY: "api:casualty-detail",
    FigureType.FORCE_STRENGTH: "api:force-strength-detail",
    FigureType.DEPLOYMENT_STATUS: "api:force-deployment-status-detail",
}


class FigureHistoryItemSerializer(serializers.Serializer):
    """One figure in a figure history: a casualty figure, a troop strength or a deployment status.

    ``figure_type`` says which; the fields that do not apply to it are null: ``kind``,
    ``population`` and ``age_group`` are a casualty figure's, ``status`` a deployment status's,
    and ``low``, ``best``, ``high`` and ``qualifier`` belong to casualty figures and strengths.
    """

    figure_type = serializers.SerializerMethodField()
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    date_start = serializers.DateField()
    date_end = serializers.DateField()
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    kind = serializers.ChoiceField(choices=CasualtyKind.choices, allow_null=True)
    population = serializers.ChoiceField(choices=Population.choices, allow_null=True)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, allow_null=True)
    status = serializers.ChoiceField(choices=DeploymentStatus.choices, allow_null=True)
    low = serializers.IntegerField(allow_null=True)
    best = serializers.IntegerField(allow_null=True)
    high = serializers.IntegerField(allow_null=True)
    qualifier = serializers.ChoiceField(choices=Qualifier.choices, allow_null=True)
    phrase = serializers.CharField(help_text="The figure or the claim in the source's words.")
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    rank = serializers.ChoiceField(choices=Rank.choices)
    rank_reason = serializers.CharField()
    claimants = brief.ActorBriefSerializer(many=True)
    sources = brief.SourceBriefSerializer(many=True)
    review_status = serializers.ChoiceField(choices=ReviewStatus.choices)

    @extend_schema_field(serializers.ChoiceField(choices=FigureType.choices))
    def get_figure_type(self, figure) -> str:
        return figure_type(figure)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, figure) -> str:
        view_name = FIGURE_DETAIL_VIEWS[figure_type(figure)]
        return reverse(view_name, kwargs={"pk": figure.pk}, request=self.context.get("request"))
