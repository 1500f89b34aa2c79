from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages; a client may ask for up to ``max_page_size`` rows, and asking for more gets the cap.

    ``?count=false`` leaves out ``count``: the page is then read without counting every
    matching row first, which on a large table costs more than the page itself. ``next``
    is still exact (one row past the page is read to know whether there is more).
    """

    page_size_query_param = "page_size"
    max_page_size = 500
    count_query_param = "count"

    def get_page_size(self, request):
        requested = request.query_params.get(self.page_size_query_param)
        if requested is not None and not (requested.isdigit() and int(requested) > 0):
            raise ValidationError({self.page_size_query_param: ["A whole number from 1 upwards."]})
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
        return pagination.Response(
            {
                "next": self._link(self.number + 1, self.has_next),
                "previous": self._previous(),
                "results": data,
            }
        )

    def _link(self, number: int, exists: bool) -> str | None:
        if not exists:
            return None
        return pagination.replace_query_param(
            self.request.build_absolute_uri(), self.page_query_param, number
        )

    def _previous(self) -> str | None:
        if self.number == 1:
            return None
        if self.number == 2:
            return pagination.remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
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
