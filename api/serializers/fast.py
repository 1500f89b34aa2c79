"""A list page's rows written without DRF's per-field machinery, to the same output.

DRF serializes each row by walking its fields, and each field by ``get_attribute`` then
``to_representation``, with checks between; for a page of 100 attacks with their nested
figures, sources and places that is tens of thousands of calls. ``representation(serializer)``
reads the serializer's bound fields once and returns a plain function from a record to what
``serializer.to_representation(record)`` gives, taking each value straight from the record.
Fields it does not know are still written by DRF itself, so the output is the same
(tests/api/test_fast_representation.py compares both for every list resource).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from rest_framework import fields, relations, serializers

from api.serializers.base import BriefRelatedField, DetailUrlField

Represent = Callable[[Any], Any]

# Fields whose representation of a non-null value is the value itself, for the types they hold.
_PASS_THROUGH = (fields.CharField, fields.ChoiceField, fields.BooleanField)


def representation(serializer: serializers.Serializer) -> Represent:
    """What ``serializer.to_representation`` does, as a plain function of one record."""
    if type(serializer).to_representation is not serializers.Serializer.to_representation:
        return serializer.to_representation
    writers = [(name, _writer(field)) for name, field in serializer.fields.items() if not field.write_only]

    def represent(record) -> dict:
        return {name: write(record) for name, write in writers}

    return represent


def _attribute(field: fields.Field) -> Represent:
    """The field's value on a record: a model field read directly, anything else as DRF reads it."""
    if len(field.source_attrs) == 1:
        name = field.source_attrs[0]
        try:
            field.parent.Meta.model._meta.get_field(name)
        except (AttributeError, FieldDoesNotExist):
            return field.get_attribute
        return lambda record: getattr(record, name)
    return field.get_attribute


def _writer(field: fields.Field) -> Represent:
    if isinstance(field, DetailUrlField):
        return _url(field)
    if isinstance(field, relations.ManyRelatedField) and isinstance(field.child_relation, BriefRelatedField):
        brief = representation(field.child_relation._brief)
        read = _attribute(field)
        return lambda record: [brief(item) for item in read(record).all()]
    if isinstance(field, BriefRelatedField):
        brief = representation(field._brief)
        read = _attribute(field)
        return lambda record: None if (value := read(record)) is None else brief(value)
    if isinstance(field, serializers.ListSerializer):
        child = representation(field.child)
        read = _attribute(field)
        return lambda record: [child(item) for item in read(record).all()]
    if type(field) is relations.PrimaryKeyRelatedField and len(field.source_attrs) == 1:
        # The related id without loading the related row, as DRF's pk-only optimisation does.
        column = field.parent.Meta.model._meta.get_field(field.source_attrs[0]).attname
        return lambda record: getattr(record, column)
    if isinstance(field, relations.RelatedField | relations.ManyRelatedField):
        return lambda record: _or_none(field.to_representation, field.get_attribute(record))
    read = _attribute(field)
    if isinstance(field, _PASS_THROUGH) and len(field.source_attrs) == 1:
        convert = field.to_representation
        return lambda record: (
            value if isinstance(value := read(record), str | bool) else _or_none(convert, value)
        )
    if type(field) is fields.IntegerField:
        return lambda record: None if (value := read(record)) is None else int(value)
    convert = field.to_representation
    return lambda record: _or_none(convert, read(record))


def _or_none(convert: Represent, value):
    return None if value is None else convert(value)


def _url(field: DetailUrlField) -> Represent:
    request = field.context.get("request")
    url_format = field.context.get("format")
    if url_format and field.format and field.format != url_format:
        url_format = field.format
    return lambda record: field.get_url(record, field.view_name, request, url_format)
