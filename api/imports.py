"""POST /api/v1/imports/: a JSON or CSV file of records, validated whole and written all or nothing."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, parsers, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as api_serializers
from api.filters.backends import refuse_blank_parameters
from reports.services.imports import (
    IMPORT_MAX_RECORDS,
    KINDS,
    ImportInvalid,
    ImportRow,
    ImportTooLarge,
    import_permissions,
    reports_import,
    rows_from_csv,
    rows_from_json,
)

# The API's write shape of each kind; the import file's records are the same, plus a key.
RECORD_SERIALIZERS = {
    "sources": api_serializers.SourceSerializer,
    "waves": api_serializers.WaveSerializer,
    "attacks": api_serializers.AttackSerializer,
    "force-deployments": api_serializers.ForceDeploymentSerializer,
    "statements": api_serializers.StatementSerializer,
    "casualties": api_serializers.CasualtySerializer,
    "force-strengths": api_serializers.ForceStrengthSerializer,
    "force-deployment-statuses": api_serializers.ForceDeploymentStatusSerializer,
}


class ImportQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=list(KINDS), required=False, help_text="The kind of records in a CSV file (required for CSV)."
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Validate the file and report what would be written; write nothing."
    )


def import_query(request) -> dict:
    refuse_blank_parameters(request.query_params)
    query = ImportQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


def _text(stream) -> str:
    try:
        return stream.read().decode("utf-8-sig") if stream is not None else ""
    except UnicodeDecodeError as error:
        raise exceptions.ParseError("An import file must be UTF-8 text.") from error


class ImportJSONParser(parsers.BaseParser):
    """Reads an import file into its rows, keeping the line each record starts on."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None) -> list[ImportRow]:
        return rows_from_json(text=_text(stream))


class ImportCSVParser(parsers.BaseParser):
    """Reads a CSV file of one kind of record (``?kind=``) into its rows."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None) -> list[ImportRow]:
        kind = import_query(parser_context["request"]).get("kind")
        if kind is None:
            raise exceptions.ValidationError({"kind": ["Name the kind of records in a CSV file."]})
        return rows_from_csv(text=_text(stream), kind=kind)


class CanImport(permissions.BasePermission):
    """Importing needs the permission to add and to change every kind of record in the file."""

    message = "Importing needs the permission to add and to change each kind of record in the file."

    def has_permission(self, request, view):
        user = request.user
        if not user.is_authenticated:
            return False
        # Someone who may import nothing is refused before the body is read.
        if not any(user.has_perms(import_permissions(kind=kind)) for kind in KINDS):
            return False
        rows = request.data if isinstance(request.data, list) else []
        return all(
            user.has_perms(import_permissions(kind=kind))
            for kind in {row.kind for row in rows} & KINDS.keys()
        )


class TooManyRecords(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_many_records"
    default_detail = "The file holds more records than one import takes."


class ImportFileSerializer(serializers.Serializer):
    """Lists of records by kind, each in the API's write shape plus its key."""

    def get_fields(self):
        return {
            kind: serializer(many=True, required=False) for kind, serializer in RECORD_SERIALIZERS.items()
        }


class KindCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(help_text="True when nothing was written.")
    counts = serializers.DictField(
        child=KindCountsSerializer(), help_text="By kind of record in the file (sources, attacks, ...)."
    )


class ImportRowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The line of the file the record starts on.")
    kind = serializers.CharField(allow_null=True)
    field = serializers.CharField(allow_null=True, help_text="Null when the error is about the whole record.")
    message = serializers.CharField()


class ImportRowErrorsSerializer(serializers.Serializer):
    """Each invalid record's errors in ``rows``; a bad query parameter's messages under its name."""

    rows = ImportRowErrorSerializer(many=True, required=False)


class ImportInvalidSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = ImportRowErrorsSerializer(
        required=False, help_text="Absent when the file cannot be read at all (not UTF-8, not JSON or CSV)."
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()


class ImportView(APIView):
    """Import a JSON or CSV file of records: all of it, or nothing and every row's errors."""

    parser_classes = [ImportJSONParser, ImportCSVParser]
    permission_classes = [CanImport]

    @extend_schema(
        operation_id="imports_create",
        summary="Import a file of records",
        description=(
            "A JSON object of lists (`sources`, `waves`, `attacks`, `force-deployments`, `statements`, "
            "`casualties`, `force-strengths`, `force-deployment-statuses`), or a CSV file of one kind "
            "(`?kind=`; many-to-many cells are `;`-separated). Each record is the API's write shape plus "
            "its key: `external_id` (required), or `document_url` for a source. A relation is an id, or "
            '`"ext:<external_id>"` / `"url:<document_url>"` for a record of the file or the database. '
            "The file is validated whole and written in one transaction, or not at all; records are "
            "matched by their key, so importing a file again creates no duplicates. New records are "
            f"drafts. At most {IMPORT_MAX_RECORDS} records per file."
        ),
        request={"application/json": ImportFileSerializer, "text/csv": OpenApiTypes.BINARY},
        parameters=[ImportQuerySerializer],
        responses={
            201: ImportReportSerializer,
            200: ImportReportSerializer,
            400: ImportInvalidSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            413: ErrorSerializer,
        },
        examples=[
            OpenApiExample(
                "A CSV file of casualties",
                request_only=True,
                media_type="text/csv",
                value=(
                    "external_id,attack,kind,best,qualifier,date_start,date_end,claimants,sources\n"
                    "poltava-killed,ext:poltava-2025-02-01,killed,14,exact,2025-02-01,2025-02-01,3,12;14\n"
                ),
            )
        ],
    )
    def post(self, request):
        dry_run = import_query(request)["dry_run"]
        if not isinstance(request.data, list):
            raise exceptions.ParseError("Send an import file as application/json or text/csv.")
        report = reports_import(records=request.data, user=request.user, dry_run=dry_run)
        return Response(
            ImportReportSerializer(report).data,
            status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED,
        )

    def handle_exception(self, exc):
        # The parsers and the service raise these. Answered here rather than as a DRF
        # ValidationError, which would turn each row's line number into a string.
        if isinstance(exc, ImportInvalid):
            body = {"detail": "Invalid input.", "code": "invalid", "errors": {"rows": exc.errors}}
            return Response(ImportInvalidSerializer(body).data, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, ImportTooLarge):
            exc = TooManyRecords(str(exc))
        return super().handle_exception(exc)
