"""Schema tweaks: how our own field types appear in the OpenAPI document, what every
operation shares (its error responses, in the one error shape, and the version headers),
and the CSV and GeoJSON exports of the lists."""

import re

from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_serializer
from rest_framework import permissions, serializers

from api.exports import LEADING_COLUMNS, Export
from api.pagination import KeysetPagination
from api.renderers import HXL_PARAMETER, ExportRenderer
from reports.models.common import sees_drafts


class BriefRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """A relation reads as the related record's brief object and is written as its id."""

    target_class = "api.serializers.base.BriefRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        component = auto_schema.resolve_serializer(self.target.brief_serializer, direction)
        listed = isinstance(self.target.parent, serializers.ManyRelatedField)  # a list leaves drafts out
        may_be_hidden = not sees_drafts(self.target.brief_serializer.Meta.model, None)
        if may_be_hidden and not listed and not self.target.allow_null:
            # Null for a viewer who may not see the linked record: a draft linked from a published one.
            return {"allOf": [component.ref], "nullable": True}
        return component.ref


class DescribedFilterExtension(DjangoFilterExtension):
    """django-filter parameters, keeping the filter's label as the description when the filter's
    type is pinned with ``extend_schema_field`` (drf-spectacular drops it then)."""

    target_class = "api.filters.backends.StrictDjangoFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            if filter_field.label and not parameter.get("description"):
                parameter["description"] = str(filter_field.label)
        return parameters


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error has this shape.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for people."},
        "code": {
            "type": "string",
            "description": "What went wrong, for programs: invalid, not_authenticated, not_found, "
            "conflict, precondition_failed, throttled, ...",
        },
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "Only on a 400: the messages for each field or query parameter by its name, "
            "non_field_errors for the request as a whole.",
        },
    },
    "required": ["detail", "code"],
}

ERRORS = {
    "400": "Invalid input: a field or a query parameter is wrong; `errors` names each.",
    "401": "Not signed in: no credentials, or a token that is unknown or expired.",
    "403": "Signed in, but without the permission this needs.",
    "404": "No such record, or none the viewer may see.",
    "404 page": "No such page: the page number is past the last page, or not a page number.",
    "409": "The record's state does not allow it: other records still refer to it, or the review "
    "step does not apply to its status.",
    "412": "The record has changed since the version in If-Match: read it again, then redo the change.",
    "413": "The request body is larger than the server accepts.",
    "414": "The URL is longer than the server accepts (gunicorn refuses a request line over 4,094 "
    "bytes, with a page of its own): send fewer or shorter query parameters.",
    "415": "The request body is in a media type this operation does not read.",
    "428": "If-Match is missing: send the ETag of the record as last read.",
    "429": "Too many requests: wait the number of seconds in Retry-After.",
}

# Refused by the WSGI server before the API sees the request.
SERVER_ERRORS = {"414"}

VERSION = {"type": "string", "example": '"3"'}
# What If-Match takes: the ETag as it came, a quoted version (weak or strong alike).
ENTITY_TAG = {**VERSION, "pattern": '^(W/)?"[0-9]+"$'}

ETAG = {
    "schema": VERSION,
    "description": "The record's version. Send it back in If-Match to change the record.",
}

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": ENTITY_TAG,
    "description": "The ETag of the record as last read. The write is refused with a 412 if the "
    "record has changed since, and with a 428 without it.",
}

IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": VERSION,
    "description": "The ETag of the copy the client holds: a 304 with no body if it is still current.",
}

RETRY_AFTER = {"schema": {"type": "integer"}, "description": "Seconds to wait before the next request."}

# A record's id in a path: the route takes up to N digits (RecordViewSet.lookup_value_regex).
DIGITS_PATTERN = re.compile(r"\^\[0-9\]\{1,(\d+)\}\$")


def _path_ids_as_integers(operation: dict) -> None:
    """A path id the route matches as digits is documented as the integer it is, as in the bodies."""
    for parameter in operation.get("parameters", []):
        digits = DIGITS_PATTERN.fullmatch(parameter["schema"].get("pattern", ""))
        if parameter["in"] == "path" and digits:
            parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 10 ** int(digits[1]) - 1}


