"""Lists as files: CSV (with an optional HXL hashtag row) and GeoJSON, the whole filtered result, streamed.

A resource's export is a list of ``Column``s (api/columns.py): a name, how to read the value from
a record, and an HXL hashtag. The writers in api/renderers.py take any ``Table`` of rows and
columns, so an endpoint that is not a list of records can be written the same way: grouped totals
are ``Response(Table(columns=[Column("kind", itemgetter("kind"), "#affected+type"), ...],
rows=groups))`` from an action whose renderers include ``CSVRenderer`` (one row per group), or
``StreamingHttpResponse(CSVRenderer().stream(table, hxl=...))`` when there are many.

An export is not paginated: it holds every row that the same filters and ordering would list, in
the same order, read from the database in batches of ``EXPORT_BATCH_SIZE`` (one query for the rows
as a cursor, and each prefetch of ``for_api()`` once per batch) and written as it is read, so
memory stays the same however many rows there are. A CSV reads no model instances
(``Export.csv_table``): on PostgreSQL its lines are written by the database, one ``COPY (query)
TO STDOUT (FORMAT csv)`` that joins the lists itself and streams (``Export.lines``); elsewhere its
rows are values (``Export.cells``), one ``values_list`` cursor and one query per listed relation
per batch. A GeoJSON,
whose geometry is a function of the record, reads records. Rows are read while the response
streams, outside any transaction (a read runs without one): a change committed meanwhile may show in
later batches (not in a CSV on PostgreSQL, one statement).
Streaming needs a WSGI server (as deployed): under ASGI, Django gathers a synchronous stream whole
before sending it.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ObjectDoesNotExist
from django.db import connections, models
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import F, Func, OuterRef, QuerySet, Subquery, Value
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.functions import Cast, Concat, NullIf
from django.http import StreamingHttpResponse
from django.urls import reverse
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.renderers import HXL_PARAMETER, CSVRenderer, ExportRenderer, GeoJSONRenderer, hxl_requested, text
from api.serializers.rows import back_lookup, prefetch_querysets
from reports.models.common import hidden_links, shown_link, shown_path

# Rows read and prefetched at a time: the size of a page at its cap, which every backend's
# limit on query parameters allows in the prefetches' IN lists.
EXPORT_BATCH_SIZE = 500

# An export is every matching row: a page of it means nothing.
PAGE_PARAMETERS = ("page", "page_size", "count")

Geometry = dict[str, Any] | None

# Every export starts with the record's id and the URL of its JSON.
LEADING_COLUMNS = ("id", "url")


@dataclass(frozen=True)
class Lookup:
    """A column read as a value of the rows' own query: a lookup path (``attack__location__name``),
    and what the value is written as when it is not None."""

    path: str
    write: Callable[[Any], Any] | None = None
    # ``write`` as an expression of the value's expression, for PostgreSQL to write the cell.
    write_sql: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Listing:
    """A column read as a list, by one query per batch: the records' relation and its rows' key."""

    relation: str
    key: str


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, how to read its value from a row, and its HXL hashtag.

    The value is a scalar, None (an empty cell, null in GeoJSON) or a list, written as its
    items joined with ";" (ids and slugs, which never contain one). A column with ``read`` is
    also read as values, without model instances (``Export.values``); ``value`` is what it reads
    from a record.
    """

    name: str
    value: Callable[[Any], Any]
    hxl: str = ""
    read: Lookup | Listing | None = None


@dataclass(frozen=True)
class Table:
    """Rows and the columns to write them in; the rows are read once, as they are written."""

    columns: Sequence[Column]
    rows: Iterable[Any]
    # Where a row is on a map, for GeoJSON: a GeoJSON geometry, or None for a row without one.
    geometry: Callable[[Any], Geometry] | None = None
    # Whether each row is already its CSV cells, column by column (a CSV only).
    written: bool = False
    # Whether each row is already its CSV line, as bytes without the line's end (a CSV only).
    lines: bool = False


