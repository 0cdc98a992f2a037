"""Reads of contact quality. Evaluations are personal data about employees and their contacts show
customers: every read that returns them writes the access log with the context `ctx`. Whose data a
user may see is decided in scope.py."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.contacts.models import Contact
from teenindus.core.exceptions import NotFound
from teenindus.core.ids import ID_MAX
from teenindus.org.models import Employee
from teenindus.quality.models import (
    Answer,
    Calibration,
    DifficultContact,
    Evaluation,
    EvaluationForm,
    SampledContact,
)
from teenindus.quality.moves import State
from teenindus.quality.scope import EVALUATE, OVERSEE, agent_filter, agent_ids_in_scope, in_scope


def _log(ctx: AccessContext, *, action: str, users=(), customers=()) -> None:
    user_ids = {pk for pk in users if pk}
    employees = Employee.objects.filter(user_id__in=user_ids).values_list("pk", flat=True) if user_ids else []
    access_log_record(
        ctx=ctx, action=action, employee_ids=list(employees), customer_ids=[pk for pk in customers if pk]
    )


# --- forms ------------------------------------------------------------------------------------


def forms_current() -> QuerySet[EvaluationForm]:
    return EvaluationForm.objects.filter(is_current=True).order_by("name")


def form_get(*, form_id: int) -> EvaluationForm:
    form = EvaluationForm.objects.filter(pk=form_id).first()
    if form is None:
        raise NotFound(_("No such form."), field="form")
    return form


def form_exists(*, form_id) -> bool:
    """Whether an evaluation form (any version) has the id `form_id` (text from a POST, too)."""
    text = str(form_id)
    if not text.isdigit() or not 0 < int(text) <= ID_MAX:
        return False
    return EvaluationForm.objects.filter(pk=int(text)).exists()


def form_versions(*, form: EvaluationForm) -> list[EvaluationForm]:
    return list(EvaluationForm.objects.filter(family=form.family).order_by("-version"))


@dataclass
class Section:
    name: str
    criteria: list


def form_sections(form: EvaluationForm) -> list[Section]:
    sections: dict[str, Section] = {}
    for criterion in form.criteria.all():
        sections.setdefault(criterion.section, Section(criterion.section, [])).criteria.append(criterion)
    return list(sections.values())


# --- contacts to evaluate ---------------------------------------------------------------------


def contacts_evaluable(*, ctx: AccessContext, channel: str = "", limit: int = 50) -> list[Contact]:
    """The latest contacts of the agents in the evaluator's scope (customers and agents logged)."""
    user = ctx.actor
    if not user.has_perm(EVALUATE):
        return []
    contacts = Contact.objects.filter(agent_filter(user, "handled_by_id"))
    if channel:
        contacts = contacts.filter(channel=channel)
    rows = list(
        contacts.select_related("customer", "topic__parent", "handled_by").order_by("-occurred_at", "-pk")[
            :limit
        ]
    )
    _log(
        ctx,
        action="quality_contacts",
        users=[c.handled_by_id for c in rows],
        customers=[c.customer_id for c in rows],
    )
    return rows


