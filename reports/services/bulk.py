"""Validated bulk loading: many rows checked against the models' rules, then written in one go.

For loads far larger than a file import (a seeded benchmark, a migration from another
system): each row is a mapping of column values by attribute name (``location_id``, not
``location``), checked in Python against the same rules the database constraints state
(choices, date spans, estimates, one owner per figure, required and over-long values), then
written with PostgreSQL's ``COPY`` (psycopg 3 ``cursor.copy()``) or ``bulk_create`` elsewhere.

A load is all or nothing: the first row that breaks a rule raises ``BulkRowError`` naming the
row and the field, and the transaction rolls back. Rows may carry their own ``id`` (to link
many-to-many rows without asking the database for ids); the id sequence is then moved past
them. Derived columns are filled the way ``save()`` fills them (``search_name`` is the folded
name, timestamps are now, ``version`` is 1) unless the row gives them. Like ``bulk_create``,
a bulk load writes no history rows and sends no signals.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from itertools import chain, islice
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.utils import timezone

from reports.choices import DatePrecision, Qualifier, Rank, ReviewStatus
from reports.models import Casualty, ForceDeployment, Statement
from reports.models.common import MAX_COUNT, Claim, DateSpan, Estimate, Reviewed
from reports.text import fold

Row = Mapping[str, Any]
Check = Callable[[Row], tuple[str, str] | None]

# Fields whose Python value is what the database driver takes as it is.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BigIntegerField,
    models.DateField,
    models.ForeignKey,
    models.BooleanField,
    models.DecimalField,
    models.AutoField,
    models.BigAutoField,
)


class BulkRowError(ValueError):
    """A row breaks one of the model's rules; nothing of the load is written."""

    def __init__(self, *, model: type[models.Model], index: int, field: str, message: str):
        self.model = model
        self.index = index
        self.field = field
        self.message = message
        super().__init__(f"{model._meta.label} row {index}: {field}: {message}")


def _field_checks(model: type[models.Model]) -> list[Check]:
    """One check per column: present when required, inside its choices, not too long."""
    checks: list[Check] = []
    derived = _derived_columns(model)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in derived:
            continue
        name = field.attname
        automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if not field.null and not field.has_default() and not automatic:
            if isinstance(field, models.CharField | models.TextField):
                if not field.blank:
                    checks.append(partial(_check_not_blank, name))
            else:
                checks.append(partial(_check_present, name))
        if field.choices:
            allowed = frozenset(str(value) for value, _label in field.flatchoices)
            if field.blank:
                allowed |= {""}
            checks.append(partial(_check_choice, name, field.get_default(), field.null, allowed))
        if isinstance(field, models.CharField) and field.max_length:
            checks.append(partial(_check_length, name, field.max_length))
    return checks


def _check_present(name: str, row: Row) -> tuple[str, str] | None:
    return (name, "This field is required.") if row.get(name) is None else None


def _check_not_blank(name: str, row: Row) -> tuple[str, str] | None:
    return (name, "This field may not be blank.") if not row.get(name) else None


def _check_choice(name: str, default, null: bool, allowed: frozenset, row: Row) -> tuple[str, str] | None:
    value = row.get(name, default)
    if value is None and null:
        return None
    if value is None or str(value) not in allowed:
        return (name, f"{value!r} is not a valid choice.")
    return None


def _check_length(name: str, limit: int, row: Row) -> tuple[str, str] | None:
    value = row.get(name)
    if isinstance(value, str) and len(value) > limit:
        return (name, f"At most {limit} characters.")
    return None


def _date_order_check(row: Row) -> tuple[str, str] | None:
    start, end = row.get("date_start"), row.get("date_end")
    if start is not None and end is not None and end < start:
        return ("date_end", "The end date must not be before the start date.")
    return None


