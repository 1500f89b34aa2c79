"""Numbered pages for browsing; keyset pages for the feeds a mirror pulls (changes, deletions)."""

import base64
import binascii
import datetime
import json

from django.conf import settings
from django.db.models import Q
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 500
# Ids are 64-bit integers; a cursor naming a larger one was not made here.
MAX_ID = 2**63 - 1


def requested_page_size(request, parameter: str) -> None:
    requested = request.query_params.get(parameter)
    if requested is not None and not (requested.isdigit() and int(requested) > 0):
        raise ValidationError({parameter: ["A whole number from 1 upwards."]})


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages; a client may ask for up to ``max_page_size`` rows, and asking for more gets the cap.

    ``?count=false`` leaves out ``count``: the page is then read without counting every
    matching row first, which on a large table costs more than the page itself. ``next``
    is still exact (one row past the page is read to know whether there is more).
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    count_query_param = "count"

    def get_page_size(self, request):
        requested_page_size(request, self.page_size_query_param)
        return super().get_page_size(request)

    def _counts(self, request) -> bool:
        value = request.query_params.get(self.count_query_param, "true")
        if value not in {"true", "false"}:
            raise ValidationError({self.count_query_param: ["Either true or false."]})
        return value == "true"

    def paginate_queryset(self, queryset, request, view=None):
        self.counted = self._counts(request)
        if self.counted:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        page_size = self.get_page_size(request)
        number = request.query_params.get(self.page_query_param, "1")
        if not (number.isdigit() and int(number) > 0):
            raise NotFound(self.invalid_page_message)
        self.number = int(number)
        start = (self.number - 1) * page_size
        rows = list(queryset[start : start + page_size + 1])
        if self.number > 1 and not rows:
            raise NotFound(self.invalid_page_message)
        self.has_next = len(rows) > page_size
        return rows[:page_size]

    def get_paginated_response(self, data):
        if self.counted:
            return super().get_paginated_response(data)
        return Response(
            {
                "next": self._link(self.number + 1, self.has_next),
                "previous": self._previous(),
                "results": data,
            }
        )

    def _link(self, number: int, exists: bool) -> str | None:
        if not exists:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, number)

    def _previous(self) -> str | None:
        if self.number == 1:
            return None
        if self.number == 2:
            return remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return self._link(self.number - 1, True)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["results"]
        response["properties"]["count"]["description"] = "How many rows match; left out with count=false."
        return response

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.count_query_param,
                "required": False,
                "in": "query",
                "description": "false leaves out count, so that the page is read without counting all rows.",
                "schema": {"type": "boolean", "default": True},
            },
        ]


class KeysetPagination(pagination.BasePagination):
    """Pages in (timestamp, id) order, each found from where the previous one ended.

    A page is one indexed range read (``timestamp > t OR (timestamp = t AND id > i)``), never an
    OFFSET, so the thousandth page costs what the first does, and rows written meanwhile are
    neither skipped nor repeated: ties on the timestamp (rows changed by one statement) are
    broken by id. The ``next`` link carries an opaque ``cursor``; it is null on the last page.
    """

    timestamp_field: str
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    query_parameters = (cursor_query_param, page_size_query_param)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        position = self.decode_cursor(request)
        queryset = queryset.order_by(self.timestamp_field, "id")
        if position is not None:
            moment, pk = position
            later = Q(**{f"{self.timestamp_field}__gt": moment}) | Q(
                **{self.timestamp_field: moment, "id__gt": pk}
            )
            # The redundant bound lets the database walk the timestamp index from the cursor on.
            queryset = queryset.filter(later, **{f"{self.timestamp_field}__gte": moment})
        rows = list(queryset[: page_size + 1])
        self.last = rows[page_size - 1] if len(rows) > page_size else None
        return rows[:page_size]

    def get_page_size(self, request) -> int:
        requested_page_size(request, self.page_size_query_param)
        requested = request.query_params.get(self.page_size_query_param)
        if requested is None:
            return settings.REST_FRAMEWORK["PAGE_SIZE"]
        return min(int(requested), self.max_page_size)

    def encode_cursor(self, row) -> str:
        position = [getattr(row, self.timestamp_field).isoformat(), row.pk]
        return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")

    def decode_cursor(self, request) -> tuple[datetime.datetime, int] | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            moment, pk = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
            moment = datetime.datetime.fromisoformat(moment)
            if moment.tzinfo is None or type(pk) is not int or not 0 <= pk <= MAX_ID:
                raise ValueError
        except (binascii.Error, UnicodeDecodeError, TypeError, ValueError, OverflowError):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        "Not a cursor from this feed: follow the next link as it is given."
                    ]
                }
            ) from None
        return moment, pk

    def get_next_link(self) -> str | None:
        if self.last is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.encode_cursor(self.last))

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, in the same order; null on the last page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: the opaque value in the previous page's next link. "
                "Leave it out for the first page.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, up to {self.max_page_size}.",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]


class ChangesPagination(KeysetPagination):
    """A resource's changes feed: its records in the order they last changed."""

    timestamp_field = "updated_at"


class DeletionsPagination(KeysetPagination):
    """Tombstones in the order the records left."""

    timestamp_field = "removed_at"
