"""Planned against actual: a team's days (live for today), its month, the downloads, and a
person's own hours. Thin: the selectors decide scope, read and log."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_noop

from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.core.exports import FORMATS, table_response
from teenindus.workforce import reports_actual, selectors_actual
from teenindus.workforce.actual_timeline import LATE_START_MINUTES, UNSCHEDULED_MINUTES

VIEW = "workforce.view_shift"
PURPOSE = gettext_noop("Following the team's working time")
PURPOSE_OWN = gettext_noop("My own working time")
REFRESH_SECONDS = 60


def _page(request, template: str, context: dict, *, status: int = 200):
    context = {
        **context,
        "definition": reports_actual.definition_text(),
        "exceptions_note": reports_actual.exceptions_text(),
        "refresh_seconds": REFRESH_SECONDS,
        "late_minutes": LATE_START_MINUTES,
        "unscheduled_minutes": UNSCHEDULED_MINUTES,
    }
    return render(request, template, context, status=status)


def _scoped(user, unit_id: int) -> None:
    """A team out of the user's scope is a 404, before any other answer (even to bad input)."""
    try:
        selectors_actual.team_unit(user, unit_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _bad(request, template: str, exc: ApplicationError, unit_id=None):
    return _page(
        request, template, {"error": exc.message, "field": exc.field, "unit_id": unit_id}, status=400
    )


@permission_required(VIEW, raise_exception=True)
def team(request, unit_id: int):
    _scoped(request.user, unit_id)
    template = "workforce/actual/team.html"
    try:
        period = selectors_actual.period_from_query(request.GET, today=timezone.localdate())
        data = selectors_actual.team_actual(
            ctx=access_context(request, implied_purpose=PURPOSE),
            user=request.user,
            unit_id=unit_id,
            period=period,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        return _bad(request, template, exc, unit_id)
    return _page(request, template, {"team": data, "unit_id": unit_id, "query": request.GET.urlencode()})


@permission_required(VIEW, raise_exception=True)
def month(request, unit_id: int):
    _scoped(request.user, unit_id)
    template = "workforce/actual/month.html"
    try:
        period = selectors_actual.month_from_query(request.GET, today=timezone.localdate())
        data = selectors_actual.team_month(
            ctx=access_context(request, implied_purpose=PURPOSE),
            user=request.user,
            unit_id=unit_id,
            month=period,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        return _bad(request, template, exc, unit_id)
    return _page(request, template, {"team": data, "unit_id": unit_id, "query": request.GET.urlencode()})


@permission_required(VIEW, raise_exception=True)
def export(request, unit_id: int, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    _scoped(request.user, unit_id)
    by_month = "month" in request.GET
    try:
        today = timezone.localdate()
        if by_month:
            period = selectors_actual.month_from_query(request.GET, today=today)
        else:
            period = selectors_actual.period_from_query(request.GET, today=today)
        data = selectors_actual.team_actual(
            ctx=access_context(request, implied_purpose=PURPOSE),
            user=request.user,
            unit_id=unit_id,
            period=period,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        return _bad(request, "workforce/actual/team.html", exc, unit_id)
    if by_month:
        rows, columns = reports_actual.month_rows(data), reports_actual.month_columns()
        name = f"tooaeg-{period.first:%Y-%m}"
    else:
        rows, columns = reports_actual.day_rows(data), reports_actual.day_columns()
        name = f"tooaeg-{period.first:%Y%m%d}-{period.last:%Y%m%d}"
    note = f"{reports_actual.definition_text()} {reports_actual.exceptions_text()}"
    return table_response(rows=rows, columns=columns, filename=name, file_format=file_format, note=note)


@permission_required(VIEW, raise_exception=True)
def own(request):
    template = "workforce/actual/own.html"
    try:
        period = selectors_actual.month_from_query(request.GET, today=timezone.localdate())
    except ApplicationError as exc:
        return _bad(request, template, exc)
    data = selectors_actual.own_actual(
        ctx=access_context(request, implied_purpose=PURPOSE_OWN), user=request.user, month=period
    )
    return _page(request, template, {"own": data, "own_people": [data.person] if data.person else []})
