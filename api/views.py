from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api import columns, serializers
from api.concurrency import ConditionalRequestMixin
from api.exports import ExportListMixin, Table
from api.filters import sets
from api.filters.backends import GENERAL_PARAMETERS, StrictDjangoFilterBackend
from api.pagination import ChangesPagination, DeletionsPagination, KeysetPagination
from api.permissions import CanReview
from api.renderers import CSVRenderer
from api.serializers import rows
from api.serializers.base import StrictCharField
from api.serializers.history import HistoryEntrySerializer
from api.transactions import AtomicWritesMixin
from reports import models
from reports.choices import LocationKind, SummaryGrouping
from reports.services.figures import FIGURE_ORDER, attack_figures, deployment_figures
from reports.services.history import record_history
from reports.services.review import (
    record_publish,
    record_retract,
    record_verify,
    review_status_after_edit,
)
from reports.services.summaries import TOTALS_RULE, casualty_summary, wave_casualty_totals


class ValuesListMixin:
    """A JSON list page read as rows of values and written by a reader made once per serializer
    (api/serializers/rows.py), instead of model instances walked field by field by DRF; the
    output is the serializer's own (tests/api/test_list_rows.py). A serializer the reader cannot
    read as columns is written by DRF."""

    def list(self, request, *args, **kwargs):
        read = rows.reader(self.get_serializer_class())
        if read is None:
            return super().list(request, *args, **kwargs)
        visible = self.get_queryset()
        queryset = self.filter_queryset(visible)
        # A keyset feed's cursor is the last row's timestamp and id.
        extra = [self.paginator.timestamp_field] if isinstance(self.paginator, KeysetPagination) else []
        keys = read.keys(queryset, extra=extra)
        page = self.paginate_queryset(keys)
        data = read.write(
            list(keys) if page is None else page, visible=visible, context=self.get_serializer_context()
        )
        return Response(data) if page is None else self.get_paginated_response(data)