def contact_for_evaluation(*, ctx: AccessContext, contact_id: int) -> Contact:
    """A contact the evaluator may evaluate (else NotFound, the same as a missing one)."""
    user = ctx.actor
    contact = (
        Contact.objects.select_related("customer", "topic__parent", "handled_by")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None or not user.has_perm(EVALUATE) or not in_scope(user, contact.handled_by_id):
        raise NotFound(_("No such contact."), field="contact")
    _log(ctx, action="quality_contact", users=[contact.handled_by_id], customers=[contact.customer_id])
    return contact


def samples_waiting(*, ctx: AccessContext, limit: int = 10) -> tuple[list[SampledContact], int]:
    """Sampled contacts of the evaluator's agents that have no evaluation yet, oldest month first."""
    user = ctx.actor
    if not user.has_perm(EVALUATE):
        return [], 0
    evaluated = Evaluation.objects.filter(contact_id=OuterRef("contact_id"), kind=Evaluation.Kind.REGULAR)
    waiting = (
        SampledContact.objects.filter(agent_filter(user))
        .exclude(Exists(evaluated))
        .select_related("contact__topic__parent", "contact__customer", "agent")
        .order_by("month", "agent_id", "pk")
    )
    rows = list(waiting[:limit])
    total = len(rows) if len(rows) < limit else waiting.count()
    _log(
        ctx,
        action="quality_sample",
        users=[s.agent_id for s in rows],
        customers=[s.contact.customer_id for s in rows],
    )
    return rows, total


# --- evaluations ------------------------------------------------------------------------------


def evaluations_visible(*, user) -> QuerySet[Evaluation]:
    """Regular evaluations: an agent's own; an evaluator's agents'; everyone's for the overseer.
    Blind calibration scores: the evaluator's own, and all of them once the lead reveals them."""
    evaluations = Evaluation.objects.select_related("form", "contact__topic__parent", "agent", "evaluator")
    own = Q(agent=user, kind=Evaluation.Kind.REGULAR)
    if not (user.has_perm(EVALUATE) or user.has_perm(OVERSEE)):
        return evaluations.filter(own)
    scope = agent_filter(user) if agent_ids_in_scope(user) is not None else Q()
    regular = Q(kind=Evaluation.Kind.REGULAR) & scope
    calibration = Q(kind=Evaluation.Kind.CALIBRATION) & (
        Q(evaluator=user) | (scope & ~Q(calibration__status=Calibration.Status.OPEN))
    )
    return evaluations.filter(own | regular | calibration)


def evaluation_get(*, ctx: AccessContext, evaluation_id: int) -> Evaluation:
    evaluation = evaluations_visible(user=ctx.actor).filter(pk=evaluation_id).first()
    if evaluation is None:
        raise NotFound(_("No such evaluation."), field="evaluation")
    _log(ctx, action="evaluation", users=[evaluation.agent_id], customers=[evaluation.contact.customer_id])
    return evaluation


def evaluation_answers(evaluation: Evaluation) -> list[Answer]:
    return list(evaluation.answers.select_related("criterion").order_by("criterion__order", "criterion_id"))


def evaluations_of_agent(
    *, ctx: AccessContext, agent_id: int, start: date | None = None, end: date | None = None
) -> list[Evaluation]:
    evaluations = evaluations_visible(user=ctx.actor).filter(agent_id=agent_id, kind=Evaluation.Kind.REGULAR)
    if start:
        evaluations = evaluations.filter(month__gte=start)
    if end:
        evaluations = evaluations.filter(month__lt=end)
    rows = list(evaluations.order_by("-month", "-created_at", "-pk"))
    _log(ctx, action="evaluations", users=[agent_id] if rows else [])
    return rows


def evaluations_list(*, ctx: AccessContext, state: str = "", limit: int = 100) -> list[Evaluation]:
    """The evaluator's (or overseer's) list of regular evaluations, newest first."""
    user = ctx.actor
    evaluations = evaluations_visible(user=user).filter(kind=Evaluation.Kind.REGULAR).exclude(agent=user)
    if state:
        evaluations = evaluations.filter(state=state)
    rows = list(evaluations[:limit])
    _log(ctx, action="evaluations", users=[e.agent_id for e in rows])
    return rows


def evaluations_to_acknowledge(*, ctx: AccessContext, limit: int = 10) -> tuple[list[Evaluation], int]:
    waiting = (
        evaluations_visible(user=ctx.actor)
        .filter(agent=ctx.actor, kind=Evaluation.Kind.REGULAR, state=State.NEW)
        .order_by("created_at", "pk")
    )
    rows = list(waiting[:limit])
    total = len(rows) if len(rows) < limit else waiting.count()
    _log(ctx, action="evaluations", users=[ctx.actor.pk] if rows else [])
    return rows, total


def evaluations_disputed(*, ctx: AccessContext, limit: int = 10) -> tuple[list[Evaluation], int]:
    user = ctx.actor
    if not user.has_perm(EVALUATE):
        return [], 0
    disputed = (
        evaluations_visible(user=user)
        .filter(kind=Evaluation.Kind.REGULAR, state=State.DISPUTED)
        .exclude(agent=user)
        .order_by("answered_at", "pk")
    )
    rows = list(disputed[:limit])
    total = len(rows) if len(rows) < limit else disputed.count()
    _log(ctx, action="evaluations", users=[e.agent_id for e in rows])
    return rows, total


@dataclass
class TrendRow:
    criterion: str
    cells: list  # one per month: Decimal mean points (0–100) or None


def trend_by_criterion(*, ctx: AccessContext, agent_id: int, months: list[date]) -> list[TrendRow]:
    """The agent's mean points per criterion (by section and name, across form versions) and month.
    Not applicable answers are left out; a month with none is empty."""
    if not months:
        return []
    evaluations = evaluations_visible(user=ctx.actor).filter(
        agent_id=agent_id, kind=Evaluation.Kind.REGULAR, month__gte=months[0], month__lte=months[-1]
    )
    answers = Answer.objects.filter(evaluation__in=evaluations, points__isnull=False).values_list(
        "criterion__section", "criterion__name", "evaluation__month", "points"
    )
    cells: dict = defaultdict(lambda: defaultdict(list))
    for section, name, month, points in answers:
        cells[f"{section} › {name}"][month].append(points)
    _log(ctx, action="evaluation_trend", users=[agent_id] if cells else [])
    return [
        TrendRow(
            criterion=key,
            cells=[_mean(cells[key].get(month, [])) for month in months],
        )
        for key in sorted(cells)
    ]


def _mean(values) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    return (sum(values) / len(values)).quantize(Decimal("0.1")) if values else None


# --- calibration ------------------------------------------------------------------------------


def calibrations_visible(*, user) -> QuerySet[Calibration]:
    if not user.has_perm(EVALUATE) and not user.has_perm(OVERSEE):
        return Calibration.objects.none()
    return (
        Calibration.objects.filter(Q(lead=user) | Q(evaluators=user))
        .distinct()
        .select_related("contact__handled_by", "form")
    )


def calibration_get(*, ctx: AccessContext, calibration_id: int) -> Calibration:
    calibration = calibrations_visible(user=ctx.actor).filter(pk=calibration_id).first()
    if calibration is None:
        raise NotFound(_("No such calibration."), field="calibration")
    _log(
        ctx,
        action="calibration",
        users=[calibration.contact.handled_by_id],
        customers=[calibration.contact.customer_id],
    )
    return calibration


@dataclass
class Spread:
    criterion: str
    values: list  # points of each evaluator (None: not applicable)
    minimum: Decimal | None
    maximum: Decimal | None
    stdev: Decimal | None


def calibration_scores(*, calibration: Calibration, user) -> list[Evaluation]:
    """The blind scores the user may see: their own while open; all once revealed."""
    scores = calibration.evaluations.filter(kind=Evaluation.Kind.CALIBRATION).select_related("evaluator")
    if calibration.status == Calibration.Status.OPEN:
        scores = scores.filter(evaluator=user)
    return list(scores.order_by("pk"))


def calibration_spread(*, calibration: Calibration) -> list[Spread]:
    """Min, max and (population) standard deviation of the points per criterion, and of the total
    score — only once revealed (blind before: an empty list)."""
    if calibration.status == Calibration.Status.OPEN:
        return []
    scores = list(calibration.evaluations.filter(kind=Evaluation.Kind.CALIBRATION).order_by("pk"))
    answers = defaultdict(dict)
    for answer in Answer.objects.filter(evaluation__in=scores):
        answers[answer.criterion_id][answer.evaluation_id] = answer.points
    rows = []
    for criterion in calibration.form.criteria.all():
        values = [answers[criterion.pk].get(s.pk) for s in scores]
        rows.append(_spread(str(criterion), values))
    rows.append(_spread(_("Score"), [s.score for s in scores]))
    return rows


def _spread(label: str, values: list) -> Spread:
    given = [Decimal(v) for v in values if v is not None]
    q = Decimal("0.1")
    return Spread(
        criterion=label,
        values=values,
        minimum=min(given) if given else None,
        maximum=max(given) if given else None,
        stdev=Decimal(str(statistics.pstdev(given))).quantize(q)
        if len(given) > 1
        else (Decimal(0) if given else None),
    )


def calibrations_open_for(*, user) -> QuerySet[Calibration]:
    """Open calibrations the user is an evaluator of and has not scored yet."""
    scored = Evaluation.objects.filter(
        calibration=OuterRef("pk"), evaluator=user, kind=Evaluation.Kind.CALIBRATION
    )
    return (
        calibrations_visible(user=user)
        .filter(status=Calibration.Status.OPEN, evaluators=user)
        .exclude(Exists(scored))
    )


# --- difficult contacts -----------------------------------------------------------------------


def difficult_visible(*, user) -> QuerySet[DifficultContact]:
    flags = DifficultContact.objects.select_related(
        "contact__handled_by", "contact__topic__parent", "flagged_by", "guide"
    )
    own = Q(contact__handled_by=user) | Q(flagged_by=user)
    if user.has_perm(EVALUATE) or user.has_perm(OVERSEE):
        scope = agent_ids_in_scope(user)
        return flags.filter(own | (Q() if scope is None else Q(contact__handled_by_id__in=scope)))
    return flags.filter(own)


def difficult_list(
    *, ctx: AccessContext, status: str = "", limit: int = 50
) -> tuple[list[DifficultContact], int]:
    flags = difficult_visible(user=ctx.actor)
    if status:
        flags = flags.filter(status=status)
    rows = list(flags.order_by("created_at", "pk")[:limit])
    total = len(rows) if len(rows) < limit else flags.count()
    _log(
        ctx,
        action="difficult_contacts",
        users=[f.contact.handled_by_id for f in rows],
        customers=[f.contact.customer_id for f in rows],
    )
    return rows, total


def difficult_get(*, ctx: AccessContext, flag_id: int) -> DifficultContact:
    flag = difficult_visible(user=ctx.actor).filter(pk=flag_id).first()
    if flag is None:
        raise NotFound(_("No such difficult contact."), field="flag")
    _log(
        ctx,
        action="difficult_contact",
        users=[flag.contact.handled_by_id],
        customers=[flag.contact.customer_id],
    )
    return flag


def contact_flaggable(*, ctx: AccessContext, contact_id: int) -> Contact:
    """A contact the user may flag as difficult: their own, or one of their agents'."""
    from teenindus.quality.services.difficult import may_flag

    contact = (
        Contact.objects.select_related("customer", "topic__parent", "handled_by")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None or not may_flag(ctx.actor, contact):
        raise NotFound(_("No such contact."), field="contact")
    _log(ctx, action="quality_contact", users=[contact.handled_by_id], customers=[contact.customer_id])
    return contact
