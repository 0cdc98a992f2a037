"""Writes for forecasts: building one from a queue's history (forecasting.py does the numbers) and
a lead's adjustment of it by a percentage. Adjustments are kept as rows and applied when read
(`teenindus.workforce.selectors.forecast_adjusted`), never folded into the stored values."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core.bulk import bulk_insert
from teenindus.core.exceptions import NotFound, PermissionDeniedError, ValidationFailed
from teenindus.core.worktime import calendar_load
from teenindus.workforce import forecasting, scope
from teenindus.workforce.models import SLOTS_PER_DAY, Forecast, ForecastAdjustment, ForecastInterval
from teenindus.workforce.selectors import adjustment_factors
from teenindus.workforce.selectors_forecast import (
    HISTORY_WEEKS,
    forecast_in_scope,
    queue_history,
    queue_in_scope,
)

MAX_WEEKS = 8
MAX_PERCENT = Decimal(1000)
MAX_DAYS_AHEAD = 366
# A forecast of past weeks (from the history before them) shows how the method would have done
# and lets planned-vs-actual and workload compare a past week with its forecast.
MAX_DAYS_BACK = 8 * 7


def _require_planner(actor) -> None:
    if not actor.has_perm(scope.PLAN) and not actor.has_perm(scope.OVERSEE):
        raise PermissionDeniedError(_("Only workforce planners build and adjust forecasts."))


def forecast_build(*, actor, queue_id, first_day: date, weeks: int, method: str | None = None) -> Forecast:
    """Forecast the queue for `weeks` (1–8) weeks from `first_day` from its history up to the day
    before (at most today's yesterday), with `method` or, when None, the proposed one; the held-out
    accuracy of every method is stored beside it."""
    _require_planner(actor)
    queue = queue_in_scope(actor, queue_id)
    if queue is None:
        raise NotFound(_("No such queue among your teams' queues."), field="queue")
    if not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise ValidationFailed(_("A forecast covers 1 to 8 weeks."), field="weeks")
    if method is not None and method not in Forecast.Method.values:
        raise ValidationFailed(_("Unknown forecasting method."), field="method")
    today = timezone.localdate()
    earliest, latest = today - timedelta(days=MAX_DAYS_BACK), today + timedelta(days=MAX_DAYS_AHEAD)
    if not isinstance(first_day, date) or not earliest <= first_day <= latest:
        raise ValidationFailed(
            _("The forecast starts within the last 8 weeks or the next year."), field="first_day"
        )
    history_to = min(first_day, today) - timedelta(days=1)
    history_from = history_to - timedelta(days=HISTORY_WEEKS * 7 - 1)
    history = queue_history(queue, first_day=history_from, last_day=history_to)
    try:
        result = forecasting.forecast(
            history, first_day=first_day, weeks=weeks, calendar=calendar_load(), method=method
        )
    except forecasting.NotEnoughHistory as error:
        raise ValidationFailed(
            _("Not enough history to forecast: %(days)s days of calls, at least %(need)s are needed.")
            % {"days": error.args[0], "need": forecasting.MIN_HISTORY_DAYS},
            field="queue",
        ) from error
    with transaction.atomic():
        forecast = Forecast.objects.create(
            queue=queue,
            first_day=result.first_day,
            last_day=result.last_day,
            method=result.method,
            proposed_method=result.proposed_method,
            accuracy={
                name: {"wape_day": a.wape_day, "wape_interval": a.wape_interval, "weeks": a.weeks}
                for name, a in result.accuracy.items()
            },
            history_from=result.history_from,
            history_to=result.history_to,
            created_by=actor,
        )
        bulk_insert(
            ForecastInterval,
            ["forecast", "local_date", "slot", "contacts", "aht_seconds"],
            ((forecast.pk, day, slot, contacts, aht) for day, slot, contacts, aht in result.rows()),
        )
    return forecast


def _percent(value) -> Decimal:
    try:
        percent = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("Enter the change as a number of percent."), field="percent") from None
    if not percent.is_finite():
        raise ValidationFailed(_("Enter the change as a number of percent."), field="percent")
    return percent.quantize(Decimal("0.01"))


def forecast_adjust(
    *, actor, forecast_id, local_date: date, slot: int | None, percent, reason: str
) -> ForecastAdjustment:
    """Change the forecast of a day (slot None) or one interval by `percent`; refused, changing
    nothing, when any forecast value would become negative, the day is outside the forecast, the
    slot is not 0–95 or there is no reason."""
    _require_planner(actor)
    if forecast_in_scope(actor, forecast_id) is None:
        raise NotFound(_("No such forecast."), field="forecast")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Say why the forecast is changed."), field="reason")
    if len(reason) > 200:
        raise ValidationFailed(_("The reason is at most 200 characters."), field="reason")
    percent = _percent(percent)
    if percent < -100:
        raise ValidationFailed(_("A change below −100 % would make the forecast negative."), field="percent")
    if percent > MAX_PERCENT:
        raise ValidationFailed(_("A change is at most +1000 %."), field="percent")
    if slot is not None and (not isinstance(slot, int) or not 0 <= slot < SLOTS_PER_DAY):
        raise ValidationFailed(_("An interval is 0 to 95 (00:00 to 23:45)."), field="slot")
    with transaction.atomic():
        # Serialised per forecast: the combined factor is checked against the adjustments stored.
        forecast = Forecast.objects.select_for_update().get(pk=forecast_id)
        if not isinstance(local_date, date) or not forecast.first_day <= local_date <= forecast.last_day:
            raise ValidationFailed(_("The day is outside the forecast."), field="local_date")
        factors = adjustment_factors(forecast)
        factor = 1 + float(percent) / 100
        day_factor = factors.get((local_date, None), 1.0) * (factor if slot is None else 1.0)
        slots = range(SLOTS_PER_DAY) if slot is None else [slot]
        for each in slots:
            combined = day_factor * factors.get((local_date, each), 1.0) * (factor if each == slot else 1.0)
            if combined < 0:
                raise ValidationFailed(_("The change would make the forecast negative."), field="percent")
        return ForecastAdjustment.objects.create(
            forecast=forecast,
            local_date=local_date,
            slot=slot,
            percent=percent,
            reason=reason,
            created_by=actor,
        )
