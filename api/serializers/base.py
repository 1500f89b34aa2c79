"""Building blocks every resource serializer uses."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object: shown brief and nested on reads, given by id on writes."""

    def __init__(self, brief_serializer: type[serializers.Serializer], **kwargs):
        self.brief_serializer = brief_serializer
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False

    def to_representation(self, value):
        return self.brief_serializer(value, context=self.context).data


class ModelValidatedSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """Runs the model's clean() and database constraints before saving.

    The constraints are the single statement of the rules; running them here turns a
    would-be IntegrityError into a 400 that names the field.
    """

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many_to_many = {field.name for field in model._meta.many_to_many}
        values = {name: value for name, value in attrs.items() if name not in many_to_many}
        if self.instance is None:
            candidate = model(**values)
        else:
            candidate = copy.copy(self.instance)
            for name, value in values.items():
                setattr(candidate, name, value)
        try:
            candidate.clean()
            candidate.validate_constraints()
        except DjangoValidationError as error:
            detail = error.message_dict
            if NON_FIELD_ERRORS in detail:
                detail["non_field_errors"] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from error
        return attrs


def related(brief_serializer: type[serializers.Serializer], model, **kwargs) -> BriefRelatedField:
    """A writable relation to ``model``, rendered with ``brief_serializer``."""
    return BriefRelatedField(brief_serializer, queryset=model.objects.all(), **kwargs)
