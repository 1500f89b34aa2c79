"""Claimed numbers: casualty figures and force strengths, on their own and inline."""

from django.contrib import admin

from reports.admin.common import (
    CLAIM_AUTOCOMPLETE,
    ESTIMATE,
    PROVENANCE,
    RECORD,
    TIMESTAMPS,
    WHEN,
    ClaimForm,
    ClaimInline,
    claimed_by,
)
from reports.admin.review import REVIEW, ReviewedAdmin
from reports.models import Casualty, ForceStrength

CASUALTY_WHAT = ("What", {"fields": [("kind", "population", "age_group"), "included_in", "notes"]})
CASUALTY_WHERE = ("Where", {"fields": ["locations"]})
CASUALTY_AUTOCOMPLETE = ["included_in", "locations", *CLAIM_AUTOCOMPLETE]
LIST_ESTIMATE = ["qualifier", "low", "best", "high"]


class CasualtyInline(ClaimInline):
    """The figures of one attack, wave or deployment; the inline sets which one."""

    model = Casualty
    fieldsets = [CASUALTY_WHAT, ESTIMATE, WHEN, CASUALTY_WHERE, PROVENANCE]
    autocomplete_fields = CASUALTY_AUTOCOMPLETE

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("locations")


class ForceStrengthInline(ClaimInline):
    model = ForceStrength
    fieldsets = [ESTIMATE, WHEN, PROVENANCE, ("Notes", {"fields": ["notes"]})]


@admin.register(Casualty)
class CasualtyAdmin(ReviewedAdmin):
    form = ClaimForm
    list_display = [
        "kind",
        "population",
        *LIST_ESTIMATE,
        "date_start",
        "counted_in",
        claimed_by,
        "rank",
        "review_status",
    ]
    list_filter = ["review_status", "kind", "population", "age_group", "rank", "confidence", "qualifier"]
    # counted_in prints the attack as "<place> <date>": the place rides on the same join.
    list_select_related = ["attack__location", "wave", "deployment"]
    search_fields = [
        "phrase",
        "notes",
        "claimants__name",
        "attack__location__name",
        "wave__name",
        "deployment__name",
    ]
    date_hierarchy = "date_start"
    autocomplete_fields = ["attack", "wave", "deployment", *CASUALTY_AUTOCOMPLETE]
    readonly_fields = TIMESTAMPS
    fieldsets = [
        (
            "Counted in",
            {"fields": [("attack", "wave", "deployment")], "description": "Exactly one of the three."},
        ),
        CASUALTY_WHAT,
        ESTIMATE,
        WHEN,
        CASUALTY_WHERE,
        PROVENANCE,
        REVIEW,
        RECORD,
    ]

    def get_queryset(self, request):
        # claimed_by lists the claimants of every row: one query for the page.
        return super().get_queryset(request).prefetch_related("claimants")

    @admin.display(description="counted in")
    def counted_in(self, casualty: Casualty) -> str:
        return str(casualty.attack or casualty.wave or casualty.deployment)


@admin.register(ForceStrength)
class ForceStrengthAdmin(ReviewedAdmin):
    form = ClaimForm
    list_display = ["deployment", *LIST_ESTIMATE, "date_start", claimed_by, "rank", "review_status"]
    list_filter = ["review_status", "rank", "confidence", "qualifier"]
    list_select_related = ["deployment"]
    search_fields = ["deployment__name", "phrase", "notes", "claimants__name"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["deployment", *CLAIM_AUTOCOMPLETE]
    readonly_fields = TIMESTAMPS
    fieldsets = [
        ("What", {"fields": ["deployment", "notes"]}),
        ESTIMATE,
        WHEN,
        PROVENANCE,
        REVIEW,
        RECORD,
    ]

    def get_queryset(self, request):
        # claimed_by lists the claimants of every row: one query for the page.
        return super().get_queryset(request).prefetch_related("claimants")
