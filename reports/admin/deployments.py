"""Forces sent to support another actor, with the statuses, strengths and losses claimed for them."""

from django.contrib import admin

from reports.admin.common import (
    CLAIM_AUTOCOMPLETE,
    PROVENANCE,
    RECORD,
    TIMESTAMPS,
    WHEN,
    ClaimForm,
    ClaimInline,
    claimed_by,
)
from reports.admin.figures import CasualtyInline, ForceStrengthInline
from reports.admin.review import REVIEW, ReviewedAdmin
from reports.models import ForceDeployment, ForceDeploymentStatus

STATUS_WHAT = ("What", {"fields": ["status", "phrase", "evidence"]})


class ForceDeploymentStatusInline(ClaimInline):
    model = ForceDeploymentStatus
    fieldsets = [STATUS_WHAT, WHEN, PROVENANCE]


@admin.register(ForceDeployment)
class ForceDeploymentAdmin(ReviewedAdmin):
    list_display = [
        "name",
        "deploying_actor",
        "supported_actor",
        "location",
        "date_start",
        "date_end",
        "review_status",
    ]
    list_filter = [
        "review_status",
        ("deploying_actor", admin.RelatedOnlyFieldListFilter),
        ("supported_actor", admin.RelatedOnlyFieldListFilter),
        "date_precision",
    ]
    list_select_related = ["deploying_actor", "supported_actor", "location"]
    search_fields = ["name", "purpose", "deploying_actor__name", "supported_actor__name", "location__name"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["deploying_actor", "supported_actor", "location", "sources"]
    readonly_fields = TIMESTAMPS
    inlines = [ForceDeploymentStatusInline, ForceStrengthInline, CasualtyInline]
    fieldsets = [
        ("What", {"fields": ["name", ("deploying_actor", "supported_actor"), "purpose", "description"]}),
        WHEN,
        ("Where", {"fields": ["location"]}),
        ("Provenance", {"fields": ["sources"]}),
        REVIEW,
        RECORD,
    ]


@admin.register(ForceDeploymentStatus)
class ForceDeploymentStatusAdmin(ReviewedAdmin):
    form = ClaimForm
    list_display = [
        "deployment",
        "status",
        "date_start",
        "date_end",
        claimed_by,
        "rank",
        "confidence",
        "review_status",
    ]
    list_filter = ["review_status", "status", "rank", "confidence"]
    list_select_related = ["deployment"]
    search_fields = ["deployment__name", "phrase", "evidence", "claimants__name"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["deployment", *CLAIM_AUTOCOMPLETE]
    readonly_fields = TIMESTAMPS
    fieldsets = [
        ("What", {"fields": ["deployment", "status", "phrase", "evidence"]}),
        WHEN,
        PROVENANCE,
        REVIEW,
        RECORD,
    ]

    def get_queryset(self, request):
        # claimed_by lists the claimants of every row: one query for the page.
        return super().get_queryset(request).prefetch_related("claimants")
