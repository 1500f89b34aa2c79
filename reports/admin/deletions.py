"""Tombstones in the admin: read-only, since they are the record of what left the data."""

from django.contrib import admin

from reports.models import Deletion


@admin.register(Deletion)
class DeletionAdmin(admin.ModelAdmin):
    list_display = ["removed_at", "model", "record_id", "external_id", "reason", "public"]
    list_filter = ["model", "reason", "public"]
    search_fields = ["external_id", "=record_id"]
    date_hierarchy = "removed_at"

    # Written by deletions and withdrawals only (reports.services.sync), never by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
