"""Schema tweaks: how our own field types appear in the OpenAPI document."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes


class BriefRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """A relation reads as the related record's brief object and is written as its id."""

    target_class = "api.serializers.base.BriefRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        component = auto_schema.resolve_serializer(self.target.brief_serializer, direction)
        return component.ref
