"""The agent desktop and the team lead's dashboard."""

from collections import Counter
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teenindus.audit.http import access_context
from teenindus.contacts.selectors import contact_for_call, contacts_by_topic_and_outcome
from teenindus.core import charts
from teenindus.core.exceptions import ApplicationError
from teenindus.core.exports import FORMATS, table_response
from teenindus.customers.selectors import customer_search
from teenindus.telephony import reports, selectors
from teenindus.telephony.desk import call_contact_record
from teenindus.telephony.forms import CallContactForm, StateForm, StatsForm
from teenindus.telephony.models import Agent, AgentState, Call
from teenindus.telephony.phone import phone_system
from teenindus.telephony.states import MANUAL, agent_state_set

DESK = ["telephony.view_agent", "contacts.add_contact"]
FIGURES = "telephony.view_call_stats"
PURPOSE_CALL = "Call on the info line"


def _my_agent(request) -> Agent | None:
    return selectors.agent_of(user=request.user)


def _call_panel_context(request, agent: Agent) -> dict:
    call = Call.objects.select_related("queue").filter(call_id=agent.current_call_id).first()
    matches = []
    if agent.current_call_id and call and call.caller:
        # Finding the caller by number shows people: an audited search, once per call.
        ctx = access_context(request, implied_purpose=PURPOSE_CALL)
        matches = customer_search(ctx=ctx, query=call.caller, limit=5)
    return {
        "agent": agent,
        "call": call,
        "call_id": agent.current_call_id,
        "matches": matches,
        "recorded": contact_for_call(call_id=agent.current_call_id),
        "contact_form": CallContactForm(
            initial={
                "call_id": agent.current_call_id,
                "customer": matches[0].pk if len(matches) == 1 else None,
            }
        ),
    }


@permission_required(DESK, raise_exception=True)
def desk(request):
    agent = _my_agent(request)
    context = {
        "agent": agent,
        "moves": sorted(MANUAL.get(agent.state, ())) if agent else [],
        "states": AgentState,
    }
    if agent:
        context.update(_call_panel_context(request, agent))
    return render(request, "telephony/desk.html", context)


@permission_required(DESK, raise_exception=True)
def desk_poll(request):
    """htmx polls this; it answers 204 (nothing to do) until the agent's call changes."""
    agent = _my_agent(request)
    if agent is None or request.GET.get("call", "") == agent.current_call_id:
        return HttpResponse(status=204)
    response = render(request, "telephony/desk.html#call", _call_panel_context(request, agent))
    response["HX-Trigger"] = "call-changed"
    return response


