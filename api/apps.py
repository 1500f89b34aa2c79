from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "HTTP API"

    def ready(self):
        from api import lookups, schema  # noqa: F401  (register __any_id and the OpenAPI extensions)
