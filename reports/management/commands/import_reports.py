from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reports.services.imports import (
    KINDS,
    ImportInvalid,
    ImportTooLarge,
    reports_import,
    rows_from_csv,
    rows_from_json,
)


class Command(BaseCommand):
    help = (
        "Import sources, events, statements, deployments and figures from a JSON file, or one kind of "
        "record from a CSV file (--kind). The file is written whole or not at all; a re-import updates "
        "records by their external_id (sources by their document_url) and creates no duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=list(KINDS), help="The kind of records in a CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report; write nothing.")
        parser.add_argument(
            "--user", help="The username recorded as the records' creator and in their history."
        )

    def handle(self, *args, file: Path, kind: str | None, dry_run: bool, user: str | None, **options):
        importer = self._user(user) if user else None
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        is_csv = file.suffix.lower() == ".csv"
        if is_csv and kind is None:
            raise CommandError("Name the kind of records in a CSV file with --kind.")
        if not is_csv and kind is not None:
            raise CommandError("--kind is for CSV files; a JSON file names its kinds itself.")
        try:
            rows = rows_from_csv(text=text, kind=kind) if is_csv else rows_from_json(text=text)
            report = reports_import(records=rows, user=importer, dry_run=dry_run)
        except ImportTooLarge as error:
            raise CommandError(str(error)) from error
        except ImportInvalid as error:
            lines = [
                f"  line {row.line}, {row.kind or 'file'}, {row.field or 'record'}: {row.message}"
                for row in error.errors
            ]
            raise CommandError("\n".join([f"{file}: {error}", *lines])) from error

        self.stdout.write(f"Dry run of {file}: nothing was written." if dry_run else f"Imported {file}:")
        for name, counts in report.counts.items():
            self.stdout.write(
                f"  {name}: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged"
            )

    def _user(self, username: str):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