# A path ending in a path parameter is one record; one with more after it is an action on a record.
RECORD_PATH = re.compile(r"\{[^/]+\}/$")
ON_A_RECORD = re.compile(r"\{[^/]+\}/")


def _conditional(path: str, method: str) -> bool:
    """Whether the operation writes to one record, which needs If-Match (api.concurrency)."""
    return method in {"put", "patch", "delete"} or (method == "post" and bool(ON_A_RECORD.search(path)))


def _tagged_status(path: str, method: str, paths: dict) -> str | None:
    """The success status whose response shows one record, and so carries its ETag."""
    if method in {"get", "put", "patch"} and RECORD_PATH.search(path):
        return "200"
    if method == "post" and ON_A_RECORD.search(path):
        return "200"  # a review step answers with the record
    if method == "post" and any(RECORD_PATH.fullmatch(other.removeprefix(path)) for other in paths):
        return "201"  # a collection of records with paths of their own
    return None


def _query_parameter(operation: dict, name: str) -> bool:
    return any(
        parameter.get("in") == "query" and parameter["name"] == name
        for parameter in operation.get("parameters", [])
    )


def _error_description(path: str, code: str) -> str:
    if code == "404" and not ON_A_RECORD.search(path):
        return ERRORS["404 page"]
    return ERRORS[code]


def _error_codes(path: str, method: str, operation: dict) -> set[str]:
    has_body = "requestBody" in operation
    has_query = any(parameter.get("in") == "query" for parameter in operation.get("parameters", []))
    codes = {"429"}
    if has_body or has_query:
        codes.add("400")
    if has_query:
        codes.add("414")
    if method != "get":
        codes |= {"401", "403"}
    if ON_A_RECORD.search(path) or _query_parameter(operation, "page"):
        codes.add("404")
    if method == "delete" or (method == "post" and ON_A_RECORD.search(path)):
        codes.add("409")
    if _conditional(path, method):
        codes |= {"412", "428"}
    if has_body:
        codes |= {"413", "415"}
    return codes


def document_errors_and_versions(result, generator, request, public):
    """Every operation's error responses in the one error shape; ETag, If-Match and If-None-Match.

    A postprocessing hook: it sees every operation at once, including those of views that
    are not viewsets. What an operation documents for a status itself is kept.
    """
    result["components"]["schemas"]["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    paths = result["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            _path_ids_as_integers(operation)
            if _conditional(path, method):
                operation.setdefault("parameters", []).append(IF_MATCH)
            if method == "get" and RECORD_PATH.search(path):
                operation.setdefault("parameters", []).append(IF_NONE_MATCH)
                responses["304"] = {"description": "Not modified.", "headers": {"ETag": ETAG}}
            tagged = _tagged_status(path, method, paths)
            if tagged in responses:
                responses[tagged].setdefault("headers", {})["ETag"] = ETAG
            for code in _error_codes(path, method, operation):
                # The server, not the API, refuses a long URL: its page is not the error shape.
                documented = responses.setdefault(code, {} if code in SERVER_ERRORS else {"content": error})
                documented["description"] = documented.get("description") or _error_description(path, code)
            responses["429"].setdefault("headers", {})["Retry-After"] = RETRY_AFTER
            operation["responses"] = dict(sorted(responses.items()))
    return result


EXPORTS_DESCRIPTION = """

**Formats.** JSON pages by default. `?format=csv` (or `Accept: text/csv`) exports **every** matching
row, not one page, as CSV: one row per record, related records as `<name>_id` and `<name>_name`,
lists of related records as their slugs or ids joined with `;`; add `hxl=true` for an HXL hashtag
row under the header. The same filters and ordering apply; `page`, `page_size` and `count` do not (a 400).
Errors are JSON whatever the format."""

GEOJSON_DESCRIPTION = """

`?format=geojson` (or `Accept: application/geo+json`) exports the same rows as a GeoJSON
FeatureCollection, the CSV columns as each Feature's properties. Geometry: """


@extend_schema_serializer(many=False)
class FeatureCollection(serializers.Serializer):
    """The GeoJSON export of a list; FeatureCollectionExtension writes its schema from the columns."""

    def __init__(self, *, resource: str, export: Export, **kwargs):
        self.resource = resource
        self.export = export
        super().__init__(**kwargs)


POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Point", "MultiPoint"]},
        "coordinates": {
            "type": "array",
            "items": {},
            "description": "[longitude, latitude] for a Point; a list of them for a MultiPoint.",
        },
    },
}


