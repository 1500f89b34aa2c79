"""Optimistic concurrency: a record's ETag is its version, and a write must name the version it changes.

Every response that shows one record carries ``ETag: "<version>"`` (the ``version`` column,
bumped by every save). A write to an existing record, whether PUT, PATCH, DELETE or a review
action (verify, publish, retract), must send that ETag back in ``If-Match``: without it the
answer is 428, and if the record has changed since, 412. Either way nothing is written.

The review actions are conditional too: verifying or publishing vouches for the record as the
reviewer read it, so an edit that lands between their read and their click must not be
verified or published unseen.
"""

from django.utils.http import parse_etags, quote_etag
from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = (
        'Send If-Match with the ETag of the record as you last read it, in quotes (If-Match: "3").'
    )


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = (
        "The record has changed since the version in If-Match; read it again, then redo your change."
    )


def record_etag(record) -> str:
    return quote_etag(str(record.version))


def _versions(header: str) -> list[str]:
    """The entity tags of an If-Match or If-None-Match header, weak or strong alike.

    The tag names a version of the record, not a particular encoding of its bytes, so a
    tag weakened on its way (a proxy that compresses responses adds ``W/``) still names it.
    """
    return [tag.removeprefix("W/") for tag in parse_etags(header)]


class ConditionalRequestMixin:
    """ETags on responses that show one record; If-Match required on every write to one."""

    _shown = None  # the serializer of the response, once the action has made one

    def _writes_one_record(self) -> bool:
        return bool(self.detail) and self.request.method not in SAFE_METHODS

    def get_object(self):
        if self._writes_one_record():
            self._lock_row()
        record = super().get_object()
        if self._writes_one_record():
            self._check_if_match(record)
        return record

    def _lock_row(self) -> None:
        """Lock the row before it is read, until the write's transaction ends (api/transactions.py).

        Of two writers holding the same ETag, the second waits here for the first to commit,
        then reads the new version and gets a 412: the compare and the write are one step.
        The lock takes the bare row; the view's queryset may join nullable relations or be
        made distinct by a filter, and PostgreSQL locks neither.
        """
        model = self.get_queryset().model
        pk = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        list(model._base_manager.select_for_update().filter(pk=pk).values_list("pk"))

    def _check_if_match(self, record) -> None:
        versions = _versions(self.request.headers.get("If-Match", ""))
        # "*" would match any version: it names none, and protects no edit from being lost.
        if not versions or "*" in versions:
            raise PreconditionRequired
        if record_etag(record) not in versions:
            raise PreconditionFailed

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        if {record_etag(record), "*"} & set(_versions(request.headers.get("If-None-Match", ""))):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": record_etag(record)})
        return Response(self.get_serializer(record).data)

    def get_serializer(self, *args, **kwargs):
        # Remembered so that the response can be tagged with the version of the record it
        # shows, whichever action (retrieve, create, update, a review step) rendered it.
        self._shown = super().get_serializer(*args, **kwargs)
        return self._shown

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self._shown, "instance", None)
        shows_a_record = hasattr(record, "version")  # not a page of them, nor an error
        if shows_a_record and response.status_code in (status.HTTP_200_OK, status.HTTP_201_CREATED):
            response["ETag"] = record_etag(record)
        return response
