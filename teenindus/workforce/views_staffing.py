"""Staffing pages: a team's settings, its staffing plans, a new plan and a plan by day. They show
no named people (no access log), and only the teams the user plans (scope.py)."""

from datetime import date, timedelta

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenindus.core import charts
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.core.formatting import duration, percent
from teenindus.telephony.models import Queue
from teenindus.workforce import scope, selectors_staffing, services_staffing
from teenindus.workforce.models import StaffingPlan

PLAN = "workforce.plan_workforce"


class SettingsForm(forms.Form):
    target_sl_percent = forms.DecimalField(
        label=gettext_lazy("target service level (%)"), max_digits=6, decimal_places=2
    )
    threshold_seconds = forms.IntegerField(label=gettext_lazy("answered within (s)"))
    max_occupancy_percent = forms.DecimalField(
        label=gettext_lazy("maximum occupancy (%)"), max_digits=6, decimal_places=2
    )
    shrinkage_breaks_percent = forms.DecimalField(
        label=gettext_lazy("breaks (%)"), max_digits=6, decimal_places=2
    )
    shrinkage_training_percent = forms.DecimalField(
        label=gettext_lazy("training (%)"), max_digits=6, decimal_places=2
    )
    shrinkage_meetings_percent = forms.DecimalField(
        label=gettext_lazy("meetings (%)"), max_digits=6, decimal_places=2
    )
    shrinkage_absence_percent = forms.DecimalField(
        label=gettext_lazy("absences (%)"), max_digits=6, decimal_places=2
    )
    hours_tolerance = forms.DecimalField(
        label=gettext_lazy("contracted hours tolerance (h)"), max_digits=5, decimal_places=1
    )
    queues = forms.ModelMultipleChoiceField(
        label=gettext_lazy("queues"), queryset=Queue.objects.order_by("name"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PlanForm(forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("team"), coerce=int)
    first_day = forms.DateField(label=gettext_lazy("from"), input_formats=["%d.%m.%Y", "%Y-%m-%d"])
    last_day = forms.DateField(label=gettext_lazy("until"), input_formats=["%d.%m.%Y", "%Y-%m-%d"])
    model = forms.ChoiceField(label=gettext_lazy("model"), choices=StaffingPlan.Model.choices)
    patience_seconds = forms.FloatField(
        label=gettext_lazy("mean patience (s)"),
        required=False,
        help_text=gettext_lazy("Erlang A; empty: estimated from the abandoned calls of the last 8 weeks."),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


@permission_required(PLAN, raise_exception=True)
def staffing_settings(request, unit_id):
    try:
        unit, team = selectors_staffing.team_settings(actor=request.user, unit_id=unit_id)
    except NotFound:
        raise Http404 from None
    status = 200
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["queues"] = [q.pk for q in data["queues"]]
            try:
                services_staffing.team_settings_update(
                    actor=request.user, unit_id=unit.pk, version=data.pop("version"), data=data
                )
                return redirect("workforce:staffing_settings", unit_id=unit.pk)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        status = 400
    else:
        initial = {name: getattr(team, name) for name in SettingsForm.base_fields if name not in ("queues",)}
        initial["queues"] = list(team.queues.all()) if team.pk else []
        form = SettingsForm(initial=initial)
    return render(request, "workforce/staffing/settings.html", {"unit": unit, "form": form}, status=status)


@permission_required(PLAN, raise_exception=True)
def staffing_list(request):
    unit_id = request.GET.get("unit")
    unit = None
    if unit_id:
        try:
            unit = scope.unit_in_scope(request.user, int(unit_id))
        except ValueError:
            unit = None
        if unit is None:
            raise Http404
    plans = selectors_staffing.plans_in_scope(actor=request.user, unit_id=unit.pk if unit else None)[:200]
    teams = scope.units_in_scope(request.user)
    return render(request, "workforce/staffing/list.html", {"plans": plans, "unit": unit, "teams": teams})


@permission_required(PLAN, raise_exception=True)
def staffing_create(request):
    units = list(scope.units_in_scope(request.user))
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services_staffing.staffing_plan_build(
                    actor=request.user,
                    unit_id=data["unit"],
                    first_day=data["first_day"],
                    last_day=data["last_day"],
                    model=data["model"],
                    patience_seconds=data["patience_seconds"],
                )
                return redirect("workforce:staffing_detail", plan_id=plan.pk)
            except ApplicationError as exc:
                field = {"unit_id": "unit"}.get(exc.field, exc.field)
                form.add_error(field if field in form.fields else None, exc.message)
        status = 400
    else:
        today = timezone.localdate()
        monday = today + timedelta(days=7 - today.weekday())
        first, last = _day_param(request, "first_day", monday), _day_param(request, "last_day", None)
        form = PlanForm(
            units=units,
            initial={
                "unit": request.GET.get("unit"),
                "first_day": first.strftime("%d.%m.%Y"),
                "last_day": (last or first + timedelta(days=6)).strftime("%d.%m.%Y"),
                "model": StaffingPlan.Model.ERLANG_A,
            },
        )
    return render(request, "workforce/staffing/create.html", {"form": form}, status=status)


def _day_param(request, name: str, default):
    """An ISO day from the query (a forecast's link prefills its weeks), else `default`."""
    try:
        return date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default


def _slot_label(slot: int) -> str:
    return f"{slot // 4:02d}:{slot % 4 * 15:02d}"


@permission_required(PLAN, raise_exception=True)
def staffing_detail(request, plan_id):
    try:
        plan = selectors_staffing.plan_in_scope(actor=request.user, plan_id=plan_id)
    except NotFound:
        raise Http404 from None
    days = selectors_staffing.plan_days(plan)
    day = days[0] if days else plan.first_day
    wanted = request.GET.get("day")
    if wanted:
        try:
            day = date.fromisoformat(wanted)
        except ValueError:
            raise Http404 from None
        if day not in days:
            raise Http404
    rows = selectors_staffing.plan_day(plan, day)
    table = [
        {
            "time": _slot_label(r.slot),
            "contacts": r.contacts,
            "aht": duration(r.aht_seconds),
            "on_phones": r.agents_on_phones,
            "required": r.agents_required,
            "sl": percent(r.service_level),
            "asa": duration(r.asa_seconds),
            "occupancy": percent(r.occupancy),
            "abandon": percent(r.abandon_share) if r.abandon_share is not None else "",
        }
        for r in rows
    ]
    chart = charts.bar_chart(
        _("Agents required per interval"),
        [_slot_label(r.slot) if r.slot % 8 == 0 else "" for r in rows],
        [
            (_("agents required"), [r.agents_required for r in rows]),
            (_("agents on the phones"), [r.agents_on_phones for r in rows]),
        ],
        unit=_("agents"),
    )
    return render(
        request,
        "workforce/staffing/detail.html",
        {"plan": plan, "day": day, "days": days, "table": table, "chart": chart, "used": plan.settings_used},
    )
