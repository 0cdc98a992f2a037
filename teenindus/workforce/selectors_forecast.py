"""Reads for forecasts: the queues a planner may forecast, a queue's history from the telephony
rollups, the forecasts in scope and one forecast's figures for its page. Nothing here writes."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Q, Sum

from teenindus.core.ids import id_ok
from teenindus.telephony.models import Call, Queue, QueueInterval
from teenindus.telephony.rollups import pending_call_slots, slot_aggregates
from teenindus.workforce import forecasting, scope
from teenindus.workforce.models import SLOTS_PER_DAY, Forecast, TeamSettings
from teenindus.workforce.selectors import adjustment_factors, forecast_adjusted

HISTORY_WEEKS = 52


def queue_ids_in_scope(user) -> set[int] | None:
    """The queues the user may forecast (the queues of the teams they plan); None means every queue."""
    units = scope.unit_ids_in_scope(user)
    if units is None:
        return None
    return set(
        TeamSettings.queues.through.objects.filter(teamsettings__unit_id__in=units).values_list(
            "queue_id", flat=True
        )
    )


def queues_in_scope(user):
    queues = queue_ids_in_scope(user)
    rows = Queue.objects.all() if queues is None else Queue.objects.filter(pk__in=queues)
    return rows.order_by("name")


def queue_in_scope(user, queue_id) -> Queue | None:
    """The queue when the user may forecast it, else None (callers answer 404)."""
    if not id_ok(queue_id):
        return None
    queues = queue_ids_in_scope(user)
    if queues is not None and queue_id not in queues:
        return None
    return Queue.objects.filter(pk=queue_id).first()


def queue_history(queue: Queue, *, first_day: date, last_day: date) -> forecasting.History:
    """Offered, handled and handle seconds per day and slot over [first_day, last_day]: the slot
    rollups the sweep keeps, and for slots still marked out of date the raw calls (read the way the
    telephony reports read them; nothing is written)."""
    days = Q(queue=queue, local_date__gte=first_day, local_date__lte=last_day)
    rolled = (
        QueueInterval.objects.filter(days)
        .exclude(pending_call_slots())
        .values_list("local_date", "slot", "offered", "handled", "handle_time")
    )
    sums = slot_aggregates(queue)
    raw = (
        Call.objects.filter(days)
        .filter(pending_call_slots())
        .values("local_date", "slot")
        .annotate(offered=Count("id"), handled=sums["handled"], handle_time=sums["handle_time"])
        .values_list("local_date", "slot", "offered", "handled", "handle_time")
        .order_by()
    )
    return forecasting.history_from_rows([*rolled, *raw], first_day=first_day, last_day=last_day)


def forecasts_in_scope(user, *, unit_id=None):
    """The forecasts of the queues the user may forecast, newest first; with a unit, that team's
    queues only (None when the unit is not in scope: a 404)."""
    rows = Forecast.objects.select_related("queue", "created_by")
    queues = queue_ids_in_scope(user)
    if queues is not None:
        rows = rows.filter(queue_id__in=queues)
    if unit_id is not None:
        unit = scope.unit_in_scope(user, unit_id)
        if unit is None:
            return None
        rows = rows.filter(
            queue_id__in=TeamSettings.queues.through.objects.filter(teamsettings__unit=unit).values(
                "queue_id"
            )
        )
    return rows.order_by("-created_at")


def forecast_in_scope(user, forecast_id) -> Forecast | None:
    if not id_ok(forecast_id):
        return None
    rows = forecasts_in_scope(user)
    return rows.filter(pk=forecast_id).first()


def slot_label(slot: int) -> str:
    minutes = slot * 15
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def forecast_days(forecast: Forecast) -> list[dict]:
    """Per day: the model's contacts, the adjusted contacts, the change (fraction) and the day's
    weighted AHT, with that day's adjustments (newest last)."""
    original = dict(
        forecast.intervals.values_list("local_date").annotate(contacts=Sum("contacts")).order_by()
    )
    adjusted: dict[date, float] = defaultdict(float)
    work: dict[date, float] = defaultdict(float)
    for (day, _slot), (contacts, aht) in forecast_adjusted(forecast).items():
        adjusted[day] += contacts
        work[day] += contacts * aht
    adjustments = defaultdict(list)
    for row in forecast.adjustments.select_related("created_by"):
        row.slot_label = slot_label(row.slot) if row.slot is not None else ""
        adjustments[row.local_date].append(row)
    days = []
    day = forecast.first_day
    while day <= forecast.last_day:
        before, after = original.get(day, 0.0), adjusted.get(day, 0.0)
        days.append(
            {
                "day": day,
                "original": before,
                "adjusted": after,
                "change": (after / before - 1) if before > 0 else None,
                "aht": work[day] / after if after > 0 else None,
                "adjustments": adjustments.get(day, []),
            }
        )
        day += timedelta(days=1)
    return days


def forecast_day_intervals(forecast: Forecast, day: date) -> list[dict]:
    """The day's 96 intervals: model value, adjusted value, AHT and the factor applied."""
    factors = adjustment_factors(forecast)
    model = dict(
        (slot, (contacts, aht))
        for slot, contacts, aht in forecast.intervals.filter(local_date=day).values_list(
            "slot", "contacts", "aht_seconds"
        )
    )
    rows = []
    for slot in range(SLOTS_PER_DAY):
        contacts, aht = model.get(slot, (0.0, 0.0))
        factor = factors.get((day, None), 1.0) * factors.get((day, slot), 1.0)
        rows.append(
            {
                "slot": slot,
                "label": slot_label(slot),
                "model": contacts,
                "adjusted": contacts * factor,
                "aht": aht,
                "factor": factor,
            }
        )
    return rows


def accuracy_rows(forecast: Forecast) -> list[dict]:
    """Each method's held-out WAPE, the proposed one first-marked, in the methods' order."""
    rows = []
    for method, label in Forecast.Method.choices:
        figures = forecast.accuracy.get(method)
        if figures is None:
            continue
        rows.append(
            {
                "method": method,
                "label": label,
                "wape_day": figures.get("wape_day"),
                "wape_interval": figures.get("wape_interval"),
                "weeks": figures.get("weeks"),
                "proposed": method == forecast.proposed_method,
                "used": method == forecast.method,
            }
        )
    return rows
