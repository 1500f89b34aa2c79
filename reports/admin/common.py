"""What the topic modules share: the record admin, the claim form, fieldset groups and list columns."""

from django import forms
from django.contrib import admin
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from reports.admin.resources import resource_for
from reports.models.common import Claim, citing_records

WHEN = ("When", {"fields": [("date_start", "date_end", "date_precision")]})
ESTIMATE = ("Estimate", {"fields": [("qualifier", "low", "best", "high"), "phrase"]})
PROVENANCE = (
    "Provenance",
    {"fields": ["claimants", "sources", "statement", ("confidence", "rank", "rank_reason")]},
)
RECORD = ("Record", {"fields": [("created_at", "updated_at")], "classes": ["collapse"]})

TIMESTAMPS = ["created_at", "updated_at"]
# The links every claim edits through a search box instead of a select of every row.
CLAIM_AUTOCOMPLETE = ["claimants", "sources", "statement"]


def reverting(record) -> bool:
    """Whether ``record`` was rebuilt from one of its historical versions (the history revert form)."""
    return getattr(record, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is not None


class RecordAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """The admin every record uses: its history with revert, import and export of the model,
    and a record other records cite shown as protected, not deleted."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # As in the API, drafts are for those who may edit them; someone who may only view
        # (or export) sees what is published.
        return queryset.visible_to(request.user) if hasattr(queryset, "visible_to") else queryset

    def get_resource_classes(self, request):
        return [resource_for(self.model)]

    def save_form(self, request, form, change):
        record = super().save_form(request, form, change)
        if change and reverting(record):
            # A revert restores what the form edits. What it does not (the version number,
            # the review state, a place's path) stays as it is now, not as the old version had it.
            current = self.model._base_manager.get(pk=record.pk)
            for field in self.model._meta.concrete_fields:
                if field.name not in form.fields:
                    setattr(record, field.attname, getattr(current, field.attname))
        return record

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        queryset = self.model._base_manager.filter(pk__in=[obj.pk for obj in objs])
        protected = [
            *protected,
            *(f"{record._meta.verbose_name}: {record}" for record in citing_records(queryset)),
        ]
        return deleted, counts, perms_needed, protected


class ClaimForm(forms.ModelForm):
    """A figure or status nobody claimed, or that no document records, is not a claim."""

    required_messages = {
        "claimants": "Name at least one actor who makes this claim.",
        "sources": "Cite at least one source document for this claim.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The fields are required by the model; say so in the curator's words.
        for name, message in self.required_messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class ClaimInline(admin.StackedInline):
    """Claims edited inside what they are about, one compact stacked form each."""

    form = ClaimForm
    extra = 0
    autocomplete_fields = CLAIM_AUTOCOMPLETE

    def get_queryset(self, request):
        # Every form starts from its claimants and sources: one query each for all the forms.
        return super().get_queryset(request).prefetch_related("claimants", "sources")


@admin.display(description="claimed by")
def claimed_by(claim: Claim) -> str:
    # Reads the prefetched claimants: callers prefetch them for the whole page.
    return ", ".join(actor.name for actor in claim.claimants.all())
