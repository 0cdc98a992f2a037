"""Quality's pages: thin — read through selectors, write through services."""

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

from teenindus.accounts.models import User
from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError, ConflictError, NotFound, PermissionDeniedError
from teenindus.quality import feedback as fb
from teenindus.quality import selectors
from teenindus.quality.forms import (
    CalibrationStartForm,
    EvaluateForm,
    FormBuildForm,
    MoveForm,
    SamplingForm,
    VersionForm,
)
from teenindus.quality.models import Calibration
from teenindus.quality.moves import AGENT, EVALUATOR, MOVES, moves_from
from teenindus.quality.scope import EVALUATE, OVERSEE, in_scope
from teenindus.quality.services import calibration as calibration_services
from teenindus.quality.services import evaluations as evaluation_services
from teenindus.quality.services import forms as form_services
from teenindus.quality.services.sampling import contacts_sample, sampling_rule_read, sampling_rule_set

READ = "quality.view_evaluation"
PURPOSE_QUALITY = gettext_noop("Contact quality evaluation")
PURPOSE_FEEDBACK = gettext_noop("Feedback talk")


def _ctx(request, purpose=PURPOSE_QUALITY):
    return access_context(request, implied_purpose=purpose)


def _raise(exc: ApplicationError):
    if isinstance(exc, NotFound):
        raise Http404(exc.message) from exc
    if isinstance(exc, PermissionDeniedError):
        raise PermissionDenied(exc.message) from exc


def _error(request, form, exc: ApplicationError) -> None:
    _raise(exc)
    if form is not None and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    elif form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)


