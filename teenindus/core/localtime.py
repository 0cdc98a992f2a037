"""The agency's local day (Europe/Tallinn, settings.TIME_ZONE) as UTC instants: the one place that
turns a local date into the moment its midnight begins. A day with a daylight-saving change is 23 or
25 hours long, so a day's end is the next day's midnight, never its start plus 24 hours."""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings


def tz() -> ZoneInfo:
    return _zone(settings.TIME_ZONE)


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_midnight(day: date) -> datetime:
    """The UTC instant of local midnight starting `day`."""
    return _local_midnight(day, settings.TIME_ZONE)


@lru_cache(maxsize=8192)
def _local_midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=_zone(zone)).astimezone(UTC)


def local_day_bounds(first: date, last: date | None = None) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the local days `first` … `last` (one day when `last` is None)."""
    return local_midnight(first), local_midnight((last or first) + timedelta(days=1))