def _day_precision_check(row: Row) -> tuple[str, str] | None:
    start, end = row.get("date_start"), row.get("date_end")
    if row.get("date_precision", DatePrecision.DAY) == DatePrecision.DAY and end != start:
        return ("date_end", "A date with day precision must start and end on the same day.")
    return None


_NEEDS_BEST = {Qualifier.EXACT, Qualifier.APPROXIMATELY}
_NEEDS_LOW = {Qualifier.AT_LEAST, Qualifier.MORE_THAN, Qualifier.RANGE}
_NEEDS_HIGH = {Qualifier.AT_MOST, Qualifier.RANGE}


def _estimate_check(row: Row) -> tuple[str, str] | None:
    """The rules of ``estimate_constraints()``, in the same order."""
    low, best, high = row.get("low"), row.get("best"), row.get("high")
    qualifier = row.get("qualifier", Qualifier.EXACT)
    for name, value in (("low", low), ("best", best), ("high", high)):
        if value is not None and not (0 <= value <= MAX_COUNT):
            return (name, f"Must be between 0 and {MAX_COUNT}.")
    if low is None and best is None and high is None:
        return ("best", "Give at least one of low, best and high.")
    if low is not None and best is not None and low > best:
        return ("best", "best must not be below low.")
    if best is not None and high is not None and best > high:
        return ("high", "high must not be below best.")
    if low is not None and high is not None and low > high:
        return ("high", "high must not be below low.")
    if qualifier in _NEEDS_BEST and best is None:
        return ("best", "An exact or approximate figure needs best.")
    if qualifier in _NEEDS_LOW and low is None:
        return ("low", "An 'at least', 'more than' or range figure needs low.")
    if qualifier in _NEEDS_HIGH and high is None:
        return ("high", "An 'at most' or range figure needs high.")
    if qualifier == Qualifier.EXACT and (low not in (None, best) or high not in (None, best)):
        return ("qualifier", "An exact figure cannot have low or high different from best.")
    return None


def _one_owner_check(row: Row) -> tuple[str, str] | None:
    owners = sum(row.get(name) is not None for name in ("attack_id", "wave_id", "deployment_id"))
    if owners != 1:
        return ("attack", "A figure belongs to exactly one attack, wave or deployment.")
    return None


def _rule(field: str, message: str, broken: Callable[[Row], bool]) -> Check:
    return lambda row: (field, message) if broken(row) else None


def _row_checks(model: type[models.Model]) -> list[Check]:
    """The column checks, then the rules across columns that the model's constraints state."""
    checks = _field_checks(model)
    names = {field.attname for field in model._meta.concrete_fields}
    if {"date_start", "date_end"} <= names:
        checks.append(_date_order_check)
    if issubclass(model, DateSpan):
        checks.append(_day_precision_check)
    if issubclass(model, Estimate):
        checks.append(_estimate_check)
    if issubclass(model, Reviewed):
        checks.append(
            _rule(
                "retraction_reason",
                "Say why the record is retracted.",
                lambda row: (
                    row.get("review_status") == ReviewStatus.RETRACTED and not row.get("retraction_reason")
                ),
            )
        )
    if issubclass(model, Claim):
        checks.append(
            _rule(
                "rank_reason",
                "Say why a claim is preferred or deprecated.",
                lambda row: row.get("rank", Rank.NORMAL) != Rank.NORMAL and not row.get("rank_reason"),
            )
        )
    if issubclass(model, Casualty):
        checks.append(_one_owner_check)
        checks.append(
            _rule(
                "included_in",
                "A figure cannot be included in itself.",
                lambda row: (
                    row.get("included_in_id") is not None and row.get("included_in_id") == row.get("id")
                ),
            )
        )
    if issubclass(model, Statement):
        checks.append(
            _rule(
                "quote",
                "Give the verbatim quote, a paraphrase, or both.",
                lambda row: not row.get("quote") and not row.get("paraphrase"),
            )
        )
    if issubclass(model, ForceDeployment):
        checks.append(
            _rule(
                "supported_actor",
                "A force is deployed to support another actor.",
                lambda row: row.get("supported_actor_id") == row.get("deploying_actor_id"),
            )
        )
    return checks


