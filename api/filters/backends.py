"""Filter and ordering backends that refuse what they do not understand."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from reports.services.search import RANK

# Parameters every list understands besides its filters; ``hxl`` only with a CSV (api/exports.py).
# A view, or one action through ``@action(query_parameters=...)``, that reads others names its own
# in ``query_parameters``; a feed's paginator names its own.
GENERAL_PARAMETERS = {"page", "page_size", "count", "ordering", "format", "hxl"}


def refuse_blank_parameters(query_params) -> None:
    """A 400 naming each query parameter sent with an empty value.

    django-filter, DRF's fields and the paginator read `?date_from=` as if it were absent: a
    client that sent an empty value by mistake would get every row as the answer.
    """
    parameters = query_params.lists()
    blank = sorted(name for name, values in parameters if any(not value.strip() for value in values))
    if blank:
        raise ValidationError({name: ["Give a value, or leave the parameter out."] for name in blank})


class StrictDjangoFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 naming any query parameter the endpoint does not know.

    A misspelt filter that is silently ignored returns the whole table as if it were
    the answer; a client must hear about it instead.
    """

    def filter_queryset(self, request, queryset, view):
        paginator = getattr(view, "paginator", None)
        if hasattr(paginator, "query_parameters"):
            known = {"format", *paginator.query_parameters}
        else:
            known = set(getattr(view, "query_parameters", GENERAL_PARAMETERS))
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known.update(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError({name: ["Unknown query parameter."] for name in unknown})
        refuse_blank_parameters(request.query_params)
        return super().filter_queryset(request, queryset, view)


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering on the declared fields only, ties always broken by id so pages never overlap.

    Without an ``ordering``, rows a text search ranked come best first.
    """

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            requested = [term.strip() for term in params.split(",") if term.strip()]
            allowed = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            invalid = [term for term in requested if term.lstrip("-") not in allowed]
            if invalid:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            f"Cannot order by {', '.join(invalid)}; use one of {', '.join(sorted(allowed))}."
                        ]
                    }
                )
            ordering = requested
        elif RANK in queryset.query.annotations:
            ordering = [f"-{RANK}"]
        else:
            ordering = list(self.get_default_ordering(view) or queryset.model._meta.ordering)
        if not any(term.lstrip("-") in {"id", "pk"} for term in ordering):
            ordering.append("id")
        return ordering
