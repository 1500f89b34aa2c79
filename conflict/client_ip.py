"""The client's address, found the same way for login lockouts as for API throttling."""

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str:
    """With ``NUM_PROXIES`` proxies in front, the address the outermost of them saw; else REMOTE_ADDR.

    Behind a proxy REMOTE_ADDR is the proxy's own address, so counting failed logins by it
    would lock every user out together; trusting the whole X-Forwarded-For header instead
    would let a client pick its address per attempt and never be locked out.
    """
    return BaseThrottle().get_ident(request)
