"""The front desk's figures per service, desk and hour, for one day live or a range of days.

Definitions (stated with every export):
- a visit belongs to the local hour (and day) in which it was **checked in**; a redirected visit
  counts under the service it ended with, its wait from the original check-in;
- visitors = visits checked in; served; no-shows = called and did not come;
- wait = from check-in to the call by the desk that finished the visit (called or finished visits);
  mean, 90th percentile (nearest rank: the smallest wait that at least 90% of waits do not exceed)
  and longest, in seconds to one decimal (every seconds figure rounded the same way);
- service time = from the call to "served", mean in seconds, over served visits.
"""

import math
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core.exports import Column
from teenindus.frontdesk.models import Office, Visit
from teenindus.frontdesk.moves import State

GROUPINGS = ("service", "desk", "hour")


def p90(values: list[float]) -> float | None:
    """The 90th percentile by nearest rank."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _seconds(value: float | None) -> float | None:
    """Every seconds figure rounded half away from zero to one decimal, the same on the page and in
    the exports (the page's number format would cut further decimals off, not round them)."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _figures(rows: list[dict]) -> dict:
    waits = [r["wait"] for r in rows if r["wait"] is not None]
    service_times = [r["service_time"] for r in rows if r["service_time"] is not None]
    return {
        "visitors": len(rows),
        "served": sum(1 for r in rows if r["state"] == State.SERVED),
        "no_shows": sum(1 for r in rows if r["state"] == State.NO_SHOW),
        "waiting": sum(1 for r in rows if r["state"] == State.WAITING),
        "wait_mean": _seconds(sum(waits) / len(waits) if waits else None),
        "wait_p90": _seconds(p90(waits)),
        "wait_max": _seconds(max(waits) if waits else None),
        "service_mean": _seconds(sum(service_times) / len(service_times) if service_times else None),
    }


def _rows(*, office: Office, start: date, end: date) -> list[dict]:
    out = []
    visits = (
        Visit.objects.filter(office=office, local_date__gte=start, local_date__lt=end)
        .values("state", "checked_in_at", "called_at", "finished_at", "service__name", "desk__name")
        .order_by("checked_in_at", "pk")
    )
    for v in visits:
        called, finished = v["called_at"], v["finished_at"]
        wait = (called - v["checked_in_at"]).total_seconds() if called else None
        service_time = (
            (finished - called).total_seconds()
            if v["state"] == State.SERVED and called and finished
            else None
        )
        out.append(
            {
                "state": v["state"],
                "service": v["service__name"],
                "desk": v["desk__name"] or "—",
                "hour": timezone.localtime(v["checked_in_at"]).strftime("%H:00"),
                "wait": wait,
                "service_time": service_time,
            }
        )
    return out


def visit_stats(*, office: Office, start: date, end: date, by: str) -> list[dict]:
    """Figures of visits checked in on days [start, end), one row per service, desk or hour, and a
    last row for all."""
    if by not in GROUPINGS:
        raise ValueError(by)
    rows = _rows(office=office, start=start, end=end)
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row[by]].append(row)
    table = [{"key": key, **_figures(group)} for key, group in sorted(groups.items())]
    table.append({"key": _("All"), **_figures(rows)})
    return table


def visit_stats_today(*, office: Office, by: str) -> list[dict]:
    today = timezone.localdate()
    return visit_stats(office=office, start=today, end=today + timedelta(days=1), by=by)


def stats_columns(by: str) -> list[Column]:
    headings = {"service": _("Service"), "desk": _("Desk"), "hour": _("Hour")}
    return [
        Column("key", headings[by]),
        Column("visitors", _("Visitors")),
        Column("served", _("Served")),
        Column("no_shows", _("No-shows")),
        Column("waiting", _("Still waiting")),
        Column("wait_mean", _("Mean wait, s")),
        Column("wait_p90", _("Wait 90th percentile, s")),
        Column("wait_max", _("Longest wait, s")),
        Column("service_mean", _("Mean service time, s")),
    ]


def stats_note() -> str:
    return _(
        "A visit counts in the hour it was checked in. Wait: check-in to the call; 90th percentile by "
        "nearest rank; service time: call to served; in seconds."
    )