@permission_required(DESK, raise_exception=True)
@require_POST
def desk_state(request):
    agent = _my_agent(request)
    form = StateForm(request.POST)
    if agent and form.is_valid():
        try:
            agent_state_set(
                agent=agent,
                state=form.cleaned_data["state"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return redirect("telephony:desk")


@permission_required(DESK, raise_exception=True)
@require_POST
def desk_call(request, action: str):
    """Answer or hang up through the phone system adapter."""
    agent = _my_agent(request)
    if agent and agent.current_call_id:
        if action == "answer" and agent.state == AgentState.RINGING:
            phone_system().answer(agent=agent, call_id=agent.current_call_id)
        elif action == "hangup" and agent.state == AgentState.ON_CALL:
            phone_system().hang_up(agent=agent, call_id=agent.current_call_id)
    return redirect("telephony:desk")


@permission_required(DESK, raise_exception=True)
@require_POST
def desk_contact(request):
    form = CallContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the topic and the outcome."))
        return redirect("telephony:desk")
    try:
        call_contact_record(
            actor=request.user,
            call_id=form.cleaned_data["call_id"],
            topic_id=form.cleaned_data["topic"].pk,
            outcome=form.cleaned_data["outcome"],
            customer_id=form.cleaned_data["customer"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Contact recorded."))
    return redirect("telephony:desk")


def _stats_form(request) -> StatsForm:
    data = request.GET if "start" in request.GET else StatsForm.initial_values()
    return StatsForm(data)


LABELS = {"15m": "%d.%m %H:%M", "hour": "%d.%m %H:%M", "day": "%d.%m", "week": "%d.%m", "month": "%m.%Y"}


@permission_required(FIGURES, raise_exception=True)
def dashboard(request):
    form = _stats_form(request)
    context = {"form": form, "now": _now_figures()}
    if form.is_valid():
        data = form.cleaned_data
        rows = selectors.calls_stats(
            start=data["start"], end=data["end"], granularity=data["granularity"], queue=data["queue"]
        )
        labels = [_label(r["period_start"], data["granularity"]) for r in rows]
        for row, label in zip(rows, labels, strict=True):
            row["label"] = label
        context.update(
            rows=rows,
            sl_definition=reports.SL_DEFINITION,
            abbreviations=reports.ABBREVIATIONS,
            volume_chart=charts.bar_chart(
                _("Offered, answered and abandoned calls"),
                labels,
                [
                    (_("offered"), [r["offered"] for r in rows]),
                    (_("answered"), [r["answered"] for r in rows]),
                    (_("abandoned"), [r["abandoned"] for r in rows]),
                ],
                unit=_("calls"),
            ),
            sl_chart=charts.line_chart(
                _("Service level and abandon rate"),
                labels,
                [
                    (_("service level"), [r["service_level"] for r in rows]),
                    (_("abandon rate"), [r["abandon_rate"] for r in rows]),
                ],
            ),
            agents=selectors.agents_figures(start=data["start"], end=data["end"], queue=data["queue"]),
            topics=contacts_by_topic_and_outcome(
                start=data["start"], end=data["end"], queue=data["queue"].name if data["queue"] else None
            ),
            query=_query(form),
        )
        context["state_chart"] = charts.bar_chart(
            _("Agents' time by state (hours)"),
            [a["name"] for a in context["agents"]],
            [
                (
                    str(AgentState(state).label),
                    [round(a["states"].get(state, 0) / 3600, 2) for a in context["agents"]],
                )
                for state in selectors.STATE_ORDER
            ],
            stacked=True,
            unit=_("hours"),
        )
    return render(request, "telephony/dashboard.html", context)


def _query(form: StatsForm) -> str:
    data = form.cleaned_data
    return urlencode(
        {
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            "granularity": data["granularity"],
            "queue": data["queue"].name if data["queue"] else "",
        }
    )


def _label(period_start: str, granularity: str) -> str:
    return datetime.fromisoformat(period_start).strftime(LABELS[granularity])


def _now_figures() -> dict:
    now = timezone.now()
    waiting = selectors.calls_waiting()
    today = timezone.localdate()
    rows = selectors.calls_stats(start=today, end=today + timedelta(days=1), granularity="day")
    by_state = Counter(agent.state for agent in selectors.agents_now())
    return {
        "waiting": len(waiting),
        "longest_wait": int(max(((now - c.entered_at).total_seconds() for c in waiting), default=0)),
        "by_state": [(AgentState(s).label, n) for s, n in sorted(by_state.items())],
        "today": rows[0] if rows else None,
    }


@permission_required(FIGURES, raise_exception=True)
def dashboard_now(request):
    return render(request, "telephony/dashboard.html#now", {"now": _now_figures()})


@permission_required(FIGURES, raise_exception=True)
def stats_export(request, table: str, file_format: str):
    form = _stats_form(request)
    if file_format not in FORMATS or table not in ("calls", "agents", "topics") or not form.is_valid():
        return HttpResponse(_("Check the period and the format."), status=400, content_type="text/plain")
    data = form.cleaned_data
    note = ""
    if table == "calls":
        rows = reports.call_rows_for_export(
            selectors.calls_stats(
                start=data["start"], end=data["end"], granularity=data["granularity"], queue=data["queue"]
            )
        )
        columns, note = reports.call_columns(data["granularity"]), str(reports.SL_DEFINITION)
    elif table == "agents":
        rows = selectors.agents_figures(start=data["start"], end=data["end"], queue=data["queue"])
        columns = reports.AGENT_COLUMNS
    else:
        rows = contacts_by_topic_and_outcome(
            start=data["start"], end=data["end"], queue=data["queue"].name if data["queue"] else None
        )
        columns = reports.TOPIC_COLUMNS
    name = f"{table}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
    return table_response(rows=rows, columns=columns, filename=name, file_format=file_format, note=note)
