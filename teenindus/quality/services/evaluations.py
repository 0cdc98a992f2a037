"""Evaluating a contact, and the evaluation's moves (the agent acknowledges or disputes it, the
evaluator answers a dispute)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.contacts.models import Contact
from teenindus.core.exceptions import ConflictError, NotFound, PermissionDeniedError, ValidationFailed
from teenindus.quality.models import Answer, Calibration, CriterionKind, Evaluation, EvaluationForm
from teenindus.quality.moves import AGENT, MOVES, State
from teenindus.quality.scope import EVALUATE, in_scope
from teenindus.quality.scoring import score_compute

COMMENT_MAX = 2000


def month_of(contact: Contact):
    return contact.local_date.replace(day=1)


def _values(criteria, answers: dict) -> dict:
    """Check that every criterion has an allowed answer: criterion id -> int or None (N/A)."""
    values = {}
    for c in criteria:
        raw = answers.get(c.pk, answers.get(str(c.pk)))
        if raw in (None, ""):
            raise ValidationFailed(
                _("Answer “%(name)s” (or mark it not applicable).") % {"name": c.name}, field=f"c{c.pk}"
            )
        if raw == "na":
            values[c.pk] = None
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = -1
        allowed = (0, 1) if c.kind == CriterionKind.YES_NO else range(1, c.scale_max + 1)
        if value not in allowed:
            raise ValidationFailed(
                _("“%(name)s”: choose one of the answers.") % {"name": c.name}, field=f"c{c.pk}"
            )
        values[c.pk] = value
    return values


def _contact_in_scope(actor, contact_id: int) -> Contact:
    contact = Contact.objects.select_related("handled_by").filter(pk=contact_id).first()
    if contact is None or not actor.has_perm(EVALUATE) or not in_scope(actor, contact.handled_by_id):
        # Out of scope looks the same as missing: nothing about the contact is told.
        raise NotFound(_("No such contact."), field="contact")
    return contact


def _evaluated_once(*, actor, contact: Contact, form: EvaluationForm) -> None:
    """An ordinary evaluation is saved once per contact, evaluator and form version: a second one
    (a double submit) is a conflict naming the first (`extra["evaluation_id"]`), nothing saved.
    A new version of the form may evaluate the contact again."""
    first = (
        Evaluation.objects.filter(
            contact=contact,
            evaluator=actor,
            form=form,
            kind=Evaluation.Kind.REGULAR,
            calibration__isnull=True,
        )
        .values_list("pk", flat=True)
        .first()
    )
    if first is not None:
        raise ConflictError(
            _("You have already evaluated this contact with this form."),
            field="contact",
            extra={"evaluation_id": first},
        )


@transaction.atomic
def evaluation_record(
    *,
    actor,
    contact_id: int,
    form_id: int,
    answers: dict,
    strengths: str = "",
    improvements: str = "",
    calibration_id: int | None = None,
) -> Evaluation:
    """Evaluate a contact the actor may see (else NotFound, nothing saved) with a current form.

    With `calibration_id`: a participant's blind score while the calibration is open, or, from the
    lead once the scores are revealed, the agreed score (an ordinary evaluation the agent sees)."""
    contact = _contact_in_scope(actor, contact_id)
    kind = Evaluation.Kind.REGULAR
    calibration = None
    if calibration_id is not None:
        calibration = (
            Calibration.objects.select_for_update().filter(pk=calibration_id, contact=contact).first()
        )
        if calibration is None:
            raise NotFound(_("No such calibration."), field="calibration")
        form_id = calibration.form_id
        if calibration.status == Calibration.Status.OPEN:
            if not calibration.evaluators.filter(pk=actor.pk).exists():
                raise PermissionDeniedError(_("You are not an evaluator of this calibration."))
            kind = Evaluation.Kind.CALIBRATION
        elif calibration.status == Calibration.Status.REVEALED:
            if calibration.lead_id != actor.pk:
                raise PermissionDeniedError(_("The lead of the calibration records the agreed score."))
        else:
            raise ConflictError(
                _("The agreed score of this calibration is already recorded."), field="calibration"
            )
    form = EvaluationForm.objects.filter(pk=form_id).first()
    if form is None or (calibration is None and not form.is_current):
        raise ValidationFailed(_("Choose a current evaluation form."), field="form")
    criteria = list(form.criteria.all())
    values = _values(criteria, answers)
    for text in (strengths, improvements):
        if len(text) > COMMENT_MAX:
            raise ValidationFailed(
                _("Write at most %(limit)s characters.") % {"limit": COMMENT_MAX}, field="strengths"
            )
    scored = score_compute(criteria, values)
    if calibration is None:
        _evaluated_once(actor=actor, contact=contact, form=form)
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                form=form,
                contact=contact,
                agent=contact.handled_by,
                evaluator=actor,
                kind=kind,
                calibration=calibration,
                month=month_of(contact),
                score=scored.score,
                critical_failed=scored.critical_failed,
                strengths=strengths.strip(),
                improvements=improvements.strip(),
            )
    except IntegrityError as exc:
        if calibration is None:  # the same evaluation submitted twice at once: one is saved
            _evaluated_once(actor=actor, contact=contact, form=form)
        if kind == Evaluation.Kind.REGULAR:
            raise ConflictError(
                _("The agreed score of this calibration is already recorded."), field="calibration"
            ) from exc
        raise ConflictError(_("You have already scored this calibration."), field="calibration") from exc
    Answer.objects.bulk_create(
        Answer(evaluation=evaluation, criterion_id=c.pk, value=values[c.pk], points=scored.points[c.pk])
        for c in criteria
    )
    if calibration is not None and kind == Evaluation.Kind.REGULAR:
        calibration.status = Calibration.Status.AGREED
        calibration.version += 1
        calibration.save(update_fields=["status", "version", "updated_at"])
    change_record(
        actor=actor,
        instance=evaluation,
        event="quality.evaluated",
        changes={"score": [None, str(scored.score)], "kind": [None, kind], "contact": [None, contact.pk]},
    )
    return evaluation


@transaction.atomic
def evaluation_move(*, actor, evaluation_id: int, move: str, version: int, comment: str = "") -> Evaluation:
    """Acknowledge or dispute (the agent, on their own evaluation) or answer a dispute (the
    evaluator, or another evaluator of the agent). A move from a state the evaluation is no longer
    in, or on an evaluation changed since the page was loaded, is a conflict and changes nothing."""
    if move not in MOVES:
        raise ValidationFailed(_("Unknown action."), field="move")
    spec = MOVES[move]
    evaluation = (
        Evaluation.objects.select_for_update().filter(pk=evaluation_id, kind=Evaluation.Kind.REGULAR).first()
    )
    if evaluation is None:
        raise NotFound(_("No such evaluation."), field="evaluation")
    if spec.who == AGENT:
        if evaluation.agent_id != actor.pk:
            raise NotFound(_("No such evaluation."), field="evaluation")
    elif not (actor.has_perm(EVALUATE) and in_scope(actor, evaluation.agent_id)):
        raise NotFound(_("No such evaluation."), field="evaluation")
    if evaluation.version != version or evaluation.state not in spec.sources:
        raise ConflictError(
            _("This evaluation has changed in the meantime (now: %(state)s). Nothing was saved.")
            % {"state": evaluation.get_state_display()},
            field="version",
        )
    comment = comment.strip()
    if spec.comment_required and not comment:
        raise ValidationFailed(_("Write a comment."), field="comment")
    if len(comment) > COMMENT_MAX:
        raise ValidationFailed(
            _("Write at most %(limit)s characters.") % {"limit": COMMENT_MAX}, field="comment"
        )
    old = evaluation.state
    evaluation.state = spec.target
    if spec.who == AGENT:
        evaluation.agent_comment = comment
        evaluation.answered_at = timezone.now()
    else:
        evaluation.resolution = comment
    evaluation.version += 1
    evaluation.save()
    change_record(
        actor=actor,
        instance=evaluation,
        event=f"quality.evaluation_{move}",
        changes={"state": [old, evaluation.state], "comment": [None, comment]},
    )
    return evaluation


__all__ = ["evaluation_record", "evaluation_move", "State"]
