"""Django's PostgreSQL backend, with a health check that costs no round trip while nothing is wrong.

A connection is kept between requests (CONN_MAX_AGE), so the server may have ended it since the
last one: a restart, a failover, ``pg_terminate_backend``, an idle timeout, a pooler closing it.
Without a check, the first query of the next request on that connection fails, and the request
is a 500. Django's check (CONN_HEALTH_CHECKS) sends ``SELECT 1`` before the first query of every
request: a round trip per request that a list page, a few queries long, felt (bench/).

A server that ends a connection says so on it, a FATAL error then end of file, or the end of
file alone: data the client never asked for, waiting on the socket. A connection idle between
requests has nothing to read otherwise, since Django reads every answer whole (this app uses no
LISTEN/NOTIFY). So the check looks at the socket first, without waiting: nothing to read, and
the connection is used as it is; anything to read, and Django's ``SELECT 1`` decides, closing
the connection if it fails, so the request runs on a new one.

What no check without a round trip sees is a peer that vanished silently (a network cut, no
FIN): the request's first query then waits for TCP to give up, as ``SELECT 1`` would have.
"""

import select

from django.db.backends.postgresql import base


def said_something(connection) -> bool:
    """Whether the server sent anything on this idle connection, or it is closed or broken."""
    if connection.closed or connection.broken:
        return True
    try:
        poll = select.poll()
        poll.register(connection.fileno(), select.POLLIN | select.POLLPRI)
        return bool(poll.poll(0))
    except (OSError, ValueError):  # no socket to look at: let the real check decide
        return True


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and not said_something(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