@dataclass(frozen=True)
class Export:
    """How one resource's list is exported."""

    columns: Sequence[Column]
    # Related rows the columns or the geometry read beyond what ``for_api()`` joins.
    select_related: Sequence[str] = ()
    # A function of the row for resources that can be put on a map; they are offered as GeoJSON.
    geometry: Callable[[Any], Geometry] | None = None
    # What adds a column beyond the model's fields (an annotation), by its name.
    annotations: dict[str, Any] = field(default_factory=dict)

    def rows(self, queryset: QuerySet, *, viewer) -> Iterable[Any]:
        """The records of ``queryset``, read to be written: a link to a record ``viewer`` may not
        see (a draft) is unset, so that no column shows anything of it."""
        if self.select_related:  # with no names, select_related() would replace for_api()'s joins
            queryset = queryset.select_related(*self.select_related)
        records = queryset.annotate(**self.annotations).iterator(chunk_size=EXPORT_BATCH_SIZE)
        links = [link.name for link in hidden_links(queryset.model, viewer)]
        if not links:
            return records
        return (_without_hidden_links(record, links, viewer) for record in records)

    def csv_table(self, queryset: QuerySet, columns: Sequence[Column], *, viewer) -> Table:
        """``queryset`` as the table a CSV writes, read the cheapest way its columns allow: on
        PostgreSQL as lines that the database writes itself (``lines``), else as each row's
        cells read as values (``cells``), else as records (``rows``)."""
        lines = self.lines(queryset, columns, viewer=viewer)
        if lines is not None:
            return Table(columns=columns, rows=lines, lines=True)
        cells = self.cells(queryset, columns, viewer=viewer)
        if cells is not None:
            return Table(columns=columns, rows=cells, written=True)
        return Table(columns=columns, rows=self.rows(queryset, viewer=viewer))

    def cells(self, queryset: QuerySet, columns: Sequence[Column], *, viewer) -> Iterator[list] | None:
        """The rows of ``queryset`` as the CSV cells of ``columns``, or None when a column is not
        read as values. The rows are one ``values_list`` query read as a cursor, for every column
        that is a value; each listed relation is one query per batch, keyed by the batch's ids,
        on the queryset ``for_api()`` prefetches it from (so hidden rows stay hidden). A value
        read through a link to a record ``viewer`` may not see (a draft) is null."""
        if any(column.read is None for column in columns):
            return None
        paths = {"pk": 0}
        for column in columns:
            if isinstance(column.read, Lookup):
                paths.setdefault(column.read.path, len(paths))
        listings = list(dict.fromkeys(column.read for column in columns if isinstance(column.read, Listing)))
        make = _cells_writer(queryset.model, columns, paths, listings, self.annotations)
        shown = [shown_path(queryset.model, path, viewer) for path in paths]
        return self._cells(queryset, make, shown, listings)

    def _cells(self, queryset, make, paths: list, listings: list[Listing]) -> Iterator[list]:
        prefetched = prefetch_querysets(queryset)
        records = (
            queryset.annotate(**self.annotations)
            .prefetch_related(None)
            .values_list(*paths)
            .iterator(chunk_size=EXPORT_BATCH_SIZE)
        )
        while batch := list(islice(records, EXPORT_BATCH_SIZE)):
            ids = [record[0] for record in batch]
            write = make(*(_listed(queryset.model, listing, ids, prefetched) for listing in listings))
            yield from map(write, batch)

    def lines(self, queryset: QuerySet, columns: Sequence[Column], *, viewer) -> Iterator[memoryview] | None:
        """The rows of ``queryset`` as CSV lines written by PostgreSQL, from one query and nothing
        else: ``COPY (query) TO STDOUT (FORMAT csv)``, each line as sent, without its end. None
        on another database, and when a column's cell is not an expression of the query
        (``_cell_expression``).

        Each cell is the text that ``cells`` gives the csv module, so the lines are the same: a
        list is its related rows' keys joined by ``string_agg`` in their order, a date or a
        timestamp is written by ``to_char``, an empty text is null (PostgreSQL quotes an empty
        string, the csv module does not), and PostgreSQL quotes and escapes a value as the csv
        module does (a comma, a quote or a line break in it). The lists are grouped once per
        relation and joined to the rows, which are then sorted in the queryset's order
        (``_carried_ordering``); an order that cannot be carried so reads each list by a
        subquery per row instead (three times slower on the benchmark)."""
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or any(column.read is None for column in columns):
            return None
        model = queryset.model
        annotations = dict(self.annotations)
        names = ["pk"]  # what the query selects: the id first, which the lists are joined by
        output: list[str | Listing] = []  # each column's cell: a name of ``names``, or a list
        for column in columns:
            if isinstance(column.read, Listing):
                output.append(column.read)
                continue
            cell = _cell_expression(model, column.read, viewer, annotations, connection)
            if cell is None:
                return None
            name = f"_export_cell_{len(names)}"
            annotations[name] = cell
            names.append(name)
            output.append(name)
        listings = list(dict.fromkeys(cell for cell in output if isinstance(cell, Listing)))
        prefetched = prefetch_querysets(queryset)
        rows = queryset.annotate(**annotations).prefetch_related(None)
        try:
            statement = _with_grouped_lists(rows, names, listings, output, prefetched)
            if statement is None:
                listed = {listing: f"_export_listed_{index}" for index, listing in enumerate(listings)}
                rows = rows.annotate(
                    **{name: _listed_subquery(model, listing, prefetched) for listing, name in listed.items()}
                )
                selected = [cell if isinstance(cell, str) else listed[cell] for cell in output]
                statement = rows.values_list(*selected).query.sql_with_params()
        except EmptyResultSet:  # a filter that matches nothing (an empty list of ids) is no query
            return iter(())
        return _copied_lines(queryset.db, statement)


