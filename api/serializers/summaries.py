"""Casualty totals: for one wave, and grouped over any figures the casualty list can filter."""

from rest_framework import serializers

from api.serializers.brief import (
    ActorBriefSerializer,
    ForceDeploymentBriefSerializer,
    LocationBriefSerializer,
    WaveBriefSerializer,
)
from reports.choices import CasualtyKind, LocationKind, LocationScope, Population, SummaryGrouping


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


class CommaSeparatedListField(serializers.ListField):
    """A list sent repeated (``?group_by=a&group_by=b``), comma-separated (``?group_by=a,b``) or both."""

    def to_internal_value(self, data):
        items = [item.strip() for value in data for item in str(value).split(",")]
        return super().to_internal_value([item for item in items if item])


class CasualtySummaryQuerySerializer(serializers.Serializer):
    """The summary's own query parameters; the casualty list's filters are read by the filter backend."""

    group_by = CommaSeparatedListField(child=serializers.CharField(), required=False, default=list)
    admin_level = serializers.ChoiceField(choices=LocationKind.choices, required=False)

    def validate_group_by(self, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in SummaryGrouping.values]
        if unknown:
            raise serializers.ValidationError(
                f"Cannot group by {', '.join(unknown)}; use any of {', '.join(SummaryGrouping.values)}."
            )
        return value

    def validate(self, attrs):
        if "admin_level" in attrs and SummaryGrouping.LOCATION not in attrs["group_by"]:
            raise serializers.ValidationError({"admin_level": "Only applies with group_by=location."})
        return attrs


# The grouping fields, present in a group only when the summary is grouped by them.
GROUPING_FIELDS = {
    SummaryGrouping.LOCATION: ["location", "location_scope"],
    SummaryGrouping.DAY: ["day"],
    SummaryGrouping.WEEK: ["week"],
    SummaryGrouping.MONTH: ["month"],
    SummaryGrouping.PERPETRATOR: ["perpetrator"],
    SummaryGrouping.POPULATION: ["population"],
    SummaryGrouping.WAVE: ["wave"],
    SummaryGrouping.DEPLOYMENT: ["deployment"],
}


class CasualtyGroupSerializer(serializers.Serializer):
    """One kind of casualty in one group. A grouping field is present only when grouped by it."""

    kind = serializers.ChoiceField(choices=CasualtyKind.choices)
    location = LocationBriefSerializer(
        source="key.location",
        required=False,
        allow_null=True,
        help_text="The place of the chosen administrative level that holds the figures' places "
        "(location_scope at_level), or the figures' own place when it lies in none "
        "(outside_level); null for several_places and no_place.",
    )
    location_scope = serializers.ChoiceField(
        source="key.location_scope", choices=LocationScope.choices, required=False
    )
    day = serializers.DateField(source="key.day", required=False, help_text="The day of date_start.")
    week = serializers.DateField(
        source="key.week", required=False, help_text="The Monday of the week of date_start."
    )
    month = serializers.DateField(
        source="key.month", required=False, help_text="The first day of the month of date_start."
    )
    perpetrator = ActorBriefSerializer(
        source="key.perpetrator",
        required=False,
        allow_null=True,
        help_text="The attack's perpetrator, else its wave's, else the figure's wave's; null if none.",
    )
    population = serializers.ChoiceField(source="key.population", choices=Population.choices, required=False)
    wave = WaveBriefSerializer(
        source="key.wave",
        required=False,
        allow_null=True,
        help_text="The figure's wave, or its attack's; null for neither.",
    )
    deployment = ForceDeploymentBriefSerializer(
        source="key.deployment",
        required=False,
        allow_null=True,
        help_text="Null for figures of no deployment.",
    )
    low = serializers.IntegerField(help_text="Sum of the lower bounds.")
    best = serializers.IntegerField(help_text="Sum of the best estimates.")
    high = serializers.IntegerField(
        allow_null=True, help_text="Sum of the upper bounds; null when one is open-ended."
    )
    figures = serializers.SerializerMethodField(help_text="How many figures were summed.")
    sources = serializers.SerializerMethodField(help_text="How many distinct sources those figures cite.")
    figure_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="The figures that were summed, by id."
    )

    def get_figures(self, total) -> int:
        return len(total.figure_ids)

    def get_sources(self, total) -> int:
        return len(total.source_ids)

    def to_representation(self, total):
        data = super().to_representation(total)
        for grouping, names in GROUPING_FIELDS.items():
            if grouping not in self.root.instance.group_by:
                for name in names:
                    data.pop(name, None)
        return data


class CasualtySummarySerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="How figures were chosen and summed.")
    dated_by = serializers.CharField(
        help_text="Which date of a figure's span places it in a day, week or month."
    )
    group_by = serializers.ListField(
        child=serializers.ChoiceField(choices=SummaryGrouping.choices),
        help_text="What the groups are by, besides the casualty kind.",
    )
    admin_level = serializers.ChoiceField(
        choices=LocationKind.choices,
        allow_null=True,
        help_text="The kind of place figures are rolled up to; null unless grouped by location.",
    )
    groups = CasualtyGroupSerializer(source="totals", many=True)
