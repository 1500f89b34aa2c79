from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Conflict reports"

    def ready(self):
        from reports import signals  # noqa: F401  (connects the receivers)