def _copied_lines(db: str, statement: tuple[str, Sequence]) -> Iterator[memoryview]:
    """The rows of a query as CSV lines, written by PostgreSQL (``COPY (query) TO STDOUT (FORMAT
    csv)``), each without its line end. A COPY streams: the database sends rows while they are
    written, on the other core, with parallel workers if it plans them, and without holding the
    whole result as a cursor that outlives the request's transaction does. PostgreSQL sends one
    message per row, so each read is one whole line. The COPY is logged as a query of the
    connection as it starts (it runs on the driver's cursor, which Django does not see)."""
    sql, params = statement
    copied = f"COPY ({sql}) TO STDOUT (FORMAT csv)"
    # psycopg merges parameters into a COPY only when there are some: without, Django's "%%"
    # (a "%" of the SQL's own) would reach PostgreSQL as it is.
    copied = copied if params else copied.replace("%%", "%")
    with connections[db].cursor() as cursor, ExitStack() as open_copy:
        # Logged once started (the time it took to start), as the rows it sends are still to come.
        with cursor.debug_sql(copied, params) if isinstance(cursor, CursorDebugWrapper) else nullcontext():
            copy = open_copy.enter_context(cursor.cursor.copy(copied, params or None))
        # Left unread (the client went away), the COPY is cancelled as the generator closes.
        for line in copy:
            yield line[:-1]  # "\n": the renderer ends each line as the csv module does


