"""Ticket figures for team leads, read from what was stored when things happened (working seconds
to the first response and to the solution, working days from the solution to the delivery): no
figure recomputes the calendar per row.

- open tickets now, by group and category, by age (calendar days since created);
- per group, for tickets created in [start, end): median working hours to the first response and to
  the solution; deadlines kept by the second level (response and solution) and the first level
  (answer delivered by its due time); reopen rate; answers delivered within N working days."""

from datetime import date, timedelta
from statistics import median

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenindus.core.exports import PERCENT, Column
from teenindus.core.localtime import local_midnight
from teenindus.tickets.models import Ticket
from teenindus.tickets.moves import OPEN, State

AGES = [(0, 1), (1, 3), (3, 7), (7, 30), (30, None)]  # calendar days since created
AGE_LABELS = [
    _("under 1 day"),
    _("1–3 days"),
    _("3–7 days"),
    _("7–30 days"),
    _("over 30 days"),
]


def open_by_group_and_age() -> list[dict]:
    now = timezone.now()
    buckets = {}
    for n, (low, high) in enumerate(AGES):
        q = Q(created_at__lte=now - timedelta(days=low))
        if high is not None:
            q &= Q(created_at__gt=now - timedelta(days=high))
        buckets[f"age_{n}"] = Count("id", filter=q)
    rows = (
        Ticket.objects.filter(state__in=sorted(OPEN))
        .values("group__name", "category__name")
        .annotate(open=Count("id"), past_due=Count("id", filter=Q(next_due__lt=now)), **buckets)
        .order_by("group__name", "category__name")
    )
    return [
        {
            "group": r["group__name"],
            "category": r["category__name"],
            "open": r["open"],
            "past_due": r["past_due"],
            **{f"age_{n}": r[f"age_{n}"] for n in range(len(AGES))},
        }
        for r in rows
    ]


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _hours(values: list[int]) -> float | None:
    return round(median(values) / 3600, 1) if values else None


def performance_by_group(*, start: date, end: date, within_days: int = 2) -> list[dict]:
    """Per group, over the tickets created in [start, end) (local dates)."""
    tickets = Ticket.objects.filter(created_at__gte=local_midnight(start), created_at__lt=local_midnight(end))
    counts = (
        tickets.values("group_id", "group__name")
        .annotate(
            created=Count("id"),
            responded=Count("id", filter=Q(responded_at__isnull=False)),
            responded_in_time=Count("id", filter=Q(responded_at__lte=F("response_due"))),
            solved=Count("id", filter=Q(solved_at__isnull=False)),
            solved_in_time=Count("id", filter=Q(solved_at__lte=F("solution_due"))),
            delivered=Count("id", filter=Q(delivered_at__isnull=False)),
            delivered_in_time=Count("id", filter=Q(delivered_at__lte=F("delivery_due"))),
            delivered_within=Count("id", filter=Q(delivery_days__lte=within_days)),
            reopened=Count("id", filter=Q(reopen_count__gt=0)),
            still_open=Count("id", filter=Q(state__in=sorted(OPEN - {State.SOLVED, State.DELIVERED}))),
        )
        .order_by("group__name")
    )
    seconds: dict[int, dict[str, list[int]]] = {}
    for group_id, response, solution in tickets.values_list(
        "group_id", "response_seconds", "solution_seconds"
    ):
        entry = seconds.setdefault(group_id, {"response": [], "solution": []})
        if response is not None:
            entry["response"].append(response)
        if solution is not None:
            entry["solution"].append(solution)
    rows = []
    for r in counts:
        s = seconds.get(r["group_id"], {"response": [], "solution": []})
        rows.append(
            {
                "group": r["group__name"],
                "created": r["created"],
                "still_open": r["still_open"],
                "median_response_hours": _hours(s["response"]),
                "median_solution_hours": _hours(s["solution"]),
                "response_in_time": _rate(r["responded_in_time"], r["responded"]),
                "solution_in_time": _rate(r["solved_in_time"], r["solved"]),
                "delivery_in_time": _rate(r["delivered_in_time"], r["delivered"]),
                "delivered_within": _rate(r["delivered_within"], r["delivered"]),
                "reopen_rate": _rate(r["reopened"], r["solved"]),
            }
        )
    return rows


def open_columns() -> list[Column]:
    return [
        Column("group", _("Group")),
        Column("category", _("Category")),
        Column("open", _("Open")),
        Column("past_due", _("Past due")),
        *[Column(f"age_{n}", label) for n, label in enumerate(AGE_LABELS)],
    ]


def performance_columns(within_days: int) -> list[Column]:
    return [
        Column("group", _("Group")),
        Column("created", _("Created")),
        Column("still_open", _("With second level now")),
        Column("median_response_hours", _("Median to first response, working h")),
        Column("median_solution_hours", _("Median to solution, working h")),
        Column("response_in_time", _("First response in time (2nd level)"), PERCENT),
        Column("solution_in_time", _("Solved in time (2nd level)"), PERCENT),
        Column("delivery_in_time", _("Answer delivered in time (1st level)"), PERCENT),
        Column("delivered_within", _("Delivered within %(n)s working days") % {"n": within_days}, PERCENT),
        Column("reopen_rate", _("Reopened"), PERCENT),
    ]
