"""What happened and what was said about it: waves, attacks and statements."""

from django.contrib import admin
from django.db.models import Count
from django.utils.text import Truncator

from reports.admin.common import RECORD, TIMESTAMPS, WHEN
from reports.admin.figures import CasualtyInline
from reports.admin.review import REVIEW, ReviewedAdmin
from reports.models import Attack, Statement, Wave


@admin.register(Wave)
class WaveAdmin(ReviewedAdmin):
    list_display = ["name", "kind", "date_start", "date_end", "perpetrator", "attack_count", "review_status"]
    list_filter = [
        "review_status",
        "kind",
        "date_precision",
        ("perpetrator", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["perpetrator"]
    search_fields = ["name", "description", "perpetrator__name"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["perpetrator", "weapons", "sources"]
    readonly_fields = TIMESTAMPS
    inlines = [CasualtyInline]
    fieldsets = [
        ("What", {"fields": [("name", "kind"), "perpetrator", "weapons", "description"]}),
        WHEN,
        ("Provenance", {"fields": ["sources"]}),
        REVIEW,
        RECORD,
    ]

    def get_queryset(self, request):
        # The attacks column is counted in the page's own query, not one query per wave.
        return super().get_queryset(request).annotate(attack_count=Count("attacks"))

    @admin.display(description="attacks", ordering="attack_count")
    def attack_count(self, wave: Wave) -> int:
        return wave.attack_count


@admin.register(Attack)
class AttackAdmin(ReviewedAdmin):
    list_display = [
        "date_start",
        "location",
        "perpetrator",
        "damage",
        "confidence",
        "wave",
        "casualty_figures",
        "review_status",
    ]
    list_filter = [
        "review_status",
        "damage",
        "confidence",
        "date_precision",
        ("perpetrator", admin.RelatedOnlyFieldListFilter),
        ("weapons", admin.RelatedOnlyFieldListFilter),
        ("targets", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["location__name", "location__names__name", "perpetrator__name", "description"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["wave", "location", "perpetrator", "weapons", "targets", "sources"]
    readonly_fields = TIMESTAMPS
    inlines = [CasualtyInline]
    fieldsets = [
        (
            "What",
            {
                "fields": [
                    "perpetrator",
                    "wave",
                    "weapons",
                    "targets",
                    ("damage", "damage_description"),
                    "description",
                ]
            },
        ),
        WHEN,
        ("Where", {"fields": ["location"]}),
        ("Provenance", {"fields": ["sources", "confidence"]}),
        REVIEW,
        RECORD,
    ]

    def get_queryset(self, request):
        # The place, perpetrator and wave are list columns, and an attack prints as
        # "<place> <date>" in autocomplete results too. The changelist ignores
        # list_select_related once get_queryset has joined anything, so all joins live here.
        return (
            super()
            .get_queryset(request)
            .select_related("location", "perpetrator", "wave")
            .annotate(casualty_figure_count=Count("casualties"))
        )

    @admin.display(description="casualty figures", ordering="casualty_figure_count")
    def casualty_figures(self, attack: Attack) -> int:
        return attack.casualty_figure_count


@admin.register(Statement)
class StatementAdmin(ReviewedAdmin):
    list_display = ["date_start", "speaker", "speech_act", "channel", "words", "review_status"]
    list_filter = [
        "review_status",
        "speech_act",
        "channel",
        "language",
        ("speaker", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["quote", "paraphrase", "speaker__name", "speaker_role", "on_behalf_of__name"]
    date_hierarchy = "date_start"
    autocomplete_fields = [
        "speaker",
        "on_behalf_of",
        "sources",
        "about_attacks",
        "about_waves",
        "about_deployments",
        "about_actors",
    ]
    readonly_fields = TIMESTAMPS
    fieldsets = [
        (
            "What",
            {
                "fields": [
                    ("speaker", "speaker_role"),
                    "on_behalf_of",
                    ("speech_act", "channel", "language"),
                    "quote",
                    "paraphrase",
                ]
            },
        ),
        ("About", {"fields": ["about_attacks", "about_waves", "about_deployments", "about_actors"]}),
        WHEN,
        ("Provenance", {"fields": ["sources"]}),
        REVIEW,
        RECORD,
    ]

    def get_queryset(self, request):
        # The speaker is a list column, and a statement prints as "<speaker>: <words>" in
        # autocomplete results and inline widgets: join the speaker everywhere.
        return super().get_queryset(request).select_related("speaker")

    @admin.display(description="words")
    def words(self, statement: Statement) -> str:
        return Truncator(statement.quote or statement.paraphrase).chars(100)
