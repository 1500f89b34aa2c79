"""Bulk import of curated records from a JSON or CSV file, validated whole and written all or nothing.

A JSON file is an object of lists, one per kind of record, each record in the API's write
shape (the same field names as a POST body, relations as ids)::

    {"sources": [{"title": "Governor's post", "document_url": "https://t.me/poltava/1"}],
     "attacks": [{"external_id": "poltava-2025-02-01", "location": 12, "date_start": "2025-02-01",
                  "date_end": "2025-02-01", "sources": ["url:https://t.me/poltava/1"]}],
     "casualties": [{"external_id": "poltava-2025-02-01-killed", "attack": "ext:poltava-2025-02-01",
                     "kind": "killed", "best": 14, "qualifier": "exact", "date_start": "2025-02-01",
                     "date_end": "2025-02-01", "claimants": [3], "sources": ["url:https://t.me/poltava/1"]}]}

A CSV file holds one kind of records: its header names the fields, an empty cell leaves the
field out, and a many-to-many cell lists ids or references separated by ``;``. Errors name
the line a record starts on: its ``{`` in a JSON file, its first line in a CSV file.

Every record carries the key a re-import finds it by: ``external_id`` for curated records,
``document_url`` for sources (which have no external id). A relation is an id, or a reference
by that key to a record of the same file or of the database: ``"ext:<external_id>"`` for an
attack, wave, deployment, statement or figure, ``"url:<document_url>"`` for a source. Rows are
written kind by kind in the order of ``KINDS``, so a reference points at an earlier kind (or an
earlier row of its own kind, for a figure ``included_in`` another).

A record is the whole record, as in a PUT: a field left out takes its default. A re-import
updates the records that differ and leaves the others untouched, so importing the same file
twice changes nothing. New records are drafts created by the importing user; an updated record
goes back to draft unless the importer may review it, as an edit through the API does.

The rules are the models' own: each row goes through a ModelForm, which runs the form fields,
``Model.full_clean()`` (``clean()`` and every constraint) and the unique checks, and requires
the many-to-many fields the model does not allow blank (claimants, sources). Rows are written
as they pass, inside one transaction, so that later rows are checked against the rows they
refer to; when any row has errors, or on a dry run, the transaction is rolled back and
nothing stays written.
"""

import bisect
import csv
import io
import json
import json.decoder
import json.scanner
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models, transaction
from django.forms.models import modelform_factory

from reports.models import (
    Attack,
    Casualty,
    ForceDeployment,
    ForceDeploymentStatus,
    ForceStrength,
    Source,
    Statement,
    Wave,
)
from reports.models.common import Reviewed
from reports.services.review import review_status_after_edit

IMPORT_MAX_RECORDS = 5000

# Changed only through the review steps, never by a file.
REVIEW_FIELDS = ["review_status", "retraction_reason"]
CSV_LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class RecordKind:
    """One kind of record an import file holds, and the field a re-import finds its rows by."""

    model: type[models.Model]
    key: str = "external_id"
    reference_prefix: str = "ext"
    # File (API) name -> model field name, where the API names a field differently.
    renamed: Mapping[str, str] = field(default_factory=dict)

    def file_name(self, model_name: str) -> str:
        return {model: file for file, model in self.renamed.items()}.get(model_name, model_name)

    def model_name(self, file_name: str) -> str:
        return self.renamed.get(file_name, file_name)


# In the order rows are written: each kind refers only to kinds above it (and figures to figures).
KINDS: dict[str, RecordKind] = {
    "sources": RecordKind(Source, key="url", reference_prefix="url", renamed={"document_url": "url"}),
    "waves": RecordKind(Wave),
    "attacks": RecordKind(Attack),
    "force-deployments": RecordKind(ForceDeployment),
    "statements": RecordKind(Statement),
    "casualties": RecordKind(Casualty),
    "force-strengths": RecordKind(ForceStrength),
    "force-deployment-statuses": RecordKind(ForceDeploymentStatus),
}
KIND_OF_MODEL = {record_kind.model: kind for kind, record_kind in KINDS.items()}
REFERENCE_PREFIXES = {record_kind.reference_prefix for record_kind in KINDS.values()}


@dataclass(frozen=True)
class ImportRow:
    """One record of an import file: its kind, the line it starts on, and its fields as given."""

    kind: str
    line: int
    values: Mapping[str, Any]


@dataclass(frozen=True)
class ImportRowError:
    line: int
    kind: str | None
    field: str | None
    message: str


