"""The writers of responses: JSON by orjson (the same bytes as DRF's own renderer, faster);
CSV and GeoJSON for any table of rows and columns (api/exports.py), streamed or whole.

``stream()`` yields the text as the rows are read, in pieces of about ``CHUNK_CHARACTERS`` (bytes
for a table of lines that PostgreSQL wrote);
``render()`` writes a table whole, for responses small enough to hold (grouped totals).
"""

import csv
import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import orjson
from django.http import Http404
from rest_framework import renderers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.utils import encoders

# Rows are gathered into pieces of about this size before they are sent, not one write per row.
CHUNK_CHARACTERS = 64 * 1024

# How the csv module ends a line (its "excel" dialect), as RFC 4180 does.
LINE_END = b"\r\n"

# The HXL hashtag row is asked for with ?hxl=true (a CSV only), spelt like a JSON boolean
# (in any letter case, as some clients write True).
HXL_PARAMETER = "hxl"
HXL_VALUES = {"true": True, "false": False}


def text(value: Any) -> str:
    """A value as a CSV cell: empty for None, ISO 8601 for dates, items joined with ";" for a list."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(text(item) for item in value)
    if isinstance(value, datetime.datetime):
        # As the JSON shows it: UTC is written Z.
        written = value.isoformat()
        return written.removesuffix("+00:00") + "Z" if written.endswith("+00:00") else written
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def json_value(value: Any) -> Any:
    """A value as a GeoJSON property: numbers stay numbers, null stays null, the rest reads as in the CSV."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return text(value)


def _pieces(parts: Iterator[str]) -> Iterator[str]:
    """The first part (the header) at once, so that a download starts before any row is read; then
    the rest gathered into pieces of about CHUNK_CHARACTERS rather than one write per row."""
    parts = iter(parts)
    first = next(parts, None)
    if first is not None:
        yield first
    gathered: list[str] = []
    size = 0
    for part in parts:
        gathered.append(part)
        size += len(part)
        if size >= CHUNK_CHARACTERS:
            yield "".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield "".join(gathered)


def hxl_requested(request) -> bool:
    """Whether ``?hxl=true`` asks for the HXL hashtag row; a value other than true or false is a 400."""
    given = request.query_params.get(HXL_PARAMETER)
    if given is None:
        return False
    if given.lower() not in HXL_VALUES:
        raise ValidationError({HXL_PARAMETER: ["Give true or false."]})
    return HXL_VALUES[given.lower()]


class _Line:
    """What csv.writer writes to: it hands the line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


class ExportRenderer(BaseRenderer):
    """A format a list can be exported in: the whole result, never one page of it."""

    charset = "utf-8"

    def stream(self, table, *, hxl: bool = False) -> Iterator[str]:
        raise NotImplementedError

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        request = (renderer_context or {}).get("request")
        hxl = request is not None and hxl_requested(request)
        return b"".join(
            piece.encode(self.charset) if isinstance(piece, str) else piece
            for piece in self.stream(data, hxl=hxl)
        )


class CSVRenderer(ExportRenderer):
    """One row per record under a header row, and with ``hxl`` an HXL hashtag row under the header."""

    media_type = "text/csv"
    format = "csv"

    def stream(self, table, *, hxl: bool = False) -> Iterator[str] | Iterator[bytes]:
        if table.lines:
            return self._written_lines(table, hxl=hxl)
        return _pieces(self._lines(table, hxl=hxl))

    def _heading(self, table, writer, *, hxl: bool) -> Iterator[str]:
        yield writer.writerow([column.name for column in table.columns])
        if hxl:
            yield writer.writerow([column.hxl for column in table.columns])

    def _written_lines(self, table, *, hxl: bool) -> Iterator[bytes]:
        """A table whose rows are their lines already, as bytes without the line's end (written
        by PostgreSQL): ended as the csv module ends them and gathered into pieces, as bytes."""
        yield "".join(self._heading(table, csv.writer(_Line()), hxl=hxl)).encode(self.charset)
        gathered: list = []
        size = 0
        for line in table.rows:
            gathered.append(line)
            size += len(line) + 2
            if size >= CHUNK_CHARACTERS:
                gathered.append(b"")
                yield LINE_END.join(gathered)
                gathered, size = [], 0
        if gathered:
            gathered.append(b"")
            yield LINE_END.join(gathered)

    def _lines(self, table, *, hxl: bool) -> Iterator[str]:
        writer = csv.writer(_Line())
        yield from self._heading(table, writer, hxl=hxl)
        if table.written:
            yield from map(writer.writerow, table.rows)
            return
        for row in table.rows:
            yield writer.writerow([text(column.value(row)) for column in table.columns])


class GeoJSONRenderer(ExportRenderer):
    """A FeatureCollection: one Feature per record, its columns as properties, null geometry if unplaced."""

    media_type = "application/geo+json"
    format = "geojson"

    def stream(self, table, *, hxl: bool = False) -> Iterator[str]:
        return _pieces(self._parts(table))

    def _parts(self, table) -> Iterator[str]:
        yield '{"type": "FeatureCollection", "features": ['
        separator = "\n"
        for row in table.rows:
            feature = {
                "type": "Feature",
                "id": row.pk,
                "geometry": table.geometry(row),
                "properties": {column.name: json_value(column.value(row)) for column in table.columns},
            }
            yield separator + json.dumps(feature, ensure_ascii=False)
            separator = ",\n"
        yield "\n]}\n"


class FormatNegotiation(DefaultContentNegotiation):
    """``?format=`` naming a format the endpoint does not offer is a 400 that lists those it does.

    A format suffix in the path (``/attacks/1.xml/``) that is not offered stays DRF's 404: such a
    path names no page, and ``/attacks/1.5/`` is no record.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            if format_suffix:
                raise
            if request.method not in ("GET", "HEAD"):
                # Only reads export; any other method answers JSON, or 405 where it is not allowed.
                return renderers[0], renderers[0].media_type
            format = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
            offered = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise ValidationError(
                {"format": [f"This endpoint does not offer {format!r}; use one of: {offered}."]}
            ) from None


_encoder = encoders.JSONEncoder()


class JSONRenderer(renderers.JSONRenderer):
    """What ``rest_framework.renderers.JSONRenderer`` writes (compact, UTF-8, U+2028/U+2029 escaped).

    Dates, times and anything orjson does not know go through DRF's own encoder, so they are
    written as DRF writes them; indented output, and anything orjson refuses (an integer
    beyond 64 bits, a non-string key), is left to DRF's renderer.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_encoder.default, option=orjson.OPT_PASSTHROUGH_DATETIME)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        # JSON allows these two characters in strings; JavaScript source did not, so DRF escapes them.
        return body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
