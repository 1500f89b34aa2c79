from django.core.management.base import BaseCommand

from reports.services.demo import demo_load


class Command(BaseCommand):
    help = (
        "Load the seed report as demo data (once; a second run changes nothing). Needs load_gazetteer first."
    )

    def handle(self, *args, **options):
        if demo_load():
            self.stdout.write(self.style.SUCCESS("Loaded the seed report."))
        else:
            self.stdout.write("The seed report is already loaded; nothing changed.")