def _cell_expression(model, read: Lookup, viewer, annotations: dict[str, Any], connection):
    """The cell of the value at ``read.path`` as text that PostgreSQL writes, as ``cells`` writes
    it (null for an empty cell); None when PostgreSQL cannot write it the same: a writer of
    the column's own without ``write_sql``, or a value of a kind not known here."""
    shown = shown_path(model, read.path, viewer)  # null through a link to a hidden record
    value = F(read.path) if isinstance(shown, str) else shown
    if read.write is not None:
        return None if read.write_sql is None else read.write_sql(value)
    dated = _written_by_postgresql(model, read.path, value, annotations, connection)
    if dated is not None:
        return dated
    model_field = (
        annotations[read.path].output_field if read.path in annotations else _field_at(model, read.path)
    )
    if isinstance(model_field, models.DateField):  # a timestamp not read in UTC
        return None
    if isinstance(model_field, models.CharField | models.TextField):
        return NullIf(value, Value(""), output_field=models.TextField())
    if isinstance(model_field, models.IntegerField):
        return value
    # str() of a Decimal read from PostgreSQL's text is that text, unless it is small enough to be
    # written with an exponent (1E-7), which needs more than six decimal places.
    if isinstance(model_field, models.DecimalField) and model_field.decimal_places <= 6:
        return value
    return None


def _without_hidden_links(record, links: list[str], viewer):
    for name in links:
        if shown_link(record, name, viewer) is None:
            setattr(record, name, None)  # in memory only: the record is read, never saved
    return record


def _carried_ordering(queryset: QuerySet) -> list[OrderBy] | None:
    """The queryset's order as expressions of its own rows (fields along single-valued relations,
    annotations, expressions), to be selected and sorted by outside it; None for an order that
    is not only those (a relation, which sorts by its model's ordering; raw SQL; random)."""
    query = queryset.query
    if query.extra_order_by or query.combinator or query.is_sliced or query.distinct_fields:
        return None
    ordering = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
    carried = []
    for item in ordering:
        if isinstance(item, str):
            name = item.removeprefix("-")
            if name not in query.annotations and not _single_valued(queryset.model, name):
                return None
            carried.append(F(name).desc() if item.startswith("-") else F(name).asc())
        elif isinstance(item, OrderBy):
            carried.append(item)
        elif hasattr(item, "resolve_expression"):
            carried.append(item.asc())
        else:
            return None
    return carried


def _single_valued(model, path: str) -> bool:
    """Whether ``path`` names a field that is not a relation, through relations to one record."""
    *relations, name = path.split("__")
    try:
        for part in relations:
            model_field = model._meta.get_field(part)
            if not (model_field.many_to_one or model_field.one_to_one):
                return False
            model = model_field.related_model
        return name == "pk" or not model._meta.get_field(name).is_relation
    except FieldDoesNotExist:
        return False


def _with_grouped_lists(
    rows: QuerySet,
    names: list[str],
    listings: list[Listing],
    output: list[str | Listing],
    prefetched: dict[str, QuerySet],
) -> tuple[str, list] | None:
    """The SQL of the cells ``output`` names: ``rows``' values at ``names`` (the first the id)
    and each listed relation's cell (null for none), from each relation's rows grouped once by
    record (``string_agg`` in their order) and joined to the rows by id, sorted last in
    ``rows``' order; None when an order is not carried."""
    from django.contrib.postgres.aggregates import StringAgg  # PostgreSQL's alone

    ordering = _carried_ordering(rows)
    if ordering is None:
        return None
    groups = []
    for listing in listings:
        model_field = rows.model._meta.get_field(listing.relation)
        related = prefetched.get(listing.relation)
        if related is None:  # prefetched as it is, or not at all: what the related manager reads
            related = model_field.related_model._default_manager.all()
        order = _carried_ordering(related)
        if order is None:
            return None
        back = back_lookup(model_field)
        # The key as text() writes it: a slug or name as it is, an integer id in decimal digits.
        cell = StringAgg(Cast(listing.key, models.TextField()), ";", order_by=order)
        groups.append(
            related.order_by()
            .filter(**{f"{back}__isnull": False})
            .values(back)
            .annotate(_export_cell=cell)
            .values_list(back, "_export_cell")
        )
    sorting = {f"_export_order_{index}": order.expression for index, order in enumerate(ordering)}
    sql, params = rows.annotate(**sorting).order_by().values_list(*names, *sorting).query.sql_with_params()
    aliases = ", ".join(f"c{index}" for index in range(len(names) + len(sorting)))
    joins = []
    params = list(params)
    for index, group in enumerate(groups):
        group_sql, group_params = group.query.sql_with_params()
        joins.append(f"LEFT JOIN ({group_sql}) AS l{index} (c0, c1) ON l{index}.c0 = o.c0")
        params += group_params
    # No related row is no group: a null, an empty cell. An empty key's group is one too.
    selected = [
        f"o.c{names.index(cell)}" if isinstance(cell, str) else f"NULLIF(l{listings.index(cell)}.c1, '')"
        for cell in output
    ]
    order_by = [f"o.c{len(names) + index} {_direction(order)}" for index, order in enumerate(ordering)]
    return (
        f"SELECT {', '.join(selected)} FROM ({sql}) AS o ({aliases}) {' '.join(joins)}"
        + (f" ORDER BY {', '.join(order_by)}" if order_by else ""),
        params,
    )


