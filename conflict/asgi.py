"""The ASGI entry point."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")

application = get_asgi_application()

# Reading the key makes Django refuse an empty one now, at start, rather than at the first
# request that signs something.
settings.SECRET_KEY  # noqa: B018
