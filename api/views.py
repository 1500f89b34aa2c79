from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api import serializers
from api.filters import sets
from reports import models
from reports.services.summaries import TOTALS_RULE, wave_casualty_totals


class SourceViewSet(viewsets.ModelViewSet):
    queryset = models.Source.objects.for_api()
    serializer_class = serializers.SourceSerializer
    filterset_class = sets.SourceFilterSet
    ordering_fields = ["published_on", "title", "updated_at", "id"]


class ActorViewSet(viewsets.ModelViewSet):
    queryset = models.Actor.objects.for_api()
    serializer_class = serializers.ActorSerializer
    filterset_class = sets.ActorFilterSet
    ordering_fields = ["name", "updated_at", "id"]


class LocationViewSet(viewsets.ModelViewSet):
    queryset = models.Location.objects.for_api()
    serializer_class = serializers.LocationSerializer
    filterset_class = sets.LocationFilterSet
    ordering_fields = ["name", "kind", "updated_at", "id"]


class WeaponViewSet(viewsets.ModelViewSet):
    queryset = models.Weapon.objects.for_api()
    serializer_class = serializers.WeaponSerializer
    filterset_class = sets.WeaponFilterSet
    ordering_fields = ["name", "slug", "updated_at", "id"]


class TargetTypeViewSet(viewsets.ModelViewSet):
    queryset = models.TargetType.objects.all()
    serializer_class = serializers.TargetTypeSerializer
    filterset_class = sets.TargetTypeFilterSet
    ordering_fields = ["name", "slug", "updated_at", "id"]


class WaveViewSet(viewsets.ModelViewSet):
    queryset = models.Wave.objects.for_api()
    serializer_class = serializers.WaveSerializer
    filterset_class = sets.WaveFilterSet
    ordering_fields = ["date_start", "date_end", "name", "updated_at", "id"]

    @extend_schema(responses=serializers.WaveSummarySerializer, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def summary(self, request, pk=None):
        """How many were killed, injured and otherwise harmed in this wave, computed from its figures."""
        wave = self.get_object()
        summary = {"wave": wave, "rule": TOTALS_RULE, "totals": wave_casualty_totals(wave=wave)}
        return Response(
            serializers.WaveSummarySerializer(summary, context=self.get_serializer_context()).data
        )


class AttackViewSet(viewsets.ModelViewSet):
    queryset = models.Attack.objects.for_api()
    serializer_class = serializers.AttackSerializer
    filterset_class = sets.AttackFilterSet
    ordering_fields = ["date_start", "date_end", "updated_at", "id"]


class CasualtyViewSet(viewsets.ModelViewSet):
    queryset = models.Casualty.objects.for_api()
    serializer_class = serializers.CasualtySerializer
    filterset_class = sets.CasualtyFilterSet
    ordering_fields = ["date_start", "date_end", "best", "low", "high", "updated_at", "id"]


class StatementViewSet(viewsets.ModelViewSet):
    queryset = models.Statement.objects.for_api()
    serializer_class = serializers.StatementSerializer
    filterset_class = sets.StatementFilterSet
    ordering_fields = ["date_start", "date_end", "updated_at", "id"]


class ForceDeploymentViewSet(viewsets.ModelViewSet):
    queryset = models.ForceDeployment.objects.for_api()
    serializer_class = serializers.ForceDeploymentSerializer
    filterset_class = sets.ForceDeploymentFilterSet
    ordering_fields = ["name", "date_start", "updated_at", "id"]


class ForceDeploymentStatusViewSet(viewsets.ModelViewSet):
    queryset = models.ForceDeploymentStatus.objects.for_api()
    serializer_class = serializers.ForceDeploymentStatusSerializer
    filterset_class = sets.ForceDeploymentStatusFilterSet
    ordering_fields = ["date_start", "date_end", "updated_at", "id"]


class ForceStrengthViewSet(viewsets.ModelViewSet):
    queryset = models.ForceStrength.objects.for_api()
    serializer_class = serializers.ForceStrengthSerializer
    filterset_class = sets.ForceStrengthFilterSet
    ordering_fields = ["date_start", "date_end", "best", "updated_at", "id"]