def _evaluator(view):
    def wrapped(request, *args, **kwargs):
        if not (request.user.has_perm(EVALUATE) or request.user.has_perm(OVERSEE)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _month(value: str | None) -> date | None:
    """The month of a `YYYY-MM` parameter; None (the current month is shown, as for `2026-13`)
    when it is not one or lies outside 1900-01…2999-12, where no month bounds can be computed."""
    try:
        year, month = (value or "").split("-")
        first = date(int(year), int(month), 1)
    except ValueError:
        return None
    return first if fb.MONTH_FIRST <= first <= fb.MONTH_LAST else None


def _months_back(last: date, n: int) -> list[date]:
    months = [last.replace(day=1)]
    while len(months) < n:
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    return months


# --- the evaluator's page ---------------------------------------------------------------------


@_evaluator
def index(request):
    ctx = _ctx(request)
    samples, samples_total = selectors.samples_waiting(ctx=ctx, limit=50)
    channel = request.GET.get("channel", "")
    return render(
        request,
        "quality/index.html",
        {
            "samples": samples,
            "samples_total": samples_total,
            "contacts": selectors.contacts_evaluable(ctx=ctx, channel=channel),
            "channel": channel,
            "forms": selectors.forms_current(),
            "calibrations": list(
                selectors.calibrations_visible(user=request.user).order_by("-created_at")[:20]
            ),
            "may_evaluate": request.user.has_perm(EVALUATE),
        },
    )


# --- forms ------------------------------------------------------------------------------------


@_evaluator
def form_list(request):
    return render(request, "quality/forms.html", {"forms": selectors.forms_current()})


@permission_required(EVALUATE, raise_exception=True)
def form_edit(request, form_id: int | None = None):
    """Build a new form, or save a form again (a used form gets a new version)."""
    current = None
    if form_id is not None:
        try:
            current = selectors.form_get(form_id=form_id)
        except NotFound as exc:
            raise Http404(exc.message) from exc
    initial = {}
    if current is not None:
        initial = {
            "name": current.name,
            "description": current.description,
            "criteria": form_services.criteria_text(current),
            "loaded_at": current.updated_at.isoformat(),
        }
    form = FormBuildForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = form_services.form_save(
                actor=request.user,
                name=data["name"],
                description=data["description"],
                criteria=form_services.criteria_parse(data["criteria"]),
                form_id=form_id,
                loaded_at=data["loaded_at"] or None,
            )
        except ApplicationError as exc:
            _error(request, form, exc)
        else:
            messages.success(request, _("Form saved (version %(v)s).") % {"v": saved.version})
            return redirect("quality:form", form_id=saved.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "quality/form_edit.html",
        {
            "form": form,
            "current": current,
            "sections": selectors.form_sections(current) if current else [],
            "versions": selectors.form_versions(form=current) if current else [],
        },
        status=status,
    )


# --- evaluating -------------------------------------------------------------------------------


@permission_required(EVALUATE, raise_exception=True)
def evaluate(request, contact_id: int):
    ctx = _ctx(request)
    try:
        contact = selectors.contact_for_evaluation(ctx=ctx, contact_id=contact_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    forms_current = list(selectors.forms_current())
    chosen = request.POST.get("form") or request.GET.get("form")
    form_obj = next(
        (f for f in forms_current if str(f.pk) == chosen), forms_current[0] if forms_current else None
    )
    if form_obj is None:
        messages.error(request, _("There is no evaluation form yet: build one first."))
        return redirect("quality:forms")
    if request.method == "POST" and chosen and not selectors.form_exists(form_id=chosen):
        # No such form at all (not a form changed meanwhile): refused, nothing saved.
        messages.error(request, _("There is no such evaluation form."))
        form = EvaluateForm(criteria=form_obj.criteria.all())
        return render(
            request,
            "quality/evaluate.html",
            {"contact": contact, "form": form, "form_obj": form_obj, "forms": forms_current},
            status=400,
        )
    if request.method == "POST" and chosen and str(form_obj.pk) != chosen:
        # The form was changed (a new version) while the evaluator filled it in: nothing is saved.
        messages.error(request, _("The form has changed in the meantime: fill in its current version."))
        form = EvaluateForm(criteria=form_obj.criteria.all())
        return render(
            request,
            "quality/evaluate.html",
            {"contact": contact, "form": form, "form_obj": form_obj, "forms": forms_current},
            status=409,
        )
    form = EvaluateForm(request.POST or None, criteria=form_obj.criteria.all())
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = evaluation_services.evaluation_record(
                actor=request.user,
                contact_id=contact.pk,
                form_id=form_obj.pk,
                answers=form.answers(),
                strengths=form.cleaned_data["strengths"],
                improvements=form.cleaned_data["improvements"],
            )
        except ConflictError as exc:
            # Evaluated already (e.g. the same form sent twice): nothing saved, a link to the first.
            messages.error(request, exc.message)
            return render(
                request,
                "quality/evaluate.html",
                {
                    "contact": contact,
                    "form": form,
                    "form_obj": form_obj,
                    "forms": forms_current,
                    "existing_id": exc.extra.get("evaluation_id"),
                },
                status=409,
            )
        except ApplicationError as exc:
            _error(request, form, exc)
        else:
            messages.success(request, _("Evaluation saved: %(score)s.") % {"score": _score(evaluation.score)})
            return redirect("quality:evaluation", evaluation_id=evaluation.pk)
    return render(
        request,
        "quality/evaluate.html",
        {"contact": contact, "form": form, "form_obj": form_obj, "forms": forms_current},
        status=422 if request.method == "POST" else 200,
    )


def _score(score) -> str:
    return _("no score") if score is None else f"{score:.0f} %"


@_evaluator
def evaluation_list(request):
    state = request.GET.get("state", "")
    return render(
        request,
        "quality/evaluations.html",
        {"evaluations": selectors.evaluations_list(ctx=_ctx(request), state=state), "state": state},
    )


@permission_required(READ, raise_exception=True)
def evaluation_detail(request, evaluation_id: int):
    try:
        evaluation = selectors.evaluation_get(ctx=_ctx(request), evaluation_id=evaluation_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    user = request.user
    moves = []
    if evaluation.kind == "regular":
        if evaluation.agent_id == user.pk:
            moves = moves_from(evaluation.state, AGENT)
        elif user.has_perm(EVALUATE) and in_scope(user, evaluation.agent_id):
            moves = moves_from(evaluation.state, EVALUATOR)
    return render(
        request,
        "quality/evaluation.html",
        {
            "e": evaluation,
            "answers": selectors.evaluation_answers(evaluation),
            "moves": [(name, MOVES[name]) for name in moves],
            "move_form": MoveForm(initial={"version": evaluation.version}),
        },
    )


@permission_required(READ, raise_exception=True)
@require_POST
def evaluation_move(request, evaluation_id: int):
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was not complete. Nothing was saved."))
    else:
        try:
            evaluation_services.evaluation_move(
                actor=request.user,
                evaluation_id=evaluation_id,
                move=form.cleaned_data["move"],
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            _error(request, None, exc)
        else:
            messages.success(request, _("Saved."))
    return redirect("quality:evaluation", evaluation_id=evaluation_id)


@permission_required(READ, raise_exception=True)
def mine(request):
    """The agent's own evaluations, their trend per criterion by month, their latest contacts."""
    ctx = _ctx(request)
    evaluations = selectors.evaluations_of_agent(ctx=ctx, agent_id=request.user.pk)
    months = _months_back(timezone.localdate(), 6)
    from teenindus.contacts.selectors import contacts_recorded_by

    return render(
        request,
        "quality/mine.html",
        {
            "evaluations": evaluations,
            "months": months,
            "trend": selectors.trend_by_criterion(ctx=ctx, agent_id=request.user.pk, months=months),
            "recent": contacts_recorded_by(ctx=ctx, limit=10),
            "flagged": {f.contact_id for f in selectors.difficult_visible(user=request.user)},
        },
    )


# --- calibration ------------------------------------------------------------------------------


def _evaluators_qs():
    from django.db.models import Q

    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="evaluate_contact")
            | Q(user_permissions__codename="evaluate_contact")
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@permission_required(EVALUATE, raise_exception=True)
def calibration_start(request, contact_id: int):
    ctx = _ctx(request)
    try:
        contact = selectors.contact_for_evaluation(ctx=ctx, contact_id=contact_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    form = CalibrationStartForm(
        request.POST or None, forms_qs=selectors.forms_current(), evaluators_qs=_evaluators_qs()
    )
    if request.method == "POST" and form.is_valid():
        try:
            calibration = calibration_services.calibration_start(
                actor=request.user,
                contact_id=contact.pk,
                form_id=form.cleaned_data["form"].pk,
                evaluator_ids=[u.pk for u in form.cleaned_data["evaluators"]],
            )
        except ApplicationError as exc:
            _error(request, form, exc)
        else:
            messages.success(request, _("Calibration started: each evaluator scores the contact blind."))
            return redirect("quality:calibration", calibration_id=calibration.pk)
    return render(
        request,
        "quality/calibration_start.html",
        {"contact": contact, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@_evaluator
def calibration_detail(request, calibration_id: int):
    ctx = _ctx(request)
    try:
        calibration = selectors.calibration_get(ctx=ctx, calibration_id=calibration_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    user = request.user
    scores = selectors.calibration_scores(calibration=calibration, user=user)
    is_evaluator = calibration.evaluators.filter(pk=user.pk).exists()
    may_score = (
        calibration.status == Calibration.Status.OPEN
        and is_evaluator
        and not any(s.evaluator_id == user.pk for s in scores)
    ) or (calibration.status == Calibration.Status.REVEALED and calibration.lead_id == user.pk)
    form = EvaluateForm(request.POST or None, criteria=calibration.form.criteria.all()) if may_score else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            evaluation_services.evaluation_record(
                actor=user,
                contact_id=calibration.contact_id,
                form_id=calibration.form_id,
                answers=form.answers(),
                strengths=form.cleaned_data["strengths"],
                improvements=form.cleaned_data["improvements"],
                calibration_id=calibration.pk,
            )
        except ApplicationError as exc:
            _error(request, form, exc)
        else:
            messages.success(request, _("Score saved."))
            return redirect("quality:calibration", calibration_id=calibration.pk)
    agreed = calibration.evaluations.filter(kind="regular").first()
    return render(
        request,
        "quality/calibration.html",
        {
            "c": calibration,
            "scores": scores,
            "scored_count": calibration.evaluations.filter(kind="calibration").count(),
            "spread": selectors.calibration_spread(calibration=calibration),
            "form": form,
            "agreed": agreed,
            "version_form": VersionForm(initial={"version": calibration.version}),
        },
        status=422 if request.method == "POST" else 200,
    )


@permission_required(EVALUATE, raise_exception=True)
@require_POST
def calibration_reveal(request, calibration_id: int):
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            calibration_services.calibration_reveal(
                actor=request.user, calibration_id=calibration_id, version=form.cleaned_data["version"]
            )
        except ApplicationError as exc:
            _error(request, None, exc)
        else:
            messages.success(request, _("The scores are revealed."))
    return redirect("quality:calibration", calibration_id=calibration_id)


# --- sampling ---------------------------------------------------------------------------------


@permission_required(EVALUATE, raise_exception=True)
def sampling(request):
    rule = sampling_rule_read()
    form = SamplingForm(
        request.POST or None, initial={"per_agent": rule.per_agent, "channels": rule.channels}
    )
    if request.method == "POST" and "sample" in request.POST:
        last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
        added = contacts_sample(month=last_month.replace(day=1))
        messages.success(request, _("%(n)s contacts added to the sample.") % {"n": added})
        return redirect("quality:sampling")
    if request.method == "POST" and form.is_valid():
        try:
            sampling_rule_set(
                actor=request.user,
                per_agent=form.cleaned_data["per_agent"],
                channels=form.cleaned_data["channels"],
            )
        except ApplicationError as exc:
            _error(request, form, exc)
        else:
            messages.success(request, _("Sampling saved."))
            return redirect("quality:sampling")
    return render(
        request,
        "quality/sampling.html",
        {"form": form, "rule": rule},
        status=422 if request.method == "POST" else 200,
    )
