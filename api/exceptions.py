"""One JSON error shape for every status, and no 500 for errors a client caused."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from reports.services.review import ReviewError


def _conflict(detail: str) -> Response:
    # The request's transaction must not commit what happened before the failure.
    set_rollback()
    return Response({"detail": detail, "code": "conflict"}, status=status.HTTP_409_CONFLICT)


def exception_handler(exc, context):
    if isinstance(exc, ProtectedError | RestrictedError):
        referrers = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in referrers})
        return _conflict(f"Cannot delete: still referred to by {', '.join(kinds)}.")
    if isinstance(exc, ReviewError):
        return _conflict(str(exc))
    if isinstance(exc, IntegrityError):
        # Validation checks every constraint first; reaching here means a concurrent
        # write won the race for a unique value.
        return _conflict("The request conflicts with the current state of the data.")
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": "Invalid input.", "code": "invalid", "errors": errors}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(detail), "code": code}
    return response


def not_found(request, exception):
    """A path under /api/ that names no endpoint gets the API's error shape; the rest, Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "No endpoint at this path.", "code": "not_found"}, status=404)
    return page_not_found(request, exception)
