import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reports.services.accounts import token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user. The token is printed once; only its hash is stored."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days", type=int, default=90, help="Days until the token expires (default 90; 0 for no expiry)."
        )

    def handle(self, *args, username, days, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        try:
            token, secret = token_issue(
                username=username, expires_in=datetime.timedelta(days=days) if days else None
            )
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        expiry = token.expiry.isoformat() if token.expiry else "never"
        self.stdout.write(
            f"Token for {username} (expires {expiry}); send it as 'Authorization: Token <token>':"
        )
        self.stdout.write(secret)
