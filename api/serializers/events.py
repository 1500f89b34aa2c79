"""Waves, attacks and statements."""

from api.serializers import brief
from api.serializers.base import REVIEW_FIELDS, DetailUrlField, ReviewedSerializer, related
from api.serializers.reference import TIMESTAMPS
from reports import models

DATES = ["date_start", "date_end", "date_precision"]


class WaveSerializer(ReviewedSerializer):
    url = DetailUrlField(view_name="api:wave-detail")
    perpetrator = related(brief.ActorBriefSerializer, models.Actor, required=False, allow_null=True)
    weapons = related(brief.WeaponBriefSerializer, models.Weapon, many=True, required=False)
    sources = related(brief.SourceBriefSerializer, models.Source, many=True, allow_empty=False)
    attacks = brief.AttackBriefSerializer(many=True, read_only=True)
    casualties = brief.CasualtyBriefSerializer(
        many=True,
        read_only=True,
        help_text="Figures given for the wave as a whole, not for one of its attacks.",
    )

    class Meta:
        model = models.Wave
        fields = [
            "id",
            "url",
            "name",
            "kind",
            "description",
            *DATES,
            "perpetrator",
            "weapons",
            "sources",
            "attacks",
            "casualties",
            *REVIEW_FIELDS,
            *TIMESTAMPS,
        ]


class AttackSerializer(ReviewedSerializer):
    url = DetailUrlField(view_name="api:attack-detail")
    wave = related(brief.WaveBriefSerializer, models.Wave, required=False, allow_null=True)
    location = related(brief.LocationBriefSerializer, models.Location)
    perpetrator = related(brief.ActorBriefSerializer, models.Actor, required=False, allow_null=True)
    weapons = related(brief.WeaponBriefSerializer, models.Weapon, many=True, required=False)
    targets = related(brief.TargetTypeBriefSerializer, models.TargetType, many=True, required=False)
    sources = related(brief.SourceBriefSerializer, models.Source, many=True, allow_empty=False)
    casualties = brief.CasualtyBriefSerializer(many=True, read_only=True)

    class Meta:
        model = models.Attack
        fields = [
            "id",
            "url",
            "wave",
            "location",
            *DATES,
            "perpetrator",
            "weapons",
            "targets",
            "damage",
            "damage_description",
            "description",
            "confidence",
            "sources",
            "casualties",
            *REVIEW_FIELDS,
            *TIMESTAMPS,
        ]


class StatementSerializer(ReviewedSerializer):
    url = DetailUrlField(view_name="api:statement-detail")
    speaker = related(brief.ActorBriefSerializer, models.Actor)
    on_behalf_of = related(brief.ActorBriefSerializer, models.Actor, required=False, allow_null=True)
    sources = related(brief.SourceBriefSerializer, models.Source, many=True, allow_empty=False)
    about_attacks = related(brief.AttackBriefSerializer, models.Attack, many=True, required=False)
    about_waves = related(brief.WaveBriefSerializer, models.Wave, many=True, required=False)
    about_deployments = related(
        brief.ForceDeploymentBriefSerializer, models.ForceDeployment, many=True, required=False
    )
    about_actors = related(brief.ActorBriefSerializer, models.Actor, many=True, required=False)

    class Meta:
        model = models.Statement
        fields = [
            "id",
            "url",
            "speaker",
            "speaker_role",
            "on_behalf_of",
            *DATES,
            "channel",
            "speech_act",
            "quote",
            "paraphrase",
            "language",
            "sources",
            "about_attacks",
            "about_waves",
            "about_deployments",
            "about_actors",
            *REVIEW_FIELDS,
            *TIMESTAMPS,
        ]
