"""Staffing: the agents a team needs per 15-minute interval for its forecasts (Erlang C or A,
teenindus.workforce.erlang), its service-level target, maximum occupancy and shrinkage; and the
edit of the team's settings (optimistic concurrency on `version`).

Simplification: the team's queues are pooled as one queue — contacts summed, AHT weighted by
contacts — as if every agent of the team answered every queue of it."""

import math
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ApplicationError, ConcurrentEditError, NotFound
from teenindus.telephony.models import Call, CallOutcome, Queue
from teenindus.workforce import erlang, scope
from teenindus.workforce.models import (
    SLOTS_PER_DAY,
    Forecast,
    StaffingInterval,
    StaffingPlan,
    TeamSettings,
)
from teenindus.workforce.selectors import forecast_adjusted

MAX_DAYS = 56
PATIENCE_WEEKS = 8
SHRINKAGE_FIELDS = (
    "shrinkage_breaks_percent",
    "shrinkage_training_percent",
    "shrinkage_meetings_percent",
    "shrinkage_absence_percent",
)


def _unit(actor, unit_id):
    unit = scope.unit_in_scope(actor, unit_id)
    if unit is None:
        raise NotFound(_("No such team."))
    return unit


def patience_estimate(queue_ids, *, until: date) -> dict | None:
    """Mean patience (s) of the callers of these queues over the 8 weeks before `until`: the
    maximum-likelihood estimate for exponential patience with censoring, θ̂ = abandons / seconds
    waited by all callers (answered callers' waits are censored patience). Read from the raw
    queue calls (`Call.wait_seconds`, outcome abandoned — short abandons included — over every
    call that left the queue; the rollups hold no wait of abandoned calls). None without abandons."""
    since = until - timedelta(weeks=PATIENCE_WEEKS)
    figures = (
        Call.objects.filter(queue_id__in=list(queue_ids), local_date__gte=since, local_date__lt=until)
        .exclude(outcome__in=[CallOutcome.WAITING, CallOutcome.WITHDRAWN])
        .aggregate(
            abandoned=Count("pk", filter=Q(outcome=CallOutcome.ABANDONED)),
            waited=Sum("wait_seconds"),
            calls=Count("pk"),
        )
    )
    abandoned, waited = figures["abandoned"] or 0, figures["waited"] or 0.0
    if abandoned == 0 or waited <= 0:
        return None
    return {
        "patience_seconds": waited / abandoned,
        "abandoned": abandoned,
        "waited_seconds": round(waited, 1),
        "calls": figures["calls"],
        "from": since.isoformat(),
        "until": until.isoformat(),
    }


def _newest_forecasts(queues, first_day: date, last_day: date) -> dict[tuple[int, date], Forecast]:
    """(queue id, day) → the newest forecast of the queue covering the day."""
    found: dict[tuple[int, date], Forecast] = {}
    rows = Forecast.objects.filter(
        queue__in=queues, first_day__lte=last_day, last_day__gte=first_day
    ).order_by("-created_at", "-pk")
    for forecast in rows:
        day = max(first_day, forecast.first_day)
        while day <= min(last_day, forecast.last_day):
            found.setdefault((forecast.queue_id, day), forecast)
            day += timedelta(days=1)
    return found


