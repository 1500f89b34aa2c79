"""Accounts and API tokens."""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from knox.models import AuthToken

CURATOR_GROUP = "curator"


def token_issue(*, username: str, expires_in: datetime.timedelta | None) -> tuple[AuthToken, str]:
    """A new API token for the user; returns the stored token and the secret, which is shown only now.

    Only a hash of the secret is stored, so a lost token cannot be recovered: issue another.
    """
    user = get_user_model().objects.get(username=username)
    return AuthToken.objects.create(user=user, expiry=expires_in)


@transaction.atomic
def curator_ensure(*, username: str) -> str | None:
    """Create a staff curator account with a fresh random password; returns it, or None if the user exists."""
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        return None
    password = secrets.token_urlsafe(18)
    user = users.objects.create_user(username=username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    return password