def _direction(order: OrderBy) -> str:
    """The direction of an ORDER BY term, as Django writes it for PostgreSQL."""
    direction = "DESC" if order.descending else "ASC"
    if order.nulls_first:
        return f"{direction} NULLS FIRST"
    if order.nulls_last:
        return f"{direction} NULLS LAST"
    return direction


# Values the csv module writes as text() does (None empty, numbers and dates by str()): fields of
# any other kind (timestamps, booleans) go through text().
_WRITTEN_AS_THEY_ARE = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.DecimalField,
    models.FloatField,
)


def _field_at(model, path: str) -> models.Field:
    """The model field at ``path`` (``attack__location__name``); the key's target for a relation."""
    for part in path.split("__"):
        if part == "pk":
            model_field = model._meta.pk
        else:
            try:
                model_field = model._meta.get_field(part)
            except FieldDoesNotExist:  # a key's column, location_id: the key it holds
                model_field = model._meta.get_field(part.removesuffix("_id")).target_field
        model = model_field.related_model
    if model_field.is_relation:
        model_field = model_field.target_field
    return model_field


def _written_as_it_is(model, path: str, annotations: dict[str, Any]) -> bool:
    """Whether the value at ``path`` is a cell without text(): a field of a kind the csv module
    writes as text() does."""
    model_field = annotations[path].output_field if path in annotations else _field_at(model, path)
    if isinstance(model_field, models.DateField):
        return not isinstance(model_field, models.DateTimeField)
    return isinstance(model_field, _WRITTEN_AS_THEY_ARE)


def _cells_writer(model, columns: Sequence[Column], paths: dict[str, int], listings, annotations):
    """A function of a batch's listed keys (cells by record id) that makes the function from a
    record's values to its cells; compiled as one list display, since a call per cell was most
    of the writing."""
    arguments: dict[str, Any] = {"text": text}
    cells = []
    for column in columns:
        read = column.read
        if isinstance(read, Listing):
            cells.append(f"l{listings.index(read)}.get(r[0], '')")
            continue
        value = f"r[{paths[read.path]}]"
        if read.write is not None:
            name = f"w{len(arguments)}"
            arguments[name] = read.write
            cells.append(f"('' if {value} is None else {name}({value}))")
        elif _written_as_it_is(model, read.path, annotations):
            cells.append(value)
        else:
            cells.append(f"text({value})")
    listed = ", ".join(f"l{index}" for index in range(len(listings)))
    source = (
        f"def outer({', '.join(arguments)}):\n"
        f"    def make({listed}):\n"
        f"        return lambda r: [{', '.join(cells)}]\n"
        f"    return make\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<cells of {len(columns)} columns>", "exec"), namespace)
    return namespace["outer"](**arguments)


class _Joined(Subquery):
    """A subquery's one column of text as one value, its rows joined with ";" in their order
    (null for none, or for an empty text), as ``_listed`` joins them."""

    template = "NULLIF(array_to_string(ARRAY(%(subquery)s), ';'), '')"
    output_field = models.TextField()


