from django.core.management.base import BaseCommand

from reports.services.accounts import curator_ensure


class Command(BaseCommand):
    help = "Create a local curator account with a random password, printed once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="curator")

    def handle(self, *args, username, **options):
        password = curator_ensure(username=username)
        if password is None:
            self.stdout.write(
                f"Curator account '{username}' already exists "
                f"(set a new password with: python manage.py changepassword {username})."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Curator account: {username} / {password}  (shown only once)")
            )
