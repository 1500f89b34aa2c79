from rest_framework import permissions

from reports.services.review import can_review


class CanReview(permissions.BasePermission):
    """Verifying, publishing and retracting need the model's review permission (the reviewer role)."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and can_review(user=request.user, model=view.queryset.model)
