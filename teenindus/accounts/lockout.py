"""Sign-in lockout with two limits (django-axes calls `failure_limit`, see AXES_FAILURE_LIMIT).

Axes counts failures for each of its lockout parameters (AXES_LOCKOUT_PARAMETERS: this username
from this address, and this address whatever the username), takes the largest count and compares it
with one limit. One password tried across many usernames must be stopped too, but an office behind
one address must not be locked out by a few colleagues' typos, so the address gets a higher limit:

- the username from this address is locked at AXES_USERNAME_FAILURE_LIMIT failures;
- the address is locked at AXES_ADDRESS_FAILURE_LIMIT failures, whatever the usernames.

The address's count always includes the username's, so the largest count is the address's: the
limit to compare it with is the username's once the username has reached it, else the address's.
The counts are axes' rows in the shared database, so every server process sees the same ones.
"""

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _username_failures(request, credentials) -> int:
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
    )
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def failure_limit(request, credentials) -> int:
    username_limit = settings.AXES_USERNAME_FAILURE_LIMIT
    if _username_failures(request, credentials) >= username_limit:
        return username_limit
    return settings.AXES_ADDRESS_FAILURE_LIMIT
