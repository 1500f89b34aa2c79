"""Curated records in the admin: verified, published and retracted only through the review actions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.template.response import TemplateResponse

from reports.admin.common import RecordAdmin, reverting
from reports.models.common import Reviewed
from reports.services.review import (
    ReviewError,
    can_review,
    record_publish,
    record_retract,
    record_verify,
    review_status_after_edit,
)

# Written by the review workflow and by the admin itself, never typed into a form.
WORKFLOW_FIELDS = ["review_status", "retraction_reason", "created_by", "reviewed_by", "reviewed_at"]
REVIEW = (
    "Review",
    {"fields": [("review_status", "reviewed_by", "reviewed_at"), "retraction_reason", "created_by"]},
)


class RetractionForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Why the records are withdrawn. It is kept with each of them and with their figures.",
    )


def stamp_edit(record: Reviewed, *, user, edited: bool) -> None:
    """Who created a new record; and an edit by someone who may not review sends it back to draft."""
    if record._state.adding:
        record.created_by = user
    elif edited:
        record.review_status = review_status_after_edit(record=record, user=user)


class ReviewedAdmin(RecordAdmin):
    actions = ["verify_selected", "publish_selected", "retract_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *WORKFLOW_FIELDS]

    def has_review_permission(self, request) -> bool:
        return can_review(user=request.user, model=self.model)

    def save_model(self, request, obj, form, change):
        # A revert is an edit even when it leaves the revert form as it found it.
        stamp_edit(obj, user=request.user, edited=form.has_changed() or reverting(obj))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Inline figures and statuses are curated records too; only changed forms come back here.
        for record in formset.save(commit=False):
            if isinstance(record, Reviewed):
                stamp_edit(record, user=request.user, edited=True)
            record.save()
        for record in formset.deleted_objects:
            record.delete()
        formset.save_m2m()

    @admin.action(description="Verify selected %(verbose_name_plural)s", permissions=["review"])
    def verify_selected(self, request, queryset):
        self.review_each(request, queryset, record_verify, done="Verified")

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["review"])
    def publish_selected(self, request, queryset):
        self.review_each(request, queryset, record_publish, done="Published")

    @admin.action(description="Retract selected %(verbose_name_plural)s", permissions=["review"])
    def retract_selected(self, request, queryset):
        """Ask for the reason on a confirmation page, as delete_selected asks for confirmation."""
        form = RetractionForm(request.POST if "post" in request.POST else None)
        if form.is_valid():
            self.review_each(
                request, queryset, record_retract, done="Retracted", reason=form.cleaned_data["reason"]
            )
            return None  # back to the change list, with the messages
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": f"Retract {model_ngettext(queryset)}",
            "subtitle": None,
            "objects_name": str(model_ngettext(queryset)),
            "queryset": queryset,
            "form": form,
            "opts": self.opts,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/reports/retract_confirmation.html", context)

    def review_each(self, request, queryset, step, *, done: str, **arguments) -> None:
        """Take every selected record through ``step``; report how many moved and why each other did not."""
        moved = 0
        for pk in queryset.values_list("pk", flat=True):
            # Read afresh: retracting one record may already have retracted another selected with it.
            record = self.model._default_manager.get(pk=pk)
            try:
                step(record=record, user=request.user, **arguments)
            except ReviewError as error:
                self.message_user(request, f"{record}: {error}", messages.ERROR)
            else:
                moved += 1
        if moved:
            counted = f"{moved} {model_ngettext(self.opts, moved)}"
            self.message_user(request, f"{done} {counted}.", messages.SUCCESS)
