"""What the deletions feed shows of a tombstone."""

from rest_framework import serializers

from api.resources import RESOURCE_CHOICES, RESOURCE_NAMES
from reports import models


class ResourceField(serializers.ChoiceField):
    """The API resource a tombstone's record belonged to (``attacks``), from its model name."""

    def __init__(self, **kwargs):
        super().__init__(choices=RESOURCE_CHOICES, **kwargs)

    def to_representation(self, value):
        return RESOURCE_NAMES[value]


class DeletionSerializer(serializers.ModelSerializer):
    resource = ResourceField(source="model", read_only=True)
    record_id = serializers.IntegerField(read_only=True, help_text="The id the record had in its resource.")
    external_id = serializers.CharField(
        read_only=True, help_text="The record's external id, or an empty string if it had none."
    )
    removed_at = serializers.DateTimeField(read_only=True, help_text="When it was deleted or withdrawn.")
    public = serializers.BooleanField(
        read_only=True,
        help_text="Whether the public could see the record. The public is only told of those it could.",
    )

    class Meta:
        model = models.Deletion
        fields = ["id", "resource", "record_id", "external_id", "reason", "removed_at", "public"]
        read_only_fields = fields
