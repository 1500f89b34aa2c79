"""The WSGI entry point: `gunicorn conflict.wsgi:application`."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")

application = get_wsgi_application()

# Reading the key makes Django refuse an empty one now, at start, rather than at the first
# request that signs something.
settings.SECRET_KEY  # noqa: B018
