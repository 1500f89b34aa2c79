from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api import serializers
from api.concurrency import ConditionalRequestMixin
from api.filters import sets
from api.permissions import CanReview
from api.serializers.fast import representation
from api.serializers.history import HistoryEntrySerializer
from reports import models
from reports.services.history import record_history
from reports.services.review import (
    record_publish,
    record_retract,
    record_verify,
    review_status_after_edit,
)
from reports.services.summaries import TOTALS_RULE, wave_casualty_totals


class RecordViewSet(ConditionalRequestMixin, viewsets.ModelViewSet):
    """What every resource shares: the rows come from the model's ``for_api(viewer=...)``,
    which also hides unpublished records from those who may not edit them."""

    # Ids are 64-bit integers: anything else in the path is not a record (404), never a crash.
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return self.queryset.model.objects.for_api(viewer=self.request.user)

    def list(self, request, *args, **kwargs):
        # The serializer's output, written by a function compiled from it once per request
        # (api/serializers/fast.py) instead of DRF's walk over every field of every row.
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        represent = representation(self.get_serializer())
        rows = [represent(record) for record in (queryset if page is None else page)]
        return Response(rows) if page is None else self.get_paginated_response(rows)

    @extend_schema(responses=HistoryEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        """Every version of this record in time order, with what changed in each."""
        entries = record_history(record=self.get_object(), viewer=request.user)
        return Response(HistoryEntrySerializer(entries, many=True).data)


class RetractionSerializer(drf_serializers.Serializer):
    reason = drf_serializers.CharField(max_length=500, help_text="Why the record is withdrawn.")


class ReviewedRecordViewSet(RecordViewSet):
    """A curated record: created as a draft by its author, then verified, published or retracted."""

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    def perform_update(self, serializer):
        record = serializer.instance
        serializer.save(review_status=review_status_after_edit(record=record, user=self.request.user))

    def _review_step(self, step, **arguments):
        record = step(record=self.get_object(), user=self.request.user, **arguments)
        return Response(self.get_serializer(record).data)

    @extend_schema(request=None, summary="Verify a draft")
    @action(detail=True, methods=["post"], permission_classes=[CanReview])
    def verify(self, request, pk=None):
        return self._review_step(record_verify)

    @extend_schema(request=None, summary="Publish a verified record")
    @action(detail=True, methods=["post"], permission_classes=[CanReview])
    def publish(self, request, pk=None):
        return self._review_step(record_publish)

    @extend_schema(request=RetractionSerializer, summary="Retract a record, with a reason")
    @action(detail=True, methods=["post"], permission_classes=[CanReview])
    def retract(self, request, pk=None):
        body = RetractionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._review_step(record_retract, reason=body.validated_data["reason"])


class SourceViewSet(RecordViewSet):
    queryset = models.Source.objects.all()
    serializer_class = serializers.SourceSerializer
    filterset_class = sets.SourceFilterSet
    ordering_fields = ["published_on", "title", "updated_at", "id"]


class ActorViewSet(RecordViewSet):
    queryset = models.Actor.objects.all()
    serializer_class = serializers.ActorSerializer
    filterset_class = sets.ActorFilterSet
    ordering_fields = ["name", "updated_at", "id"]


class LocationViewSet(RecordViewSet):
    queryset = models.Location.objects.all()
    serializer_class = serializers.LocationSerializer
    filterset_class = sets.LocationFilterSet
    ordering_fields = ["name", "kind", "updated_at", "id"]


class WeaponViewSet(RecordViewSet):
    queryset = models.Weapon.objects.all()
    serializer_class = serializers.WeaponSerializer
    filterset_class = sets.WeaponFilterSet
    ordering_fields = ["name", "slug", "updated_at", "id"]


class TargetTypeViewSet(RecordViewSet):
    queryset = models.TargetType.objects.all()
    serializer_class = serializers.TargetTypeSerializer
    filterset_class = sets.TargetTypeFilterSet
    ordering_fields = ["name", "slug", "updated_at", "id"]


class WaveViewSet(ReviewedRecordViewSet):
    queryset = models.Wave.objects.all()
    serializer_class = serializers.WaveSerializer
    filterset_class = sets.WaveFilterSet
    ordering_fields = ["date_start", "date_end", "name", "updated_at", "id"]

    @extend_schema(responses=serializers.WaveSummarySerializer, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def summary(self, request, pk=None):
        """How many were killed, injured and otherwise harmed in this wave, computed from its figures."""
        wave = self.get_object()
        summary = {
            "wave": wave,
            "rule": TOTALS_RULE,
            "totals": wave_casualty_totals(wave=wave, viewer=request.user),
        }
        return Response(
            serializers.WaveSummarySerializer(summary, context=self.get_serializer_context()).data
        )


class AttackViewSet(ReviewedRecordViewSet):
    queryset = models.Attack.objects.all()
    serializer_class = serializers.AttackSerializer
    filterset_class = sets.AttackFilterSet
    ordering_fields = ["date_start", "date_end", "updated_at", "id"]


class CasualtyViewSet(ReviewedRecordViewSet):
    queryset = models.Casualty.objects.all()
    serializer_class = serializers.CasualtySerializer
    filterset_class = sets.CasualtyFilterSet
    ordering_fields = ["date_start", "date_end", "best", "low", "high", "updated_at", "id"]


class StatementViewSet(ReviewedRecordViewSet):
    queryset = models.Statement.objects.all()
    serializer_class = serializers.StatementSerializer
    filterset_class = sets.StatementFilterSet
    ordering_fields = ["date_start", "date_end", "updated_at", "id"]


class ForceDeploymentViewSet(ReviewedRecordViewSet):
    queryset = models.ForceDeployment.objects.all()
    serializer_class = serializers.ForceDeploymentSerializer
    filterset_class = sets.ForceDeploymentFilterSet
    ordering_fields = ["name", "date_start", "updated_at", "id"]


class ForceDeploymentStatusViewSet(ReviewedRecordViewSet):
    queryset = models.ForceDeploymentStatus.objects.all()
    serializer_class = serializers.ForceDeploymentStatusSerializer
    filterset_class = sets.ForceDeploymentStatusFilterSet
    ordering_fields = ["date_start", "date_end", "updated_at", "id"]


class ForceStrengthViewSet(ReviewedRecordViewSet):
    queryset = models.ForceStrength.objects.all()
    serializer_class = serializers.ForceStrengthSerializer
    filterset_class = sets.ForceStrengthFilterSet
    ordering_fields = ["date_start", "date_end", "best", "updated_at", "id"]