class FeatureCollectionExtension(OpenApiSerializerExtension):
    target_class = FeatureCollection

    def get_name(self, auto_schema, direction):
        return f"{self.target.resource}FeatureCollection"

    def get_identity(self, auto_schema, direction):
        return self.get_name(auto_schema, direction)

    def map_serializer(self, auto_schema, direction):
        names = [*LEADING_COLUMNS, *(column.name for column in self.target.export.columns)]
        feature = {
            "type": "object",
            "required": ["type", "id", "geometry", "properties"],
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "id": {"type": "integer"},
                "geometry": {**POINT, "nullable": True, "description": "null without coordinates."},
                "properties": {
                    "type": "object",
                    "description": "The columns of the CSV export: numbers as numbers, an empty cell as "
                    "null, a list as its items joined with ;.",
                    "properties": {name: {} for name in names},
                },
            },
        }
        return {
            "type": "object",
            "required": ["type", "features"],
            "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "features": {"type": "array", "items": feature},
            },
        }


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, plus: a list that exports (api/exports.py) documents CSV, and GeoJSON where it
    has one, after its JSON; any read that answers in CSV (a list, the casualty summary) documents
    ``format`` and ``hxl``; a read that anyone may make says so in its security requirements; a feed
    (a list paginated by keyset, see api.pagination) gets a page component of its own, since its page
    has a cursor where a numbered list's has a count."""

    def _is_list_view(self, serializer=None) -> bool:
        # The changes feed is an extra action, which drf-spectacular takes for one record.
        return isinstance(self._get_paginator(), KeysetPagination) or super()._is_list_view(serializer)

    def get_paginated_name(self, serializer_name: str) -> str:
        if isinstance(self._get_paginator(), KeysetPagination):
            return f"{serializer_name}Feed"
        return super().get_paginated_name(serializer_name)

    def get_auth(self):
        auths = super().get_auth()
        # drf-spectacular knows AllowAny and IsAuthenticatedOrReadOnly, not the Django model
        # permissions we use; without `{}` a generated client demands a token to read.
        anonymous_reads = any(
            isinstance(permission, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )
        if anonymous_reads and self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _export(self) -> Export | None:
        if self.method == "GET" and getattr(self.view, "action", None) == "list":
            return getattr(self.view, "export", None)
        return None

    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        export = self._export()
        if export is None:
            return serializer
        # JSON first: generated clients take the first content type as the response.
        responses = {(200, "application/json"): serializer, (200, "text/csv"): OpenApiTypes.STR}
        if export.geometry is not None:
            resource = self.view.queryset.model.__name__
            responses[(200, "application/geo+json")] = FeatureCollection(resource=resource, export=export)
        return responses

    def get_description(self):
        description = super().get_description()
        export = self._export()
        if export is None:
            return description
        if export.geometry is None:
            return description + EXPORTS_DESCRIPTION
        geometry = " ".join(export.geometry.__doc__.split())
        return description + EXPORTS_DESCRIPTION + GEOJSON_DESCRIPTION + geometry

    def _export_formats(self) -> list[str]:
        """The formats the operation answers in besides JSON: a list's exports, a summary's CSV."""
        if self.method != "GET":
            return []
        return [
            renderer.format for renderer in self.view.get_renderers() if isinstance(renderer, ExportRenderer)
        ]

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        formats = self._export_formats()
        if not formats:
            return parameters
        exports = "; csv and geojson export every matching row" if self._export() is not None else ""
        return [
            *parameters,
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", *formats],
                description=f"The response's format, instead of the Accept header{exports}.",
            ),
            OpenApiParameter(
                HXL_PARAMETER,
                OpenApiTypes.BOOL,
                description="With format=csv: an HXL hashtag row under the header.",
            ),
        ]