def staffing_plan_build(
    *,
    actor,
    unit_id: int,
    first_day: date,
    last_day: date,
    model: str = StaffingPlan.Model.ERLANG_A,
    patience_seconds: float | None = None,
) -> StaffingPlan:
    """Build and store the team's staffing plan for the days: per day and interval the pooled
    forecast (each queue's newest forecast covering the day, read with its adjustments through
    selectors.forecast_adjusted), the agents on the phones from Erlang C, or Erlang A with the
    given mean patience (else the one estimated from the queues' last 8 weeks, see
    patience_estimate), and the agents required after shrinkage: ceil(on phones / (1 − shrinkage))."""
    unit = _unit(actor, unit_id)
    if model not in StaffingPlan.Model.values:
        raise ApplicationError(_("Choose Erlang C or Erlang A."), field="model")
    if last_day < first_day:
        raise ApplicationError(_("The last day must not be before the first."), field="last_day")
    days = (last_day - first_day).days + 1
    if days > MAX_DAYS:
        raise ApplicationError(_("A staffing plan covers at most 8 weeks."), field="last_day")
    if patience_seconds is not None and not (math.isfinite(patience_seconds) and patience_seconds > 0):
        raise ApplicationError(_("The patience must be more than zero seconds."), field="patience_seconds")
    team = TeamSettings.objects.filter(unit=unit).first()
    if team is None:
        raise ApplicationError(
            _("The team has no staffing settings yet: set its targets first."), field="unit"
        )
    queues = list(team.queues.order_by("name"))
    if not queues:
        raise ApplicationError(
            _("The team answers no queues: choose its queues in its settings."), field="unit"
        )
    shrinkage = float(team.shrinkage_percent) / 100
    if shrinkage >= 1:
        raise ApplicationError(_("The team's shrinkage must be below 100 %."), field="unit")

    covering = _newest_forecasts(queues, first_day, last_day)
    day_list = [first_day + timedelta(days=i) for i in range(days)]
    for queue in queues:
        for day in day_list:
            if (queue.pk, day) not in covering:
                raise ApplicationError(
                    _("No forecast of queue %(queue)s covers %(day)s: build one first.")
                    % {"queue": queue.name, "day": day.strftime("%d.%m.%Y")},
                    field="first_day",
                )
    values = {f.pk: forecast_adjusted(f) for f in set(covering.values())}
    contacts = [[0.0] * SLOTS_PER_DAY for _day in day_list]
    handle = [[0.0] * SLOTS_PER_DAY for _day in day_list]
    aht_plain = [[[] for _s in range(SLOTS_PER_DAY)] for _day in day_list]
    for d, day in enumerate(day_list):
        for queue in queues:
            table = values[covering[(queue.pk, day)].pk]
            for slot in range(SLOTS_PER_DAY):
                c, aht = table.get((day, slot), (0.0, 0.0))
                contacts[d][slot] += c
                handle[d][slot] += c * aht
                if aht > 0:
                    aht_plain[d][slot].append(aht)
    flat_calls, flat_aht = [], []
    for d in range(days):
        for slot in range(SLOTS_PER_DAY):
            c = contacts[d][slot]
            aht = (
                handle[d][slot] / c
                if c > 0
                else (sum(aht_plain[d][slot]) / len(aht_plain[d][slot]) if aht_plain[d][slot] else 300.0)
            )
            flat_calls.append(c)
            flat_aht.append(aht)

    patience_basis = None
    if model == StaffingPlan.Model.ERLANG_A and patience_seconds is None:
        patience_basis = patience_estimate([q.pk for q in queues], until=timezone.localdate())
        if patience_basis is None:
            raise ApplicationError(
                _("No abandoned calls in the team's queues in the last 8 weeks: give the patience."),
                field="patience_seconds",
            )
        patience_seconds = patience_basis["patience_seconds"]
    target = float(team.target_sl_percent) / 100
    max_occ = float(team.max_occupancy_percent) / 100
    try:
        figures = erlang.required_agents_many(
            flat_calls,
            flat_aht,
            900,
            target,
            team.threshold_seconds,
            max_occ,
            patience_seconds if model == StaffingPlan.Model.ERLANG_A else None,
        )
    except ValueError as exc:
        raise ApplicationError(_("The staffing cannot be computed: %(reason)s") % {"reason": exc}) from exc

    settings_used = {
        "target_sl_percent": float(team.target_sl_percent),
        "threshold_seconds": team.threshold_seconds,
        "max_occupancy_percent": float(team.max_occupancy_percent),
        "shrinkage_percent": {
            f.removeprefix("shrinkage_").removesuffix("_percent"): float(getattr(team, f))
            for f in SHRINKAGE_FIELDS
        }
        | {"total": float(team.shrinkage_percent)},
        "queues": [q.name for q in queues],
        "model": model,
        "patience_seconds": patience_seconds if model == StaffingPlan.Model.ERLANG_A else None,
        "patience_source": None
        if model != StaffingPlan.Model.ERLANG_A
        else ("estimated" if patience_basis else "given"),
        "patience_basis": patience_basis,
        "settings_version": team.version,
    }
    with transaction.atomic():
        plan = StaffingPlan.objects.create(
            unit=unit,
            first_day=first_day,
            last_day=last_day,
            model=model,
            patience_seconds=patience_seconds if model == StaffingPlan.Model.ERLANG_A else None,
            settings_used=settings_used,
            created_by=actor,
        )
        plan.forecasts.set(set(covering.values()))
        rows = []
        for i, staffing in enumerate(figures):
            d, slot = divmod(i, SLOTS_PER_DAY)
            rows.append(
                StaffingInterval(
                    plan=plan,
                    local_date=day_list[d],
                    slot=slot,
                    contacts=flat_calls[i],
                    aht_seconds=flat_aht[i],
                    agents_on_phones=staffing.agents,
                    agents_required=math.ceil(staffing.agents / (1 - shrinkage) - 1e-9),
                    service_level=staffing.service_level,
                    asa_seconds=min(staffing.asa_seconds, 1e9),
                    occupancy=staffing.occupancy,
                    abandon_share=staffing.abandon_share,
                )
            )
        StaffingInterval.objects.bulk_create(rows, batch_size=1000)
    return plan