def _listed_subquery(model, listing: Listing, prefetched: dict[str, QuerySet]) -> _Joined:
    """``_listed`` for each row of the outer query, as a subquery of it (PostgreSQL)."""
    model_field = model._meta.get_field(listing.relation)
    queryset = prefetched.get(listing.relation)
    if queryset is None:  # prefetched as it is, or not at all: what the related manager reads
        queryset = model_field.related_model._default_manager.all()
    # The key as text() writes it: a slug or name as it is, an integer id in decimal digits.
    key = Cast(listing.key, models.TextField())
    return _Joined(queryset.filter(**{back_lookup(model_field): OuterRef("pk")}).values_list(key))


# Timestamps as text() writes a UTC datetime, ISO 8601 with "Z", the microseconds only when there
# are any; dates as ISO 8601.
_MOMENT_SQL = (
    "replace(to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '')"
    " || 'Z'"
)
_DATE_SQL = "to_char(%(expressions)s, 'YYYY-MM-DD')"


def _written_by_postgresql(model, path: str, value, annotations: dict[str, Any], connection) -> Func | None:
    """The value at ``path`` (read as the expression ``value``) written as its cell by PostgreSQL,
    when it is a timestamp or a date:
    the text of ``text()``. None for any other value, and for timestamps when the connection does
    not read them in UTC (text() then writes the connection's offset)."""
    if path in annotations:
        return None
    model_field = _field_at(model, path)
    if isinstance(model_field, models.DateTimeField):
        if not (settings.USE_TZ and connection.timezone_name == "UTC"):
            return None
        template = _MOMENT_SQL
    elif isinstance(model_field, models.DateField):
        template = _DATE_SQL
    else:
        return None
    return Func(value, template=template, output_field=models.TextField())


def _listed(model, listing: Listing, ids: list, prefetched: dict[str, QuerySet]) -> dict[Any, str]:
    """The keys of the related rows of each record of ``ids`` as a cell, joined with ";" in their
    order, by the record's id."""
    model_field = model._meta.get_field(listing.relation)
    queryset = prefetched.get(listing.relation)
    if queryset is None:  # prefetched as it is, or not at all: what the related manager reads
        queryset = model_field.related_model._default_manager.all()
    back = back_lookup(model_field)
    if connections[queryset.db].vendor == "postgresql":
        # The ids as one array, not a parameter each: Django prepares each parameter of an IN list
        # (most of the query's time), and PostgreSQL plans the batch's rows by their indexes
        # instead of hashing the whole related table (every source, once per batch).
        ids = RawSQL("SELECT unnest(%s)", (ids,))
    grouped: dict[Any, list] = defaultdict(list)
    for record, key in queryset.filter(**{f"{back}__in": ids}).values_list(back, listing.key):
        grouped[record].append(text(key))
    return {record: ";".join(keys) for record, keys in grouped.items()}


def value_at(path: str) -> Callable[[Any], Any]:
    """Read ``location.name`` from a row; a None on the way is an empty value."""
    parts = path.split(".")

    def read(row):
        for part in parts:
            try:
                row = getattr(row, part)
            except ObjectDoesNotExist:
                # A required link (a strength's deployment) unset because the viewer may not see
                # its record (``Export.rows``).
                return None
            if row is None:
                return None
        return row

    return read


def column(name: str, hxl: str = "", *, source: str | None = None) -> Column:
    source = source or name
    return Column(name, value_at(source), hxl, Lookup(source.replace(".", "__")))


def brief(name: str, *, hxl_id: str = "", hxl_name: str = "", label: str = "name") -> list[Column]:
    """A related record that JSON shows nested and brief: ``<name>_id`` and ``<name>_name``."""
    return [
        column(f"{name}_id", hxl_id, source=f"{name}_id"),
        column(f"{name}_{label}", hxl_name, source=f"{name}.{label}"),
    ]


