"""Moving curated records through review: draft → verified → published, or retracted with a reason.

Only published records are public. A published record never points at an unpublished
wave, attack or deployment, so nothing about a draft shows through it.
"""

from collections.abc import Iterator

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator

from reports.choices import ReviewStatus
from reports.models.common import Reviewed

# Foreign keys a record is shown with; they must be published before it is.
PARENT_FIELDS = ("wave", "attack", "deployment")


class ReviewError(Exception):
    """A review step that the record's current state does not allow."""


def can_review(*, user, model: type[models.Model]) -> bool:
    return user.has_perm(f"{model._meta.app_label}.review_{model._meta.model_name}")


def _parents(record: Reviewed) -> Iterator[Reviewed]:
    for name in PARENT_FIELDS:
        if hasattr(record, f"{name}_id") and getattr(record, f"{name}_id") is not None:
            yield getattr(record, name)


def _children(record: Reviewed) -> Iterator[Reviewed]:
    for relation in record._meta.related_objects:
        if relation.one_to_many and issubclass(relation.related_model, Reviewed):
            yield from getattr(record, relation.get_accessor_name()).exclude(
                review_status=ReviewStatus.RETRACTED
            )


def _move(record: Reviewed, *, status: str, user, reason: str = "") -> None:
    record.review_status = status
    record.retraction_reason = reason
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    # Shown in the history, whose column is shorter than a reason may be.
    limit = record.history.model._meta.get_field("history_change_reason").max_length
    record._change_reason = Truncator(f"{status}: {reason}" if reason else status).chars(limit)
    record.save()


@transaction.atomic
def record_verify(*, record: Reviewed, user) -> Reviewed:
    if record.review_status != ReviewStatus.DRAFT:
        raise ReviewError(f"Only a draft can be verified; this record is {record.review_status}.")
    _move(record, status=ReviewStatus.VERIFIED, user=user)
    return record


@transaction.atomic
def record_publish(*, record: Reviewed, user) -> Reviewed:
    if record.review_status != ReviewStatus.VERIFIED:
        raise ReviewError(f"Only a verified record can be published; this record is {record.review_status}.")
    for parent in _parents(record):
        if parent.review_status != ReviewStatus.PUBLISHED:
            raise ReviewError(f"Publish its {parent._meta.verbose_name} ({parent.pk}) first.")
    _move(record, status=ReviewStatus.PUBLISHED, user=user)
    return record


@transaction.atomic
def record_retract(*, record: Reviewed, user, reason: str) -> Reviewed:
    """Withdraw a record from publication, with everything shown through it (its figures)."""
    if not reason.strip():
        raise ReviewError("Say why the record is retracted.")
    if record.review_status == ReviewStatus.RETRACTED:
        raise ReviewError("This record is already retracted.")
    limit = record._meta.get_field("retraction_reason").max_length
    for child in _children(record):
        cascaded = f"Retracted with its {record._meta.verbose_name} ({record.pk}): {reason}"
        record_retract(record=child, user=user, reason=Truncator(cascaded).chars(limit))
    _move(record, status=ReviewStatus.RETRACTED, user=user, reason=reason)
    return record


def review_status_after_edit(*, record: Reviewed, user) -> str:
    """An edit by someone who may not review sends a verified or published record back to draft.

    What is published must have been reviewed as it stands.
    """
    if record.review_status in (ReviewStatus.VERIFIED, ReviewStatus.PUBLISHED) and not can_review(
        user=user, model=type(record)
    ):
        return ReviewStatus.DRAFT
    return record.review_status