class RecordViewSet(
    AtomicWritesMixin, ExportListMixin, ValuesListMixin, ConditionalRequestMixin, viewsets.ModelViewSet
):
    """What every resource shares: the rows come from the model's ``for_api(viewer=...)``,
    which also hides unpublished records from those who may not edit them; the list is also
    a CSV (and for records with a place a GeoJSON) export, with the columns in ``export``."""

    # Ids are 64-bit integers: anything else in the path is not a record (404), never a crash.
    lookup_value_regex = "[0-9]{1,18}"
    # The query parameters understood besides the filters; an action may name its own.
    query_parameters = GENERAL_PARAMETERS

    def get_queryset(self):
        return self.queryset.model.objects.for_api(viewer=self.request.user)

    @extend_schema(
        summary="Records in the order they changed, for keeping a copy in step",
        description=(
            "Every record the viewer may see, oldest change first, in pages that follow on from one "
            "another by an opaque `cursor` (in the `next` link) instead of a page number, so that a "
            "deep page costs what the first does and nothing is skipped or repeated between pages. "
            "A record moves to the end whenever anything shown of it changes, its lists and nested "
            "records included. Takes the list's filters; `updated_after` starts the feed after a "
            "moment. Records that were deleted, or are no longer published, are listed by "
            "`/api/v1/deletions/`."
        ),
        filters=True,
    )
    @action(
        detail=False,
        methods=["get"],
        pagination_class=ChangesPagination,
        filter_backends=[StrictDjangoFilterBackend],
    )
    def changes(self, request):
        return self.list(request)

    @extend_schema(responses=HistoryEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        """Every version of this record in time order, with what changed in each."""
        entries = record_history(record=self.get_object(), viewer=request.user)
        return Response(HistoryEntrySerializer(entries, many=True).data)


class RetractionSerializer(drf_serializers.Serializer):
    reason = StrictCharField(max_length=500, help_text="Why the record is withdrawn.")


class ReviewedRecordViewSet(RecordViewSet):
    """A curated record: created as a draft by its author, then verified, published or retracted."""

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    def perform_update(self, serializer):
        record = serializer.instance
        serializer.save(review_status=review_status_after_edit(record=record, user=self.request.user))

    def visible_record(self):
        """The record in the path, if the viewer may see it, without what ``for_api`` joins to it:
        for an action that shows other rows than the record's own."""
        record = get_object_or_404(
            self.queryset.model.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        self.check_object_permissions(self.request, record)
        return record

    def figure_history(self, figures) -> Response:
        return Response(
            serializers.FigureHistoryItemSerializer(
                figures, many=True, context=self.get_serializer_context()
            ).data
        )

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
    export = columns.SOURCE
    filterset_class = sets.SourceFilterSet
    ordering_fields = ["published_on", "title", "publisher", "updated_at", "id"]


class ActorViewSet(RecordViewSet):
    queryset = models.Actor.objects.all()
    serializer_class = serializers.ActorSerializer
    export = columns.ACTOR
    filterset_class = sets.ActorFilterSet
    ordering_fields = ["name", "kind", "updated_at", "id"]


class LocationViewSet(RecordViewSet):
    queryset = models.Location.objects.all()
    serializer_class = serializers.LocationSerializer
    export = columns.LOCATION
    filterset_class = sets.LocationFilterSet
    ordering_fields = ["name", "kind", "updated_at", "id"]


class WeaponViewSet(RecordViewSet):
    queryset = models.Weapon.objects.all()
    serializer_class = serializers.WeaponSerializer
    export = columns.WEAPON
    filterset_class = sets.WeaponFilterSet
    ordering_fields = ["name", "slug", "updated_at", "id"]


class TargetTypeViewSet(RecordViewSet):
    queryset = models.TargetType.objects.all()
    serializer_class = serializers.TargetTypeSerializer
    export = columns.TARGET_TYPE
    filterset_class = sets.TargetTypeFilterSet
    ordering_fields = ["name", "slug", "updated_at", "id"]


class WaveViewSet(ReviewedRecordViewSet):
    queryset = models.Wave.objects.all()
    serializer_class = serializers.WaveSerializer
    export = columns.WAVE
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
    export = columns.ATTACK
    filterset_class = sets.AttackFilterSet
    ordering_fields = ["date_start", "date_end", "updated_at", "id"]

    @extend_schema(
        responses=serializers.FigureHistoryItemSerializer(many=True),
        filters=False,
        description="Every casualty figure claimed for this attack, rivals and revisions alike, with "
        f"its rank, claimants and sources. {FIGURE_ORDER}",
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def figures(self, request, pk=None):
        return self.figure_history(attack_figures(attack=self.visible_record(), viewer=request.user))


SUMMARY_DESCRIPTION = f"""\
Totals of the figures the casualty list would show for the same filters, one figure per fact,
grouped by casualty kind and by any of place, period, perpetrator, population, wave and
deployment. Each group names the figures it summed; `rule` says how they were chosen:

{TOTALS_RULE}

**Formats.** JSON by default. `?format=csv` (or `Accept: text/csv`) gives the same groups and
numbers as CSV, one row per group: the keys it is grouped by (`location_id`, `location_name`,
`location_scope`; `day`, `week` or `month`; `perpetrator_id`, `perpetrator_name`; `population`;
`wave_id`, `wave_name`; `deployment_id`, `deployment_name`), then `kind`, `low`, `best`, `high`
(empty when open-ended), `figures`, `sources` and `figure_ids` joined with `;`. The rule above is
not repeated in the CSV. Add `hxl=true` for an HXL hashtag row under the header: the place is
tagged by `admin_level` (`#country`, `#adm1`, `#adm2`, else `#loc`), the sums
`#affected+min`, `#affected+num` and `#affected+max`. Errors are JSON whatever the format."""


class CasualtyViewSet(ReviewedRecordViewSet):
    queryset = models.Casualty.objects.all()
    serializer_class = serializers.CasualtySerializer
    export = columns.CASUALTY
    filterset_class = sets.CasualtyFilterSet
    ordering_fields = ["date_start", "date_end", "kind", "best", "low", "high", "updated_at", "id"]

    @extend_schema(
        filters=True,
        description=SUMMARY_DESCRIPTION,
        parameters=[
            OpenApiParameter(
                "group_by",
                enum=SummaryGrouping.values,
                many=True,
                explode=True,
                description="What to group the totals by, besides the casualty kind: repeated "
                "(group_by=location&group_by=month) or comma-separated (group_by=location,month).",
            ),
            OpenApiParameter(
                "admin_level",
                enum=LocationKind.values,
                description="With group_by=location: the kind of place figures are rolled up to "
                "(a city's figures count for its region). Default: region.",
            ),
        ],
        # JSON first: generated clients take the first content type as the response.
        responses={
            (200, "application/json"): serializers.CasualtySummarySerializer,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    @action(
        detail=False,
        methods=["get"],
        filter_backends=[StrictDjangoFilterBackend],
        pagination_class=None,
        renderer_classes=[*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer],
        query_parameters={"format", "hxl", "group_by", "admin_level"},
    )
    def summary(self, request):
        query = serializers.CasualtySummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        summary = casualty_summary(
            figures=self.filter_queryset(self.get_queryset()),
            group_by=query.validated_data["group_by"],
            admin_level=query.validated_data.get("admin_level", LocationKind.REGION),
            viewer=request.user,
        )
        if isinstance(request.accepted_renderer, CSVRenderer):
            # A few hundred groups at most: written whole, not streamed.
            table = Table(
                columns=columns.casualty_summary_columns(
                    group_by=summary.group_by, admin_level=summary.admin_level
                ),
                rows=summary.totals,
            )
            return Response(
                table, headers={"Content-Disposition": 'attachment; filename="casualty-summary.csv"'}
            )
        return Response(
            serializers.CasualtySummarySerializer(summary, context=self.get_serializer_context()).data
        )


class StatementViewSet(ReviewedRecordViewSet):
    queryset = models.Statement.objects.all()
    serializer_class = serializers.StatementSerializer
    export = columns.STATEMENT
    filterset_class = sets.StatementFilterSet
    ordering_fields = ["date_start", "date_end", "updated_at", "id"]


class ForceDeploymentViewSet(ReviewedRecordViewSet):
    queryset = models.ForceDeployment.objects.all()
    serializer_class = serializers.ForceDeploymentSerializer
    export = columns.FORCE_DEPLOYMENT
    filterset_class = sets.ForceDeploymentFilterSet
    ordering_fields = ["name", "date_start", "date_end", "updated_at", "id"]

    @extend_schema(
        responses=serializers.FigureHistoryItemSerializer(many=True),
        filters=False,
        description="Every troop strength, casualty figure and status claimed for this deployment, "
        "rivals and revisions alike, with its rank, claimants and sources: how the estimates "
        f"evolved. {FIGURE_ORDER}",
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def figures(self, request, pk=None):
        return self.figure_history(deployment_figures(deployment=self.visible_record(), viewer=request.user))


class ForceDeploymentStatusViewSet(ReviewedRecordViewSet):
    queryset = models.ForceDeploymentStatus.objects.all()
    serializer_class = serializers.ForceDeploymentStatusSerializer
    export = columns.FORCE_DEPLOYMENT_STATUS
    filterset_class = sets.ForceDeploymentStatusFilterSet
    ordering_fields = ["date_start", "date_end", "status", "updated_at", "id"]


class ForceStrengthViewSet(ReviewedRecordViewSet):
    queryset = models.ForceStrength.objects.all()
    serializer_class = serializers.ForceStrengthSerializer
    export = columns.FORCE_STRENGTH
    filterset_class = sets.ForceStrengthFilterSet
    ordering_fields = ["date_start", "date_end", "best", "low", "high", "updated_at", "id"]


class DeletionViewSet(AtomicWritesMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Tombstones of records that were deleted, or withdrawn from publication, oldest first.

    The public is told of the records it could see; an editor also of the drafts they may edit.
    A ``withdrawn`` record still exists for editors, who pass ``reason=deleted``; it is listed
    only while it stays unpublished. Keyset pages on (``removed_at``, id), as the changes feeds.
    """

    queryset = models.Deletion.objects.all()
    serializer_class = serializers.DeletionSerializer
    filterset_class = sets.DeletionFilterSet
    # Always in the order they were written: no ordering parameter.
    filter_backends = [StrictDjangoFilterBackend]
    pagination_class = DeletionsPagination

    def get_queryset(self):
        return models.Deletion.objects.for_api(viewer=self.request.user)
