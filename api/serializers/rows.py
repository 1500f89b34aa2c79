"""A list page read as rows of values and written straight to what its serializer writes.

DRF's way to a page of 100 attacks builds ~4,000 model instances (the attacks and their
prefetched weapons, targets, sources and figures), ~1,800 related managers and a queryset per
``.all()``, parses every timestamp of every row, then walks every field of every record.
``reader(serializer_class)`` reads the serializer's fields once per class and turns them into:

- the columns of the page's own query (``values_list``): the record's fields, and the fields of
  each record it shows nested and brief, through a join;
- for each nested list, one query for the whole page, on the queryset the model's ``for_api()``
  prefetches it from (so what a viewer may not see stays hidden), keyed by the page's ids;
- functions from those values to what ``serializer.to_representation`` gives for the record.

The queries by the page's ids are compiled once per set of viewer's rights and database
(``Statement``): only the ids change from one request to the next.

A serializer with a field that is not read from columns (a method field, a nested list inside a
nested record, its own ``to_representation``) has no reader, and its list is written by DRF.
tests/api/test_list_rows.py compares both for every list resource.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections, models
from django.db.models import Prefetch, QuerySet
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils import timezone
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.reverse import preserve_builtin_query_params, reverse
from rest_framework.settings import api_settings

from api.serializers.base import BriefRelatedField, DetailUrlField, LinkedIdField, viewer
from reports.models.common import drafts_seen, shown_path

Write = Callable[[tuple], Any]
# A shape's writer made for a request's context and a page's nested lists.
Writer = Callable[[dict, list[dict]], Write]


class Unsupported(Exception):
    """A field this module cannot read from columns."""


@dataclass
class Columns:
    """The columns of one values query, each named by its lookup path and read by position."""

    paths: dict[str, int] = field(default_factory=dict)

    def add(self, path: str) -> int:
        return self.paths.setdefault(path, len(self.paths))


@dataclass(frozen=True)
class Value:
    index: int
    # None when the column's value is already what the field writes (text, numbers, booleans).
    convert: Callable[[Any], Any] | None


@dataclass(frozen=True)
class Moment:
    """A timestamp, written in the request's time zone as DRF's ``DateTimeField`` writes it."""

    index: int


@dataclass(frozen=True)
class Url:
    index: int
    field: DetailUrlField


@dataclass(frozen=True)
class Brief:
    """A related record shown nested: null when its key column is."""

    key: int
    shape: "Shape"


@dataclass(frozen=True)
class Listed:
    """A list of related records, read by its own query."""

    position: int


@dataclass(frozen=True)
class Shape:
    """What a serializer writes, field by field, from the columns of one query."""

    fields: tuple[tuple[str, Value | Moment | Url | Brief | Listed], ...]


@dataclass(frozen=True)
class Related:
    """A nested list: the record's relation, the lookup from the related rows back to the record,
    and what is shown of each related row (its first column is that lookup, the record's id)."""

    relation: str
    model: type[models.Model]
    back: str
    columns: tuple[str, ...]
    writer: Writer


# The id a statement is compiled with, in place of a page's: no record has it.
PLACEHOLDER_ID = -1


@dataclass(frozen=True)
class Statement:
    """A values query by a page's ids, compiled once and run again for other pages.

    Building and compiling the querysets of a page's rows and nested lists (5 on an attacks
    page) was most of the Python time of a list request besides writing its rows: compiled
    once, an attacks page of 100 took ~20 ms of CPU instead of ~34, a casualties page ~22 instead
    of ~41 (in-process, quick benchmark dataset, with ``_route`` below). Their SQL differs from one
    request to the next only by the page's ids, where they are bound as one parameter
    (``= ANY(%s)`` on PostgreSQL, api/lookups.py).
    It is run as Django runs a ``values_list()`` (SQLCompiler.results_iter): through the
    connection's cursor (counted and logged as any query), each column converted by the
    converters the compiler gives it.
    """

    alias: str
    sql: str
    params: tuple
    ids_at: int
    # (position, (converters, expression)), as SQLCompiler.get_converters gives them.
    converters: tuple[tuple[int, tuple[list, Any]], ...]

    @classmethod
    def compile(cls, queryset: QuerySet) -> "Statement | None":
        """``queryset`` (a ``values_list()`` filtered by ``PLACEHOLDER_ID`` alone) compiled; None
        where its ids are not one parameter (an ``IN`` list, as on SQLite: as long as the page)."""
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        at = [index for index, param in enumerate(params) if param == [PLACEHOLDER_ID]]
        fields = [select[0] for select in compiler.select[: compiler.col_count]]
        # Extra columns to cut off, or composite keys to regroup: not done by ``rows``.
        if len(at) != 1 or compiler.has_extra_select or compiler.has_composite_fields(fields):
            return None
        converters = tuple(compiler.get_converters(fields).items())
        return cls(alias=queryset.db, sql=sql, params=tuple(params), ids_at=at[0], converters=converters)

    def rows(self, ids: list) -> list[Sequence]:
        params = list(self.params)
        params[self.ids_at] = ids
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, (converters, expression) in self.converters:
                for convert in converters:
                    row[position] = convert(row[position], expression, connection)
            converted.append(row)
        return converted


@dataclass(frozen=True)
class Reader:
    """How one serializer's list is read: the page's columns, its nested lists, and the writer.

    A record that shows other records nested and brief is read in two steps: the page is cut
    from the records alone (their ids), then the page's columns are read with their joins by
    those ids. The database then sorts and cuts the matching records without joining each of
    them first (for casualty figures that joined the whole table to itself, for their
    ``included_in``), and joins a page of rows by primary key.
    """

    columns: tuple[str, ...]
    writer: Writer
    related: tuple[Related, ...]
    joined: bool
    # The compiled queries by the page's ids (None: not compiled on that database), by what
    # their SQL depends on: the database, the query (the page's, or a nested list's) and the
    # viewer's rights. Filters, ordering and the page cut only the ids; the querysets hold no
    # other value of the request or of the moment (no now()). A few entries per viewer kind
    # (the public, editors of some or all records): filled by one request, then only read.
    statements: dict[tuple, Statement | None] = field(default_factory=dict, compare=False, repr=False)

    def keys(self, queryset: QuerySet, *, extra: Sequence[str] = ()) -> QuerySet:
        """What a page is cut from: ``queryset``'s records as named tuples, their id (``pk``)
        first, then ``extra`` columns; and every column of the page when none needs a join."""
        names = ["pk"] if self.joined else list(self.columns)
        names += [name for name in extra if name not in names]
        return queryset.prefetch_related(None).values_list(*names, named=True)

    def write(self, keys: Sequence[tuple], *, visible: QuerySet, context: dict) -> list[dict]:
        """What the serializer writes for each record of ``keys``, in their order, with each
        nested list read in one query by the records' ids. ``visible`` holds the records the
        viewer may see (``for_api()``, unfiltered): the columns are read from it, so a record
        unpublished after the page was cut is left out rather than shown, and the nested lists
        from the querysets it prefetches them from."""
        ids = [key[0] for key in keys]
        if not ids:
            return []
        rows = keys
        user = viewer(context)
        # Everything of the viewer the SQL depends on (``for_api`` and ``shown_path`` ask no more):
        # the public's queries are never an editor's, who sees drafts.
        rights = drafts_seen(user)
        database = (visible.db, connections[visible.db].vendor)
        if self.joined:

            def page(ids: list) -> QuerySet:
                # A link to a record the viewer may not see (a draft) reads as null: its key column is.
                columns = [shown_path(visible.model, path, user) for path in self.columns]
                return visible.prefetch_related(None).filter(pk__any_id=ids).values_list(*columns)

            found = {row[0]: row for row in self._rows((*database, "", rights), page, ids)}
            # A record deleted or unpublished since its page was cut (by another transaction) is left out.
            rows = [found[pk] for pk in ids if pk in found]
        lists = []
        for related in self.related:

            def listed(ids: list, related: Related = related) -> QuerySet:
                # From the viewer's ``for_api()`` unfiltered: the lists do not depend on the filters.
                return _listed(related, ids, prefetch_querysets(visible).get(related.relation), user)

            lists.append(
                _grouped(related, self._rows((*database, related.relation, rights), listed, ids), context)
            )
        write = self.writer(context, lists)
        return [write(row) for row in rows]

    def _rows(self, key: tuple, query: Callable[[list], QuerySet], ids: list) -> Sequence[Sequence]:
        """The rows of ``query(ids)``, by its statement compiled for ``key`` where it can be."""
        try:
            statement = self.statements[key]
        except KeyError:
            # Two requests may compile the same statement at once: both get the same one.
            statement = self.statements[key] = Statement.compile(query([PLACEHOLDER_ID]))
        return list(query(ids)) if statement is None else statement.rows(ids)


@cache
def reader(serializer_class: type[serializers.ModelSerializer]) -> Reader | None:
    """The reader of ``serializer_class``'s lists, or None when a field cannot be read as columns."""
    serializer = serializer_class()
    columns = Columns()
    columns.add("pk")  # first: the key of the nested lists
    related: list[Related] = []
    try:
        shape = _shape(serializer, serializer.Meta.model, "", columns, related)
    except Unsupported:
        return None
    # A column read through a link that may lead to a draft is read by the page's ids, with the
    # join that tells whether the viewer may see it.
    joined = any(isinstance(part, Brief) for _name, part in shape.fields) or any(
        shown_path(serializer.Meta.model, path, None) != path for path in columns.paths
    )
    return Reader(columns=tuple(columns.paths), writer=_writer(shape), related=tuple(related), joined=joined)


def _shape(serializer, model, prefix: str, columns: Columns, related: list[Related] | None) -> Shape:
    if type(serializer).to_representation is not serializers.Serializer.to_representation:
        raise Unsupported(serializer)
    return Shape(
        tuple(
            (name, _field(serializer_field, model, prefix, columns, related))
            for name, serializer_field in serializer.fields.items()
            if not serializer_field.write_only
        )
    )


def _model_field(model, name: str) -> models.Field | models.ForeignObjectRel:
    try:
        return model._meta.get_field(name)
    except models.FieldDoesNotExist:
        raise Unsupported(name) from None


def _field(serializer_field, model, prefix: str, columns: Columns, related: list[Related] | None):
    if isinstance(serializer_field, DetailUrlField):
        if serializer_field.lookup_field != "pk":
            raise Unsupported(serializer_field)
        return Url(columns.add(f"{prefix}pk"), serializer_field)
    if len(serializer_field.source_attrs) != 1:
        raise Unsupported(serializer_field)
    source = serializer_field.source_attrs[0]
    model_field = _model_field(model, source)
    if isinstance(serializer_field, relations.ManyRelatedField | serializers.ListSerializer):
        if related is None:  # a list inside a nested record: not read by this module
            raise Unsupported(serializer_field)
        if isinstance(serializer_field, serializers.ListSerializer):
            child = serializer_field.child
        elif isinstance(serializer_field.child_relation, BriefRelatedField):
            child = serializer_field.child_relation._brief
        else:
            raise Unsupported(serializer_field)
        related.append(_related(source, model_field, child))
        return Listed(len(related) - 1)
    if isinstance(serializer_field, BriefRelatedField):
        if not (model_field.many_to_one or model_field.one_to_one) or not model_field.concrete:
            raise Unsupported(serializer_field)
        brief = serializer_field._brief
        shape = _shape(brief, model_field.related_model, f"{prefix}{source}__", columns, None)
        return Brief(columns.add(f"{prefix}{model_field.attname}"), shape)
    if type(serializer_field) in (relations.PrimaryKeyRelatedField, LinkedIdField):
        # The related id without the related row, as DRF's pk-only optimisation writes it.
        if not model_field.many_to_one or not model_field.concrete:
            raise Unsupported(serializer_field)
        return Value(columns.add(f"{prefix}{model_field.attname}"), None)
    if isinstance(serializer_field, relations.RelatedField | serializers.BaseSerializer):
        raise Unsupported(serializer_field)
    if model_field.is_relation or not model_field.concrete:
        raise Unsupported(serializer_field)
    index = columns.add(f"{prefix}{'pk' if model_field.primary_key else source}")
    if _is_moment(serializer_field, model_field):
        return Moment(index)
    return Value(index, _conversion(serializer_field, model_field))


def _is_moment(serializer_field, model_field) -> bool:
    """Whether DRF writes the column as an aware timestamp in the current time zone, ISO 8601."""
    return (
        type(serializer_field) is fields.DateTimeField
        and isinstance(model_field, models.DateTimeField)
        and settings.USE_TZ
        and not hasattr(serializer_field, "timezone")
        # format=None writes the datetime itself: not a moment written as text here.
        and (getattr(serializer_field, "format", api_settings.DATETIME_FORMAT) or "").lower() == ISO_8601
    )


def _conversion(serializer_field, model_field) -> Callable[[Any], Any] | None:
    """None when DRF writes a column's value as it is; else what DRF does to it."""
    kind = type(serializer_field)
    if isinstance(serializer_field, fields.CharField):
        same = isinstance(model_field, models.CharField | models.TextField)
    elif kind is fields.ChoiceField:
        same = isinstance(model_field, models.CharField)
    elif kind is fields.BooleanField:
        same = isinstance(model_field, models.BooleanField)
    elif kind is fields.IntegerField or kind is fields.BigIntegerField:
        same = isinstance(model_field, models.IntegerField) and not getattr(
            serializer_field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING
        )
    elif kind is fields.DateField and type(model_field) is models.DateField:
        if getattr(serializer_field, "format", api_settings.DATE_FORMAT) == ISO_8601:
            return datetime.date.isoformat  # as DRF writes a date, without a call of its own
        same = False
    else:
        same = False
    return None if same else serializer_field.to_representation


def back_lookup(model_field) -> str:
    """The lookup from the rows of a to-many relation back to the record that lists them."""
    if isinstance(model_field, models.ManyToManyField):
        return model_field.related_query_name()
    if isinstance(model_field, models.ManyToManyRel):
        return model_field.field.name
    if isinstance(model_field, models.ManyToOneRel):
        return model_field.field.attname
    raise Unsupported(model_field)


def _related(source: str, model_field, child: serializers.Serializer) -> Related:
    back = back_lookup(model_field)
    columns = Columns()
    columns.add(back)
    shape = _shape(child, model_field.related_model, "", columns, None)
    return Related(source, model_field.related_model, back, tuple(columns.paths), _writer(shape))


def prefetch_querysets(queryset: QuerySet) -> dict[str, QuerySet]:
    """The querysets ``for_api()`` prefetches its lists from, by relation (those that filter them)."""
    return {
        lookup.prefetch_to: lookup.queryset
        for lookup in queryset._prefetch_related_lookups
        if isinstance(lookup, Prefetch) and lookup.queryset is not None
    }


def _listed(related: Related, ids: list, queryset: QuerySet | None, user) -> QuerySet:
    """The related rows of the records ``ids`` as ``user`` may see them, as values."""
    if queryset is None:  # prefetched as it is, or not at all: what the related manager reads
        queryset = related.model._default_manager.all()
    # The first column is the key back to the listing record, which the viewer sees.
    back, *shown = related.columns
    columns = [back, *(shown_path(related.model, path, user) for path in shown)]
    return queryset.filter(**{f"{related.back}__any_id": ids}).values_list(*columns)


def _grouped(related: Related, rows: Sequence[Sequence], context) -> dict[Any, list]:
    """The written related rows of every record of the page, by the record's id, in their order."""
    write = related.writer(context, [])
    grouped: dict[Any, list] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(write(row))
    return grouped


def _writer(shape: Shape) -> Writer:
    """The function that makes ``shape``'s writer for a request (its URLs) and a page (its lists).

    The writer is compiled from source, one dict display of the columns it reads: a closure per
    field cost a call per field per row, most of a page's writing.
    """
    arguments: dict[str, Callable[[dict, list[dict]], Any]] = {}

    def argument(value: Callable[[dict, list[dict]], Any]) -> str:
        name = f"a{len(arguments)}"
        arguments[name] = value
        return name

    def written(part) -> str:
        if isinstance(part, Value):
            if part.convert is None:
                return f"row[{part.index}]"
            convert = argument(lambda context, lists, convert=part.convert: convert)
            return f"(None if row[{part.index}] is None else {convert}(row[{part.index}]))"
        if isinstance(part, Moment):
            moment = argument(lambda context, lists: _moment_writer(timezone.get_current_timezone()))
            return f"(None if row[{part.index}] is None else {moment}(row[{part.index}]))"
        if isinstance(part, Url):
            template = argument(lambda context, lists, field=part.field: _url_template(field, context))
            return f"f'{{{template}[0]}}{{row[{part.index}]}}{{{template}[1]}}'"
        if isinstance(part, Brief):
            return f"(None if row[{part.key}] is None else {display(part.shape)})"
        grouped = argument(lambda context, lists, position=part.position: lists[position])
        return f"{grouped}.get(row[0], [])"

    def display(shape: Shape) -> str:
        return "{" + ", ".join(f"{name!r}: {written(part)}" for name, part in shape.fields) + "}"

    body = display(shape)
    source = f"def make({', '.join(arguments)}):\n    return lambda row: {body}\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<writer of {len(shape.fields)} fields>", "exec"), namespace)
    make = namespace["make"]

    def writer(context: dict, lists: list[dict]) -> Write:
        return make(*(value(context, lists) for value in arguments.values()))

    return writer


