"""The workload pages: a team's workload over a period with its proposals, and the same as an A4
PDF for the lead's proposal to the head of service. HTTP only: the figures and the access log are
in selectors_workload.py (scope decides the team; out of scope is 404)."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.workforce import outputs_workload
from teenindus.workforce import selectors_workload as selectors
from teenindus.workforce.scope import PLAN

PURPOSE_WORKLOAD = gettext_noop("Workload of a team")


def _unit(request, unit_id: int):
    try:
        return selectors.workload_unit(user=request.user, unit_id=unit_id)
    except NotFound:
        raise Http404 from None


def _query(request) -> dict:
    return {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")}


def _report(request, unit):
    """The report, or (None, the error) when the period is not right."""
    query = _query(request)
    try:
        period = selectors.workload_period(
            raw_from=query["from"], raw_to=query["to"], today=timezone.localdate()
        )
    except ApplicationError as exc:
        return None, exc
    ctx = access_context(request, implied_purpose=PURPOSE_WORKLOAD)
    return selectors.workload_report(ctx=ctx, unit=unit, period=period), None


def _bad_period(request, unit, error):
    return render(
        request,
        "workforce/workload/team.html",
        {"unit": unit, "error": error, "query": _query(request)},
        status=error.status_code,
    )


@permission_required(PLAN, raise_exception=True)
@require_GET
def workload_team(request, unit_id: int):
    unit = _unit(request, unit_id)
    report, error = _report(request, unit)
    if error is not None:
        return _bad_period(request, unit, error)
    context = {
        **outputs_workload.workload_context(report),
        "unit": unit,
        "query": {"from": report.period.first.isoformat(), "to": report.period.last.isoformat()},
    }
    return render(request, "workforce/workload/team.html", context)


@permission_required(PLAN, raise_exception=True)
@require_GET
def workload_pdf(request, unit_id: int):
    unit = _unit(request, unit_id)
    report, error = _report(request, unit)
    if error is not None:
        return _bad_period(request, unit, error)
    response = HttpResponse(outputs_workload.workload_pdf(report), content_type=outputs_workload.PDF)
    name = f"koormus-{unit.pk}-{report.period.first:%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
