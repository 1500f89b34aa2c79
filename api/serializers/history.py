from rest_framework import serializers


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True, help_text="The value before (null in the first version).")
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    history_id = serializers.IntegerField()
    history_date = serializers.DateTimeField()
    history_type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    changed_by = serializers.CharField(allow_null=True, help_text="Shown to those who may edit the record.")
    reason = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True)
