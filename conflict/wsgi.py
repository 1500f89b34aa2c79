"""The WSGI entry point: `gunicorn conflict.wsgi:application`."""

import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")

application = get_wsgi_application()

# Reading the key makes Django refuse an empty one now, at start, rather than at the first
# request that signs something.
settings.SECRET_KEY  # noqa: B018

# The URL patterns, and with them every view, serializer and filter, imported now rather than by
# the first request, so that they are among what is frozen below.
get_resolver().url_patterns  # noqa: B018

# What the start made (modules, classes, Django's apps, the views: ~120,000 objects) lives as long
# as the process. Left to the collector, each full collection scanned it all again, a pause of
# 100-150 ms inside whichever request set it off: the long tail of the list pages' latency
# (bench/RESULTS.md). Frozen, the collector leaves it out. An attacks page of 100 records allocates
# about 2,000 more objects than it frees, three young collections a request at the default threshold
# of 700, each moving the request's live objects towards the old generation; at 10,000 it is one
# every few requests, and a full collection seldom comes.
gc.freeze()
gc.set_threshold(10_000, 10, 10)
