from rest_framework import serializers

from api.serializers.brief import WaveBriefSerializer
from reports.choices import CasualtyKind


class CasualtyTotalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CasualtyKind.choices)
    low = serializers.IntegerField(help_text="Sum of the lower bounds.")
    best = serializers.IntegerField(help_text="Sum of the best estimates.")
    high = serializers.IntegerField(
        allow_null=True, help_text="Sum of the upper bounds; null when one is open-ended."
    )
    figure_count = serializers.SerializerMethodField()
    source_count = serializers.SerializerMethodField()
    figure_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="The figures that were summed."
    )

    def get_figure_count(self, total) -> int:
        return len(total.figure_ids)

    def get_source_count(self, total) -> int:
        return len(total.source_ids)


class WaveSummarySerializer(serializers.Serializer):
    wave = WaveBriefSerializer()
    rule = serializers.CharField(help_text="How figures were chosen and summed.")
    totals = CasualtyTotalSerializer(many=True)
