"""Building blocks every resource serializer uses."""

import copy
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django_countries.serializer_fields import CountryField
from django_countries.serializers import CountryFieldMixin
from rest_framework import relations, serializers

from reports.choices import ReviewStatus
from reports.models.common import sees_drafts, shown_link, shown_record


def viewer(context: dict):
    """Who the serializer writes for: the request's user; nobody (the public) without a request."""
    request = context.get("request")
    return None if request is None else request.user


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object: shown brief and nested on reads, given by id on writes."""

    def __init__(self, brief_serializer: type[serializers.Serializer], **kwargs):
        self.brief_serializer = brief_serializer
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except OverflowError:  # an id beyond SQLite's integers cannot exist
            self.fail("does_not_exist", pk_value=data)

    @cached_property
    def _brief(self) -> serializers.Serializer:
        # One brief serializer per field, reused for every row: building a ModelSerializer
        # (its fields, deep-copied) for each related object was most of a list page's time.
        return self.brief_serializer(context=self.context)

    def get_attribute(self, instance):
        # A link to a record the viewer may not see (a draft) is shown as null.
        return shown_record(super().get_attribute(instance), viewer(self.context))

    def to_representation(self, value):
        return self._brief.to_representation(value)


class LinkedIdField(serializers.PrimaryKeyRelatedField):
    """A related record's id; null when the viewer may not see the record (a draft).

    For a viewer who may see every record of its kind the id is read from the link's column; for
    anyone else from the linked record, which the queryset joins (``visible_prefetch``, ``for_api``).
    """

    def use_pk_only_optimization(self) -> bool:
        return True

    def get_attribute(self, instance):
        name = self.source_attrs[-1]
        model_field = type(instance)._meta.get_field(name)
        if sees_drafts(model_field.related_model, viewer(self.context)):
            return super().get_attribute(instance)
        linked = shown_link(instance, name, viewer(self.context))
        return None if linked is None else relations.PKOnlyObject(pk=linked.pk)


class DetailUrlField(serializers.HyperlinkedIdentityField):
    """A record's URL, as ``HyperlinkedIdentityField`` writes it, without a ``reverse()`` per row.

    The first URL of each view in a request is reversed for a marker id and kept as a template;
    every other row fills in its own id. A list page links to hundreds of records, and reversing
    each was a third of the page's time.
    """

    MARKER = "9" * 18  # an id the route accepts and no record of this page has in its URL

    def get_url(self, obj, view_name, request, format):
        if obj.pk is None or request is None:
            return super().get_url(obj, view_name, request, format)
        templates = getattr(request, "_detail_url_templates", None)
        if templates is None:
            templates = request._detail_url_templates = {}
        key = (view_name, format)
        if key not in templates:
            kwargs = {self.lookup_url_kwarg: self.MARKER}
            marked = self.reverse(view_name, kwargs=kwargs, request=request, format=format)
            templates[key] = marked.rsplit(self.MARKER, 1)
        prefix, suffix = templates[key]
        return f"{prefix}{obj.pk}{suffix}"


class StrictCharField(serializers.CharField):
    """Text is a JSON string: a number or a boolean is refused, not stored as its digits."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSlugField(StrictCharField, serializers.SlugField):
    pass


class StrictCountryField(CountryField):
    """A country code as a JSON string. django-countries also reads ``{"code": ...}``, and an empty
    object as no country at all, which let a place be saved without the country it must have."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictStringsMixin:
    """A model serializer whose text and country fields take JSON strings only, as the schema says."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if field_class is CountryField:
            field_class = StrictCountryField
        return field_class, field_kwargs


class ModelValidatedSerializer(StrictStringsMixin, CountryFieldMixin, serializers.ModelSerializer):
    """Runs the model's clean() and database constraints before saving.

    The constraints are the single statement of the rules; running them here turns a
    would-be IntegrityError into a 400 that names the field.
    """

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        # Only the row's own columns; relation lists are written after the row exists.
        columns = {field.name for field in model._meta.concrete_fields}
        values = {name: value for name, value in attrs.items() if name in columns}
        if self.instance is None:
            candidate = model(**values)
        else:
            candidate = copy.copy(self.instance)
            for name, value in values.items():
                setattr(candidate, name, value)
        try:
            candidate.clean()
            candidate.validate_unique()
            candidate.validate_constraints()
        except DjangoValidationError as error:
            raise serializers.ValidationError(self._api_names(error.message_dict)) from error
        return attrs

    def _api_names(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """Report each model error under the name the client sent (``url`` is ``document_url``)."""
        api_name = {field.source: name for name, field in self.fields.items()}
        api_name[NON_FIELD_ERRORS] = "non_field_errors"
        return {api_name.get(name, name): messages for name, messages in errors.items()}


class ReviewedSerializer(ModelValidatedSerializer):
    """A curated record: its review state is shown, and changed only through the review actions."""

    review_status = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)
    retraction_reason = serializers.CharField(read_only=True)
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)


REVIEW_FIELDS = ["external_id", "review_status", "retraction_reason", "reviewed_at"]


def related(brief_serializer: type[serializers.Serializer], model, **kwargs) -> BriefRelatedField:
    """A writable relation to ``model``, rendered with ``brief_serializer``."""
    return BriefRelatedField(brief_serializer, queryset=model.objects.all(), **kwargs)
