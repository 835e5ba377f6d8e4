"""Login throttling with django-axes: who the client is, and what a locked-out login is told.

Axes counts failed logins per username *and* address together (settings, "Login throttling"): a stranger cannot
lock a known editor out from elsewhere, and a newsroom behind one address is not locked out whole.
"""

import ipaddress

from axes.conf import settings
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.timezone import localtime, now


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the one our own proxies wrote into X-Forwarded-For.

    Each of the PROXY_COUNT proxies in front of gunicorn appends the address it received the request from, so the
    client is the PROXY_COUNT-th entry from the right; anything further left was written by the client and proves
    nothing. With PROXY_COUNT at 0, or a header shorter than that (a request that bypassed the proxies), or an
    entry that is not an address, REMOTE_ADDR stands.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    if not settings.PROXY_COUNT:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < settings.PROXY_COUNT:
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-settings.PROXY_COUNT].strip()))
    except ValueError:
        return remote_addr


def locked_until(username, ip_address):
    """When the lock on this username from this address lifts: a cool-off after its latest recorded failure.

    Attempts refused during the lock are not recorded (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off), so
    the time told is the time it lifts, however often the login is tried meanwhile.
    """
    latest = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(Max("attempt_time"))
    return (latest["attempt_time__max"] or now()) + get_cool_off()  # or now(): unlocked as the page was made


def lockout_message(request, username):
    until = date_format(localtime(locked_until(username, request.axes_ip_address)), "N j, Y, P T")
    return (
        f"Too many failed logins: “{username}” cannot log in from this address until {until} "
        f"({settings.AXES_FAILURE_LIMIT} wrong passwords in a row), even with the right password. "
        "An editor or an administrator can unlock it sooner."
    )


def lockout_response(request, original_response, credentials):
    """The login page as the admin rendered it, its form telling the lockout, with axes' status (429)."""
    original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    return original_response