def many(name: str, relation: str, *, key: str = "slug", hxl: str = "") -> Column:
    """A list of related records in one cell: their slugs (or ids), from the prefetched list."""
    return Column(
        name,
        lambda row: [getattr(item, key) for item in getattr(row, relation).all()],
        hxl,
        Listing(relation, key),
    )


def point(location) -> Geometry:
    """A place's point, [longitude, latitude] as GeoJSON orders it; None for a place without coordinates."""
    if location is None or location.latitude is None:
        return None
    return {"type": "Point", "coordinates": [float(location.longitude), float(location.latitude)]}


class ExportListMixin:
    """A list also as CSV and, for records with a place, as GeoJSON; errors stay JSON.

    ``?format=csv`` or ``Accept: text/csv``; ``?format=geojson`` or ``Accept: application/geo+json``.
    The viewset names its columns in ``export`` (api/columns.py).
    """

    export: Export

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.request.method not in ("GET", "HEAD"):
            # An export is a read: OPTIONS (whose body is metadata, not rows) and writes answer JSON,
            # even where an action offers CSV.
            return [renderer for renderer in renderers if not isinstance(renderer, ExportRenderer)]
        if self.action == "list":
            renderers.append(CSVRenderer())
            if self.export.geometry is not None:
                renderers.append(GeoJSONRenderer())
        return renderers

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return  # not a read, so not an export: a method the view lacks stays a 405
        exporting = isinstance(request.accepted_renderer, ExportRenderer)
        if HXL_PARAMETER in request.query_params:
            hxl_requested(request)
            if not any(isinstance(renderer, CSVRenderer) for renderer in self.get_renderers()):
                raise ValidationError(
                    {HXL_PARAMETER: ["The HXL row is part of a CSV, which this list does not offer."]}
                )
            if not isinstance(request.accepted_renderer, CSVRenderer):
                raise ValidationError({HXL_PARAMETER: ["The HXL row is part of a CSV: add format=csv."]})
        if exporting:
            paged = [name for name in PAGE_PARAMETERS if name in request.query_params]
            if paged:
                raise ValidationError(
                    {name: ["An export holds every matching row; pages are for JSON."] for name in paged}
                )

    def list(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        if not isinstance(renderer, ExportRenderer):
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        list_path = reverse(f"api:{self.basename}-list")  # /api/v1/attacks/
        columns = self.export_columns(request.build_absolute_uri(list_path))
        if isinstance(renderer, CSVRenderer):
            table = self.export.csv_table(queryset, columns, viewer=request.user)
        else:
            rows = self.export.rows(queryset, viewer=request.user)
            table = Table(columns=columns, rows=rows, geometry=self.export.geometry)
        response = StreamingHttpResponse(
            renderer.stream(table, hxl=hxl_requested(request)),
            content_type=f"{renderer.media_type}; charset=utf-8",
        )
        filename = f"{list_path.rstrip('/').rsplit('/', 1)[-1]}.{renderer.format}"  # attacks.csv
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def export_columns(self, list_url: str) -> Sequence[Column]:
        """The LEADING_COLUMNS, then the resource's own."""
        return [
            Column("id", value_at("pk"), "#meta+id", Lookup("pk")),
            Column(
                "url",
                lambda row: f"{list_url}{row.pk}/",
                "#meta+url",
                Lookup(
                    "pk",
                    lambda pk: f"{list_url}{pk}/",
                    lambda pk: Concat(Value(list_url), pk, Value("/"), output_field=models.TextField()),
                ),
            ),
            *self.export.columns,
        ]

    def finalize_response(self, request, response, *args, **kwargs):
        # An error (a bad filter, a bad token, too many requests) has no rows to write: it is
        # answered in JSON, the one error shape, whatever format was asked for.
        if (
            isinstance(response, Response)
            and response.status_code >= 400
            and isinstance(getattr(request, "accepted_renderer", None), ExportRenderer)
        ):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)
