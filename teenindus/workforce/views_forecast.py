"""The forecast pages: the list, building one, a forecast with its accuracy, days, adjustments and
a day's chart, and adjusting it. Thin: reads in selectors_forecast, writes in services_forecast.
No named people's working time is shown here (no access log)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teenindus.core import charts
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.workforce import scope, selectors_forecast, services_forecast
from teenindus.workforce.forms_forecast import PROPOSED, ForecastAdjustForm, ForecastCreateForm

PLAN = scope.PLAN


def _unit_id(request):
    raw = request.GET.get("unit", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return int(raw)


@permission_required(PLAN, raise_exception=True)
def forecast_list(request):
    unit_id = _unit_id(request)
    forecasts = selectors_forecast.forecasts_in_scope(request.user, unit_id=unit_id)
    if forecasts is None:
        raise Http404
    return render(
        request,
        "workforce/forecast/list.html",
        {
            "forecasts": forecasts[:200],
            "teams": scope.units_in_scope(request.user),
            "unit_id": unit_id,
        },
    )


@permission_required(PLAN, raise_exception=True)
def forecast_create(request):
    queues = list(selectors_forecast.queues_in_scope(request.user))
    form = ForecastCreateForm(request.POST or None, queues=queues)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                forecast = services_forecast.forecast_build(
                    actor=request.user,
                    queue_id=data["queue"],
                    first_day=data["first_day"],
                    weeks=data["weeks"],
                    method=None if data["method"] == PROPOSED else data["method"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 404 if isinstance(exc, NotFound) else 400
            else:
                messages.success(request, _("Forecast built."))
                return redirect("workforce:forecast_detail", forecast.pk)
        else:
            status = 400
    return render(request, "workforce/forecast/create.html", {"form": form, "queues": queues}, status=status)


def _chosen_day(request, forecast) -> date:
    raw = request.GET.get("day", "")
    try:
        day = date.fromisoformat(raw) if raw else forecast.first_day
    except ValueError:
        day = forecast.first_day
    return day if forecast.first_day <= day <= forecast.last_day else forecast.first_day


def _detail(request, forecast, *, day=None, form=None, status=200):
    day = day or _chosen_day(request, forecast)
    intervals = selectors_forecast.forecast_day_intervals(forecast, day)
    open_slots = [row["slot"] for row in intervals if row["model"] > 0 or row["adjusted"] > 0]
    shown = intervals[min(open_slots) : max(open_slots) + 1] if open_slots else []
    chart = (
        charts.bar_chart(
            _("Contacts per interval, %(day)s") % {"day": day.strftime("%d.%m.%Y")},
            [row["label"] for row in shown],
            [
                (_("Model forecast"), [round(row["model"], 1) for row in shown]),
                (_("Adjusted forecast"), [round(row["adjusted"], 1) for row in shown]),
            ],
            unit=_("contacts"),
        )
        if shown
        else None
    )
    days = selectors_forecast.forecast_days(forecast)
    return render(
        request,
        "workforce/forecast/detail.html",
        {
            "forecast": forecast,
            "accuracy": selectors_forecast.accuracy_rows(forecast),
            "days": days,
            "day": day,
            "intervals": shown,
            "chart": chart,
            "form": form or ForecastAdjustForm(initial={"local_date": day}),
        },
        status=status,
    )


def _forecast(request, forecast_id):
    forecast = selectors_forecast.forecast_in_scope(request.user, forecast_id)
    if forecast is None:
        raise Http404
    return forecast


@permission_required(PLAN, raise_exception=True)
def forecast_detail(request, forecast_id: int):
    return _detail(request, _forecast(request, forecast_id))


@require_POST
@permission_required(PLAN, raise_exception=True)
def forecast_adjust(request, forecast_id: int):
    forecast = _forecast(request, forecast_id)
    form = ForecastAdjustForm(request.POST)
    if not form.is_valid():
        return _detail(request, forecast, form=form, status=400)
    data = form.cleaned_data
    try:
        services_forecast.forecast_adjust(
            actor=request.user,
            forecast_id=forecast.pk,
            local_date=data["local_date"],
            slot=data["slot"],
            percent=data["percent"],
            reason=data["reason"],
        )
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _detail(request, forecast, form=form, status=400)
    messages.success(request, _("Adjustment saved."))
    url = reverse("workforce:forecast_detail", args=[forecast.pk])
    return redirect(f"{url}?day={data['local_date'].isoformat()}")
