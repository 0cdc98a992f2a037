"""Contact quality pages, part two: difficult contacts and the feedback talk (goals, PDF)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.quality import feedback as fb
from teenindus.quality import selectors
from teenindus.quality.forms import (
    AnalysisForm,
    FlagForm,
    GoalForm,
    GoalStatusForm,
    GuideDraftForm,
)
from teenindus.quality.models import DifficultContact
from teenindus.quality.rendering import feedback_pdf
from teenindus.quality.scope import EVALUATE, evaluated_agent
from teenindus.quality.services import difficult as difficult_services
from teenindus.quality.services import goals as goal_services
from teenindus.quality.views import (
    PURPOSE_FEEDBACK,
    READ,
    _ctx,
    _error,
    _evaluator,
    _month,
)

# --- difficult contacts -----------------------------------------------------------------------


@permission_required("quality.add_difficultcontact", raise_exception=True)
def difficult_flag(request, contact_id: int):
    ctx = _ctx(request)
    try:
        contact = selectors.contact_flaggable(ctx=ctx, contact_id=contact_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flag = difficult_services.contact_flag_difficult(
                actor=request.user,
                contact_id=contact.pk,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            _error(request, form, exc)
        else:
            messages.success(
                request, _("The contact is flagged as difficult; your team lead will analyse it with you.")
            )
            return redirect("quality:difficult", flag_id=flag.pk)
    return render(
        request,
        "quality/difficult_flag.html",
        {"contact": contact, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@permission_required("quality.add_difficultcontact", raise_exception=True)
def difficult_list(request):
    flags, total = selectors.difficult_list(ctx=_ctx(request), limit=200)
    return render(request, "quality/difficult_list.html", {"flags": flags, "total": total})


@permission_required("quality.add_difficultcontact", raise_exception=True)
def difficult_detail(request, flag_id: int):
    try:
        flag = selectors.difficult_get(ctx=_ctx(request), flag_id=flag_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    may = difficult_services.may_analyse(request.user, flag)
    form = AnalysisForm(
        request.POST or None,
        initial={
            "version": flag.version,
            "what_happened": flag.what_happened,
            "solution": flag.solution,
            "lessons": flag.lessons,
        },
    )
    if request.method == "POST":
        if not may:
            raise PermissionDenied
        if form.is_valid():
            try:
                difficult_services.difficult_analyse(actor=request.user, flag_id=flag.pk, **form.cleaned_data)
            except ApplicationError as exc:
                _error(request, form, exc)
            else:
                messages.success(request, _("Analysis saved."))
                return redirect("quality:difficult", flag_id=flag.pk)
    return render(
        request,
        "quality/difficult.html",
        {
            "flag": flag,
            "may_analyse": may,
            "form": form,
            "guide_form": GuideDraftForm(
                initial={
                    "version": flag.version,
                    "title": flag.lessons.splitlines()[0][:200] if flag.lessons else "",
                }
            ),
            "analysed": flag.status == DifficultContact.Status.ANALYSED,
        },
        status=422 if request.method == "POST" else 200,
    )


@permission_required(EVALUATE, raise_exception=True)
@require_POST
def difficult_guide(request, flag_id: int):
    form = GuideDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the guide a title."))
    else:
        try:
            difficult_services.difficult_to_guide(
                actor=request.user,
                flag_id=flag_id,
                version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
            )
        except ApplicationError as exc:
            _error(request, None, exc)
        else:
            messages.success(request, _("A draft guide was made from the lessons."))
    return redirect("quality:difficult", flag_id=flag_id)


# --- feedback talks ---------------------------------------------------------------------------


@_evaluator
def feedback_index(request):
    return render(request, "quality/feedback_index.html", {"agents": fb.feedback_agents(user=request.user)})


def _feedback(request, agent_id: int):
    month = _month(request.GET.get("month")) or timezone.localdate().replace(day=1)
    try:
        return fb.feedback_build(ctx=_ctx(request, PURPOSE_FEEDBACK), agent_id=agent_id, month=month)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@permission_required(READ, raise_exception=True)
def feedback(request, agent_id: int):
    data = _feedback(request, agent_id)
    prev = (data.start - timedelta(days=1)).replace(day=1)
    return render(
        request,
        "quality/feedback.html",
        {
            "f": data,
            "survey": data.survey,  # customer-survey figures: quality.feedback.survey_figures()
            "month": f"{data.start:%Y-%m}",
            "prev": f"{prev:%Y-%m}",
            "next": f"{data.end:%Y-%m}",
            "may_set_goals": evaluated_agent(request.user, agent_id) is not None,
            "goal_form": GoalForm(),
            "goal_status_form": GoalStatusForm(),
        },
    )


@permission_required(READ, raise_exception=True)
def feedback_pdf_view(request, agent_id: int):
    data = _feedback(request, agent_id)
    response = HttpResponse(feedback_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tagasiside-{agent_id}-{data.start:%Y-%m}.pdf"'
    return response


@permission_required(EVALUATE, raise_exception=True)
@require_POST
def goal_add(request, agent_id: int):
    form = GoalForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            goal_services.goal_set(actor=request.user, agent_id=agent_id, **form.cleaned_data)
        except ApplicationError as exc:
            _error(request, None, exc)
        else:
            messages.success(request, _("Goal agreed."))
    month = request.POST.get("month", "")
    return redirect(_feedback_url(agent_id, month))


def _feedback_url(agent_id: int, month: str) -> str:
    from django.urls import reverse

    url = reverse("quality:feedback", args=[agent_id])
    return f"{url}?month={month}" if _month(month) else url


@permission_required(EVALUATE, raise_exception=True)
@require_POST
def goal_status(request, goal_id: int):
    form = GoalStatusForm(request.POST)
    goal = None
    if form.is_valid():
        try:
            goal = goal_services.goal_status_set(
                actor=request.user, goal_id=goal_id, status=form.cleaned_data["status"]
            )
        except ApplicationError as exc:
            _error(request, None, exc)
        else:
            messages.success(request, _("Saved."))
    if goal is None:
        return redirect("quality:feedback_index")
    return redirect(_feedback_url(goal.agent_id, request.POST.get("month", "")))
