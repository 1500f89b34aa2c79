from django.db import models
from django.db.models import Q
from django.utils import timezone

from reports.choices import RemovalReason
from reports.models.common import choices_constraint


class DeletionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tombstones of what the public could see, for anyone; also those of drafts, for their editors.

        The same rule as the records': who may edit a kind of record sees it in every state.
        """
        if user is None or not user.is_authenticated:
            return self.filter(public=True)
        editable = [
            permission.removeprefix("reports.change_")
            for permission in user.get_all_permissions()
            if permission.startswith("reports.change_")
        ]
        return self.filter(Q(public=True) | Q(model__in=editable))

    def for_api(self, *, viewer):
        return self.visible_to(viewer)


class Deletion(models.Model):
    """A tombstone: a record that was deleted, or withdrawn from publication, and when.

    A mirror that pulls changes by ``updated_at`` cannot see a row that is gone; these rows
    tell it what to remove. A withdrawn record may be published again later, with a newer
    ``updated_at`` than its tombstone.
    """

    model = models.CharField(max_length=64, help_text="The record's model name, e.g. attack.")
    record_id = models.BigIntegerField()
    external_id = models.CharField(max_length=100, blank=True, default="")
    reason = models.CharField(max_length=16, choices=RemovalReason)
    removed_at = models.DateTimeField(default=timezone.now)
    public = models.BooleanField(
        default=True, help_text="Whether the public could see the record; if not, only editors are told."
    )

    objects = DeletionQuerySet.as_manager()

    class Meta:
        ordering = ["removed_at", "id"]
        indexes = [
            models.Index(fields=["removed_at", "id"], name="reports_deletion_feed"),
            models.Index(fields=["model", "removed_at", "id"], name="reports_deletion_model_feed"),
        ]
        constraints = [choices_constraint("reason", RemovalReason)]

    def __str__(self) -> str:
        return f"{self.model} {self.record_id} {self.reason} at {self.removed_at:%Y-%m-%d %H:%M:%S}"