SETTINGS_DECIMALS = ("target_sl_percent", "max_occupancy_percent", *SHRINKAGE_FIELDS, "hours_tolerance")


def _decimal(data: dict, name: str) -> Decimal:
    try:
        value = Decimal(str(data[name]))
    except (KeyError, InvalidOperation, ValueError) as exc:
        raise ApplicationError(_("Enter a number."), field=name) from exc
    if not value.is_finite():
        raise ApplicationError(_("Enter a number."), field=name)
    return value


def team_settings_update(*, actor, unit_id: int, version: int, data: dict) -> TeamSettings:
    """Save the team's targets, shrinkage, tolerance and queues. `version` is the one the user
    loaded (0: there were no settings yet); when someone saved in between, nothing changes and
    ConcurrentEditError says so. Bad values raise ApplicationError naming the field."""
    unit = _unit(actor, unit_id)
    values = {name: _decimal(data, name) for name in SETTINGS_DECIMALS}
    if not (0 < values["target_sl_percent"] <= 100):
        raise ApplicationError(
            _("The service level target must be above 0 % and at most 100 %."), field="target_sl_percent"
        )
    if not (0 < values["max_occupancy_percent"] <= 100):
        raise ApplicationError(
            _("The maximum occupancy must be above 0 % and at most 100 %."), field="max_occupancy_percent"
        )
    try:
        threshold = int(data.get("threshold_seconds"))
    except (TypeError, ValueError):
        raise ApplicationError(_("Enter a whole number of seconds."), field="threshold_seconds") from None
    if threshold <= 0 or threshold > 3600:
        raise ApplicationError(
            _("The threshold must be between 1 and 3600 seconds."), field="threshold_seconds"
        )
    for name in SHRINKAGE_FIELDS:
        if values[name] < 0 or values[name] >= 100:
            raise ApplicationError(_("A shrinkage share must be between 0 % and 100 %."), field=name)
    if sum(values[name] for name in SHRINKAGE_FIELDS) >= 100:
        raise ApplicationError(
            _("The shrinkage shares together must stay below 100 %."), field=SHRINKAGE_FIELDS[0]
        )
    if not (0 <= values["hours_tolerance"] < 1000):
        raise ApplicationError(_("The tolerance must be between 0 and 999 hours."), field="hours_tolerance")
    queue_ids = [int(q) for q in data.get("queues", [])]
    queues = list(Queue.objects.filter(pk__in=queue_ids))
    if len(queues) != len(set(queue_ids)):
        raise ApplicationError(_("Unknown queue."), field="queues")
    stale = ConcurrentEditError(
        _("Someone saved these settings after you opened them. Nothing was changed: reload.")
    )
    try:
        with transaction.atomic():
            team = TeamSettings.objects.select_for_update().filter(unit=unit).first()
            if team is None:
                if version != 0:
                    raise stale
                team = TeamSettings.objects.create(
                    unit=unit, version=1, **values, threshold_seconds=threshold
                )
            else:
                if team.version != version:
                    raise stale
                for name, value in values.items():
                    setattr(team, name, value)
                team.threshold_seconds = threshold
                team.version += 1
                team.save()
            team.queues.set(queues)
    except IntegrityError:  # two first saves at once: the other one won
        raise stale from None
    return team