def _moment_writer(zone) -> Callable[[datetime.datetime], str]:
    """``DateTimeField.to_representation`` of an aware timestamp, in ``zone``, without looking the
    zone up for each value."""

    def write(moment: datetime.datetime) -> str:
        written = moment.astimezone(zone).isoformat()
        return written[:-6] + "Z" if written.endswith("+00:00") else written

    return write


def _url_template(url_field: DetailUrlField, context: dict) -> tuple[str, str]:
    """A record's URL before and after its id, as ``DetailUrlField`` writes it in this context."""
    url_format = context.get("format")
    if url_format and url_field.format and url_field.format != url_format:
        url_format = url_field.format
    marker = DetailUrlField.MARKER
    request = context["request"]
    if url_field.reverse is reverse and getattr(request, "versioning_scheme", None) is None:
        # DRF's reverse(), with the route's path kept: it is the same for every request with the
        # same URLconf and script prefix, and matching it was ~0.1 ms, for each URL field of a
        # page (8 on an attacks page). Made absolute and given the request's ``?format=`` as
        # DRF's reverse does.
        # Outside a request's handler (a view called directly) no URLconf is set and reverse()
        # reads the setting, which a test may change: the cache is keyed by the one in force.
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        path = _route(
            url_field.view_name, url_field.lookup_url_kwarg, url_format, urlconf, get_script_prefix()
        )
        url = preserve_builtin_query_params(request.build_absolute_uri(path), request)
    else:
        kwargs = {url_field.lookup_url_kwarg: marker}
        url = url_field.reverse(url_field.view_name, kwargs=kwargs, request=request, format=url_format)
    prefix, suffix = url.rsplit(marker, 1)
    return prefix, suffix


@cache
def _route(view_name: str, lookup_url_kwarg: str, url_format: str | None, urlconf, script_prefix: str) -> str:
    """The path of a record's URL, with ``DetailUrlField.MARKER`` for its id (the script prefix is
    read by ``django_reverse``; it is given to key the cache)."""
    kwargs = {lookup_url_kwarg: DetailUrlField.MARKER}
    if url_format is not None:
        kwargs["format"] = url_format
    return django_reverse(view_name, kwargs=kwargs, urlconf=urlconf)
