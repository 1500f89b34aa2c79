from django.core.management.base import BaseCommand, CommandError

from reports.services.gazetteer import GazetteerError, gazetteer_load


class Command(BaseCommand):
    help = (
        "Load the shipped gazetteer (countries, regions, their centres and other names); safe to run again."
    )

    def handle(self, *args, **options):
        try:
            result = gazetteer_load()
        except GazetteerError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Gazetteer loaded: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
