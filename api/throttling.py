"""Rate limits that keep the API up when the shared cache (Redis) is down.

The counters live in the cache. When it cannot be reached, refusing every request would turn
a cache outage into an API outage, and raising would make every request a 500; instead the
request is let through unthrottled and the failure is logged, once per request.
"""

import logging

from rest_framework import throttling

logger = logging.getLogger(__name__)


class CacheOutageTolerant:
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache backend's own errors: redis, memcached, a socket
            logger.exception("Rate limit not applied: the cache could not be reached.")
            return True


class AnonRateThrottle(CacheOutageTolerant, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(CacheOutageTolerant, throttling.UserRateThrottle):
    pass