@dataclass(frozen=True)
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote (or, on a dry run, would have written), by kind of record."""

    counts: dict[str, KindCounts]
    dry_run: bool


class ImportInvalid(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, errors: list[ImportRowError]):
        self.errors = sorted(errors, key=lambda error: error.line)
        super().__init__(f"{len(self.errors)} error(s) in the file; nothing was imported.")


class ImportTooLarge(Exception):
    """The file holds more records than one import takes; it was not validated."""


def import_permissions(*, kind: str) -> list[str]:
    """Importing adds and updates rows, so it needs both permissions for each kind in the file."""
    meta = KINDS[kind].model._meta
    return [f"{meta.app_label}.add_{meta.model_name}", f"{meta.app_label}.change_{meta.model_name}"]


def rows_from_json(*, text: str) -> list[ImportRow]:
    """The records of a JSON import file, each with the line its object starts on."""
    try:
        data, lines = _decode_with_lines(text)
    except json.JSONDecodeError as error:
        raise ImportInvalid(
            [
                ImportRowError(
                    line=error.lineno, kind=None, field=None, message=f"Not valid JSON: {error.msg}."
                )
            ]
        ) from error
    if not isinstance(data, dict):
        raise ImportInvalid(
            [
                ImportRowError(
                    line=1,
                    kind=None,
                    field=None,
                    message='The file must be a JSON object of lists: {"sources": [...], "attacks": [...]}.',
                )
            ]
        )
    rows, errors = [], []
    for kind, records in data.items():
        if not isinstance(records, list):
            errors.append(
                ImportRowError(
                    line=lines.get(id(records), 1), kind=kind, field=None, message="Give a list of records."
                )
            )
            continue
        for record in records:
            if isinstance(record, dict):
                rows.append(ImportRow(kind=kind, line=lines[id(record)], values=record))
            else:
                errors.append(
                    ImportRowError(
                        line=lines[id(records)],
                        kind=kind,
                        field=None,
                        message="Each record is a JSON object.",
                    )
                )
    if errors:
        raise ImportInvalid(errors)
    return rows


def rows_from_csv(*, text: str, kind: str) -> list[ImportRow]:
    """The records of a CSV import file of one kind; many-to-many cells are split on ';'."""
    if kind not in KINDS:
        raise ImportInvalid([ImportRowError(line=1, kind=kind, field=None, message=_unknown_kind(kind))])
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ImportInvalid(
            [ImportRowError(line=1, kind=kind, field=None, message="The first line must name the fields.")]
        )
    names = [name.strip() for name in header]
    fields = _file_fields(kind)
    errors = [
        ImportRowError(line=1, kind=kind, field=name, message=_unknown_field(kind))
        for name in names
        if name not in fields
    ]
    lists = {name for name, model_field in fields.items() if model_field.many_to_many}
    rows = []
    while True:
        line = reader.line_num + 1
        cells = next(reader, None)
        if cells is None:
            break
        if not cells:
            continue
        if len(cells) > len(names):
            errors.append(
                ImportRowError(line=line, kind=kind, field=None, message="More cells than the header names.")
            )
            continue
        values: dict[str, Any] = {}
        for name, cell in zip(names, cells, strict=False):
            if cell.strip():
                values[name] = (
                    [item.strip() for item in cell.split(CSV_LIST_SEPARATOR) if item.strip()]
                    if name in lists
                    else cell
                )
        rows.append(ImportRow(kind=kind, line=line, values=values))
    if errors:
        raise ImportInvalid(errors)
    return rows


def reports_import(
    *, records: list[ImportRow], user: AbstractBaseUser | None = None, dry_run: bool = False
) -> ImportReport:
    """Validate every record, then write them all in one transaction, or nothing when any has errors.

    Raises ``ImportTooLarge`` before validating a file of more than ``IMPORT_MAX_RECORDS``
    records, and ``ImportInvalid`` with every row's errors.
    """
    if len(records) > IMPORT_MAX_RECORDS:
        raise ImportTooLarge(
            f"The file holds {len(records)} records; one import takes at most {IMPORT_MAX_RECORDS}."
        )
    run = _ImportRun(records=records, user=user)
    with transaction.atomic():
        run.write()
        if run.errors or dry_run:
            transaction.set_rollback(True)
    if run.errors:
        raise ImportInvalid(run.errors)
    counts = {
        kind: KindCounts(**run.counts[kind]) for kind in KINDS if any(row.kind == kind for row in records)
    }
    return ImportReport(counts=counts, dry_run=dry_run)


class _Unresolved(Exception):
    """A value the row's form cannot take: a reference that names no record this import may point
    at, a list or an object where the field holds one value, or true or false where it holds no
    yes-or-no."""


# PostgreSQL's text cannot hold NUL, so a key with one is refused before it is looked up (the
# forms refuse it in every other field, with Django's ProhibitNullCharactersValidator).
NUL_MESSAGE = "Null characters are not allowed."


@dataclass
class _ImportRun:
    records: list[ImportRow]
    user: AbstractBaseUser | None
    errors: list[ImportRowError] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    # (kind, key) -> the line of the row that carries it, and of those that failed validation.
    in_file: dict[tuple[str, str], int] = field(default_factory=dict)
    failed: dict[tuple[str, str], int] = field(default_factory=dict)
    found: dict[tuple[str, str], int] = field(default_factory=dict)

    def write(self) -> None:
        rows_by_kind: dict[str, list[ImportRow]] = {kind: [] for kind in KINDS}
        for row in self.records:
            if row.kind in KINDS:
                rows_by_kind[row.kind].append(row)
            else:
                self._error(row, None, _unknown_kind(row.kind))
        for kind, rows in rows_by_kind.items():
            keys = [self._key(kind, row) for row in rows]
            existing = KINDS[kind].model._base_manager.in_bulk(
                [key for key in keys if key is not None], field_name=KINDS[kind].key
            )
            for row, key in zip(rows, keys, strict=True):
                self._write_row(kind, row, key, existing.get(key))

    def _key(self, kind: str, row: ImportRow) -> str | None:
        """The row's key, if it has one not already used by an earlier row of the file."""
        key_name = KINDS[kind].file_name(KINDS[kind].key)
        value = row.values.get(key_name)
        key = str(value).strip() if value is not None else ""
        if not key:
            self._error(
                row, key_name, f"Required in an import: a re-import finds the record by its {key_name}."
            )
            return None
        if "\x00" in key:
            self._error(row, key_name, NUL_MESSAGE)
            return None
        if (kind, key) in self.in_file:
            self._error(row, key_name, f"Also given on line {self.in_file[kind, key]}.")
            return None
        self.in_file[kind, key] = row.line
        return key

    def _write_row(self, kind: str, row: ImportRow, key: str | None, record: models.Model | None) -> None:
        record_kind = KINDS[kind]
        form_class = _form_class(kind)
        fields = _file_fields(kind)
        errors: dict[str | None, list[str]] = {}
        for name in row.values.keys() - fields.keys():
            errors[name] = [_unknown_field(kind)]
        data = {}
        for name, model_field in fields.items():
            if name in row.values:
                try:
                    data[record_kind.model_name(name)] = self._resolved(model_field, row.values[name])
                except _Unresolved as error:
                    errors[name] = [str(error)]
            elif model_field.has_default():
                data[record_kind.model_name(name)] = model_field.get_default()
        form = form_class(data=data, instance=record or record_kind.model())
        # A row the file leaves as it is stored needs no validating: it is not written.
        if not errors and key is not None and record is not None and not form.has_changed():
            self.counts[kind]["unchanged"] += 1
            return
        form.is_valid()
        for name, messages in form.errors.items():
            file_name = None if name == NON_FIELD_ERRORS else record_kind.file_name(name)
            errors.setdefault(file_name, list(messages))
        if errors or key is None:
            for file_name, messages in errors.items():
                for message in messages:
                    self._error(row, file_name, message)
            if key is not None:
                self.failed[kind, key] = row.line
            return
        saved = form.save(commit=False)
        if record is None:
            if isinstance(saved, Reviewed):
                saved.created_by = self.user
        elif isinstance(saved, Reviewed):
            saved.review_status = review_status_after_edit(record=saved, user=self.user or AnonymousUser())
        saved._history_user = self.user
        saved._change_reason = "Imported"
        saved.save()
        form.save_m2m()
        self.counts[kind]["created" if record is None else "updated"] += 1

    def _resolved(self, model_field: models.Field, value: Any) -> Any:
        """The value with each reference to a record replaced by the record's id."""
        # JSON's true, false and numbers crash the cleaning of a field that reads text (a date, a
        # name): only a number field takes a number, and only a yes-or-no field takes true or false.
        if value is None and not model_field.null:
            # As in the API: null is refused where a record holds no null (text is "" when empty).
            raise _Unresolved("This field may not be null.")
        if value == "" and not isinstance(model_field, models.CharField | models.TextField):
            # As in the API: "" is not a date, a number or a record; null is, where one may be empty.
            raise _Unresolved('Give a value of this field\'s kind here, not "" (null where it may be empty).')
        if isinstance(value, bool) and not isinstance(model_field, models.BooleanField):
            raise _Unresolved("Give a value of this field's kind here, not true or false.")
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and not model_field.is_relation
            and not isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField)
        ):
            raise _Unresolved("Give text here, not a number.")
        if not model_field.is_relation:
            # Django's form fields take text and numbers; a list or a dict made them crash.
            if isinstance(value, list | dict):
                raise _Unresolved("Give one value here, not a list or an object.")
            return value
        target = model_field.related_model
        if model_field.many_to_many:
            return [self._reference(target, item) for item in value] if isinstance(value, list) else value
        return self._reference(target, value)

    def _reference(self, model: type[models.Model], value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
            # No record has an id beyond 64-bit integers; SQLite cannot even be asked for one.
            raise _Unresolved(f"No {model._meta.verbose_name} has the id {value}.")
        if not isinstance(value, str):
            return value
        prefix, separator, key = value.partition(":")
        if not separator or prefix not in REFERENCE_PREFIXES:
            return value
        if "\x00" in key:
            raise _Unresolved(NUL_MESSAGE)
        kind = KIND_OF_MODEL.get(model)
        plural = model._meta.verbose_name_plural
        if kind is None:
            raise _Unresolved(f"Give {plural} by id: they are not imported, so they have no key.")
        record_kind = KINDS[kind]
        if prefix != record_kind.reference_prefix:
            key_name = record_kind.file_name(record_kind.key)
            raise _Unresolved(f'Refer to {plural} by id or as "{record_kind.reference_prefix}:<{key_name}>".')
        if (kind, key) not in self.found:
            pk = model._base_manager.filter(**{record_kind.key: key}).values_list("pk", flat=True).first()
            if pk is None:
                raise _Unresolved(self._missing(kind, key))
            self.found[kind, key] = pk
        return self.found[kind, key]

    def _missing(self, kind: str, key: str) -> str:
        name = KINDS[kind].model._meta.verbose_name
        if (kind, key) in self.failed:
            return f"The {name} {key!r} (line {self.failed[kind, key]}) has errors of its own."
        if (kind, key) in self.in_file:
            line = self.in_file[kind, key]
            return f"The {name} {key!r} (line {line}) must come before the rows that refer to it."
        return f"No {name} {key!r} in this file or the database."

    def _error(self, row: ImportRow, field_name: str | None, message: str) -> None:
        self.errors.append(ImportRowError(line=row.line, kind=row.kind, field=field_name, message=message))


@cache
def _form_class(kind: str) -> type[forms.ModelForm]:
    return modelform_factory(KINDS[kind].model, exclude=REVIEW_FIELDS, formfield_callback=_form_field)


def _form_field(model_field: models.Field, **kwargs) -> forms.Field | None:
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


@cache
def _file_fields(kind: str) -> dict[str, models.Field]:
    """The fields a record of ``kind`` may give, by their names in the file."""
    record_kind = KINDS[kind]
    return {
        record_kind.file_name(name): record_kind.model._meta.get_field(name)
        for name in _form_class(kind).base_fields
    }


def _unknown_kind(kind: str) -> str:
    return f"Not a kind of record an import takes ({kind!r}); give one of: {', '.join(KINDS)}."


def _unknown_field(kind: str) -> str:
    return f"Not a field of {kind} in an import."


def _decode_with_lines(text: str) -> tuple[Any, dict[int, int]]:
    """Parse JSON, noting the line each object and list starts on (keyed by the parsed value's id).

    The pure-Python scanner is used because it is the one whose parsers can be wrapped.
    """
    newlines = [match.start() for match in re.finditer("\n", text)]
    lines: dict[int, int] = {}
    decoder = json.JSONDecoder()

    def located(parse):
        def parse_located(s_and_end, *args, **kwargs):
            value, end = parse(s_and_end, *args, **kwargs)
            # The parser is handed the position just after the opening bracket.
            lines[id(value)] = bisect.bisect_left(newlines, s_and_end[1] - 1) + 1
            return value, end

        return parse_located

    decoder.parse_object = located(json.decoder.JSONObject)
    decoder.parse_array = located(json.decoder.JSONArray)
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text), lines
