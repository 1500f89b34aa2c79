"""Claimed figures (casualties, troop strengths), deployment statuses and deployments."""

from api.serializers import brief
from api.serializers.base import REVIEW_FIELDS, DetailUrlField, ReviewedSerializer, related
from api.serializers.events import DATES
from api.serializers.reference import TIMESTAMPS
from reports import models

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