def _derived_columns(model: type[models.Model]) -> dict[str, Callable[[Row], Any]]:
    """Columns ``save()`` computes, computed the same way when the row does not give them."""
    derived: dict[str, Callable[[Row], Any]] = {}
    names = {field.attname for field in model._meta.concrete_fields}
    if "search_name" in names:
        derived["search_name"] = lambda row: fold(row["name"])
    return derived


def _column_defaults(model: type[models.Model], now: datetime.datetime) -> dict[str, Callable[[Row], Any]]:
    """How each column is filled when a row leaves it out."""
    derived = _derived_columns(model)
    fillers: dict[str, Callable[[Row], Any]] = {}
    for field in model._meta.concrete_fields:
        if field.attname in derived:
            fillers[field.attname] = derived[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fillers[field.attname] = lambda row: now
        else:
            default = field.get_default()
            fillers[field.attname] = lambda row, default=default: default
    return fillers


def _checked(model: type[models.Model], rows: Iterable[Row]) -> Iterator[Row]:
    checks = _row_checks(model)
    for index, row in enumerate(rows):
        for check in checks:
            problem = check(row)
            if problem is not None:
                raise BulkRowError(model=model, index=index, field=problem[0], message=problem[1])
        yield row


def _reset_sequence(model: type[models.Model], using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _write(
    model: type[models.Model], columns: list[models.Field], tuples: Iterable[tuple], *, using: str
) -> int:
    """Write ready-made tuples of ``columns``: COPY on PostgreSQL, ``bulk_create`` elsewhere."""
    connection = connections[using]
    written = 0
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for values in tuples:
                copy.write_row(values)
                written += 1
        return written
    attnames = [field.attname for field in columns]
    batch_size = 2000
    iterator = iter(tuples)
    while batch := list(islice(iterator, batch_size)):
        model._base_manager.using(using).bulk_create(
            [model(**dict(zip(attnames, values, strict=True))) for values in batch]
        )
        written += len(batch)
    return written


def bulk_load(*, model: type[models.Model], rows: Iterable[Row], using: str = "default") -> int:
    """Check every row of ``model`` against its rules and write them all; return how many were written.

    Every row either gives an ``id`` or none does. Many-to-many links are written afterwards
    with ``bulk_link``.
    """
    connection = connections[using]
    now = timezone.now()
    fillers = _column_defaults(model, now)
    rows = iter(_checked(model, rows))
    first = next(rows, None)
    if first is None:
        return 0
    with_ids = "id" in first
    columns = [field for field in model._meta.concrete_fields if with_ids or not field.primary_key]
    converters = [(field.attname, fillers[field.attname], _converter(field, connection)) for field in columns]

    def tuples() -> Iterator[tuple]:
        for row in chain((first,), rows):
            yield tuple(
                convert(row[name] if name in row else fill(row)) for name, fill, convert in converters
            )

    with transaction.atomic(using=using):
        written = _write(model, columns, tuples(), using=using)
        if with_ids:
            _reset_sequence(model, using)
    return written


def _converter(field: models.Field, connection) -> Callable[[Any], Any]:
    if isinstance(field, _PLAIN_FIELDS):
        return _identity
    return lambda value: field.get_db_prep_save(value, connection)


def _identity(value: Any) -> Any:
    return value


def bulk_link(
    *, model: type[models.Model], field: str, pairs: Iterable[tuple[int, int]], using: str = "default"
) -> int:
    """Write many-to-many links of ``model.field`` given as (row id, related id) pairs."""
    relation = model._meta.get_field(field)
    through = relation.remote_field.through
    source = through._meta.get_field(relation.m2m_field_name())
    target = through._meta.get_field(relation.m2m_reverse_field_name())
    with transaction.atomic(using=using):
        return _write(through, [source, target], pairs, using=using)
