"""The roster pages: the team's rosters, a new one to solve, a roster (its grid, coverage and
publishing), a shift changed by hand, the team's shift templates; for everyone, their own published
shifts and the days they ask off. Thin: reads in selectors_roster, writes in services_roster."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from teenindus.audit.http import access_context
from teenindus.audit.services import access_log_record
from teenindus.core.exceptions import ApplicationError, NotFound, PermissionDeniedError
from teenindus.core.formatting import duration
from teenindus.core.ids import id_ok
from teenindus.workforce import scope, services_roster
from teenindus.workforce import selectors_roster as sel
from teenindus.workforce.forms_roster import DayOffForm, PublishForm, RosterForm, ShiftEditForm, TemplateForm
from teenindus.workforce.models import Roster
from teenindus.workforce.rule_texts import solver_status_label

PURPOSE_ROSTER = gettext_noop("Planning the team's roster")
PLAN = scope.PLAN
VIEW = "workforce.view_shift"
DAY_OFF = "workforce.add_dayoffrequest"


def _form_errors(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors)


def _call(call, **kwargs):
    """Run a read or write; NotFound is a 404, a refusal a 403; other errors go to the caller."""
    try:
        return call(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc


def _roster(request, roster_id: int) -> Roster:
    return _call(sel.roster_get, user=request.user, roster_id=roster_id)


@permission_required(PLAN, raise_exception=True)
def roster_list(request):
    unit_id = None
    raw = request.GET.get("unit", "").strip()
    if raw:
        if not raw.isdigit() or scope.unit_in_scope(request.user, int(raw)) is None:
            raise Http404(_("No such team."))
        unit_id = int(raw)
    return render(
        request,
        "workforce/roster/list.html",
        {
            "rosters": sel.rosters_in_scope(request.user, unit_id=unit_id)[:100],
            "teams": scope.units_in_scope(request.user),
            "unit_id": unit_id,
        },
    )


def _create_form(request, data=None):
    units = list(scope.units_in_scope(request.user))
    plans, templates = [], []
    for unit in units:
        plans += list(sel.plans_of(unit).select_related("unit")[:20])
        templates += list(sel.templates_of(unit, active_only=True).select_related("unit"))
    initial = {"first_day": _next_monday(), "weeks": 1}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    plan = next((p for p in plans if str(p.pk) == request.GET.get("plan")), None)
    if plan is not None:  # from the staffing plan's page: its team and its first day
        initial |= {"unit": plan.unit_id, "plan": plan.pk, "first_day": plan.first_day}
        initial["weeks"] = max(1, min(4, ((plan.last_day - plan.first_day).days + 1) // 7))
    return RosterForm(data, units=units, plans=plans, templates=templates, initial=initial)


def _next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


@permission_required(PLAN, raise_exception=True)
def roster_create(request):
    form = _create_form(request, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                roster = _call(
                    services_roster.roster_create,
                    actor=request.user,
                    unit_id=data["unit"],
                    first_day=data["first_day"],
                    weeks=data["weeks"],
                    plan_id=data["plan"],
                    template_ids=data["templates"],
                )
            except ApplicationError as exc:
                if exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
                else:
                    form.add_error(None, exc.message)
                status = 400
            else:
                messages.success(request, _("The roster is being solved."))
                return redirect("workforce:roster_detail", roster.pk)
        else:
            status = 400
    return render(request, "workforce/roster/create.html", {"form": form}, status=status)


def _detail(request, roster: Roster, *, status: int = 200):
    context = {"roster": roster, "publish_form": PublishForm(initial={"row_version": roster.row_version})}
    ctx = access_context(request, implied_purpose=PURPOSE_ROSTER)
    if roster.status == Roster.Status.FAILED:
        context.update(sel.roster_failure(ctx=ctx, roster=roster))
    if roster.result and roster.result.get("status"):
        context["solver_status"] = solver_status_label(roster.result["status"])
    if roster.status in (Roster.Status.SOLVED, Roster.Status.PUBLISHED):
        grid = sel.roster_grid(ctx=ctx, roster=roster)
        for row in grid["rows"]:
            row.planned = duration(row.planned_minutes * 60)
            row.contracted = duration(row.contracted_minutes * 60)
        context.update(grid)
        context["publications"] = list(roster.publications.order_by("-number")[:10])
        context["never_published"] = roster.publication == 0
    return render(request, "workforce/roster/detail.html", context, status=status)


@permission_required(PLAN, raise_exception=True)
def roster_detail(request, roster_id: int):
    return _detail(request, _roster(request, roster_id))


def _roster_action(request, roster_id: int, service, done):
    """A POST of the roster page's row version to `service`; `done(result)` is the message when
    it worked."""
    roster = _roster(request, roster_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _detail(request, roster, status=400)
    try:
        result = _call(
            service, actor=request.user, roster_id=roster.pk, row_version=form.cleaned_data["row_version"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _detail(request, _roster(request, roster_id), status=exc.status_code)
    messages.success(request, done(result))
    return redirect("workforce:roster_detail", roster.pk)


@require_POST
@permission_required(PLAN, raise_exception=True)
def roster_publish(request, roster_id: int):
    return _roster_action(
        request,
        roster_id,
        services_roster.roster_publish,
        lambda publication: (
            _("Published (version %(n)s); the people concerned are told.") % {"n": publication.number}
        ),
    )


@require_POST
@permission_required(PLAN, raise_exception=True)
def roster_solve_again(request, roster_id: int):
    return _roster_action(
        request,
        roster_id,
        services_roster.roster_solve_again,
        lambda _roster: _("The roster is being solved again."),
    )


def _parse_day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise Http404(_("No such day.")) from exc


@permission_required(PLAN, raise_exception=True)
def roster_shift_edit(request, roster_id: int, employee_id: int, day: str):
    roster = _roster(request, roster_id)
    the_day = _parse_day(day)
    if not id_ok(employee_id) or not roster.first_day <= the_day < roster.first_day + timedelta(
        days=roster.weeks * 7
    ):
        raise Http404(_("No such day."))
    employee = scope.employee_in_scope(request.user, employee_id)
    shift = roster.shifts.filter(employee_id=employee_id, day=the_day).first()
    if employee is None and shift is None:
        raise Http404(_("No such person."))
    employee = employee or shift.employee
    status = 200
    form = ShiftEditForm(
        request.POST or None,
        initial={"row_version": roster.row_version, "template": shift.template_id if shift else ""},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                _call(
                    services_roster.roster_shift_edit,
                    actor=request.user,
                    roster_id=roster.pk,
                    employee_id=employee.pk,
                    day=the_day,
                    template_id=form.cleaned_data["template"],
                    row_version=form.cleaned_data["row_version"],
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)
                status = exc.status_code
            else:
                messages.success(request, _("The shift was changed. Publish the roster to tell the people."))
                return redirect("workforce:roster_detail", roster.pk)
        else:
            messages.error(request, _form_errors(form))
            status = 400
    ctx = access_context(request, implied_purpose=PURPOSE_ROSTER)
    access_log_record(ctx=ctx, employee_ids=[employee.pk], action="shifts")
    return render(
        request,
        "workforce/roster/shift_edit.html",
        {
            "roster": roster,
            "employee": employee,
            "day": the_day,
            "shift": shift,
            "label": sel.times_label(shift.starts_at, shift.ends_at) if shift else "",
            "templates": list(roster.templates.all()),
            "form": form,
            "row_version": roster.row_version,
        },
        status=status,
    )


@permission_required(PLAN, raise_exception=True)
def roster_templates(request, unit_id: int):
    unit = scope.unit_in_scope(request.user, unit_id)
    if unit is None:
        raise Http404(_("No such team."))
    form = TemplateForm(request.POST if request.POST.get("action") == "add" else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                if not form.is_valid():
                    raise ApplicationError(_form_errors(form))
                template = _call(
                    services_roster.template_create, actor=request.user, unit_id=unit.pk, **form.cleaned_data
                )
                messages.success(request, _("Shift %(name)s added.") % {"name": template.name})
            elif action in ("deactivate", "activate"):
                raw = request.POST.get("template", "")
                template = _call(
                    services_roster.template_set_active,
                    actor=request.user,
                    unit_id=unit.pk,
                    template_id=int(raw) if raw.isdigit() else 0,
                    active=action == "activate",
                )
                messages.success(request, _("Shift %(name)s updated.") % {"name": template.name})
            else:
                raise ApplicationError(_("Unknown action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            return redirect("workforce:roster_templates", unit.pk)
    return render(
        request,
        "workforce/roster/templates.html",
        {"unit": unit, "templates": sel.templates_of(unit), "form": form},
        status=status,
    )


@permission_required(VIEW, raise_exception=True)
def roster_my_shifts(request):
    return render(request, "workforce/roster/my_shifts.html", sel.my_shifts(request.user))


@permission_required(DAY_OFF, raise_exception=True)
def roster_days_off(request):
    form = DayOffForm(request.POST if request.POST.get("action") == "add" else None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add":
                if not form.is_valid():
                    raise ApplicationError(_form_errors(form))
                services_roster.day_off_request(actor=request.user, **form.cleaned_data)
                messages.success(request, _("Your request is recorded."))
            elif request.POST.get("action") == "remove":
                raw = request.POST.get("request", "")
                _call(
                    services_roster.day_off_withdraw,
                    actor=request.user,
                    request_id=int(raw) if raw.isdigit() else 0,
                )
                messages.success(request, _("Your request is withdrawn."))
            else:
                raise ApplicationError(_("Unknown action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            return redirect("workforce:roster_days_off")
    return render(
        request,
        "workforce/roster/days_off.html",
        {
            "requests": sel.my_days_off(request.user),
            "form": form,
            "employee": scope.own_employee(request.user),
        },
        status=status,
    )
