"""Absences, the conversation calendar and conversation records (reminders: services/reminders.py)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ConcurrentEditError, PermissionDeniedError, ValidationFailed
from teenindus.org.models import Employee, Employment
from teenindus.people.models import (
    Absence,
    Conversation,
    ConversationKind,
    ConversationTemplate,
)
from teenindus.people.selectors import absence_employees
from teenindus.people.services.job_descriptions import year_after


@transaction.atomic
def absence_add(
    *, actor, employee: Employee, kind: str, start_date: date, end_date: date, note: str = ""
) -> Absence:
    # A manager records absences only for the people below them in the line; HR for everyone.
    if not absence_employees(user=actor).filter(pk=employee.pk).exists():
        raise PermissionDeniedError(
            _("You can record absences only for the people you manage."), field="employee"
        )
    if kind not in Absence.Kind.values:
        raise ValidationFailed(_("Choose the type of absence."), field="kind")
    if end_date < start_date:
        raise ValidationFailed(_("The absence ends before it starts."), field="end_date")
    absence = Absence.objects.create(
        employee=employee, kind=kind, start_date=start_date, end_date=end_date, note=note.strip()
    )
    change_record(actor=actor, instance=absence, event="absence_added", changes={"kind": kind})
    return absence


@transaction.atomic
def conversation_template_set(*, actor, kind: str, questions: list[str]) -> ConversationTemplate:
    """The questions of one kind of conversation; records already written keep their own."""
    if kind not in ConversationKind.values:
        raise ValidationFailed(_("Unknown kind of conversation."), field="kind")
    questions = [q.strip() for q in questions if q.strip()]
    if not questions:
        raise ValidationFailed(_("Give at least one question."), field=f"questions_{kind}")
    template, _created = ConversationTemplate.objects.update_or_create(
        kind=kind, defaults={"questions": questions}
    )
    change_record(
        actor=actor, instance=template, event="conversation_template_set", changes={"questions": questions}
    )
    return template


def _appraisal_due(employment: Employment) -> date:
    last = (
        employment.conversations.filter(kind=ConversationKind.APPRAISAL, status=Conversation.Status.DONE)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return year_after(last or employment.start_date)


def _plan(employment: Employment, *, on: date) -> int:
    """One employment's due conversations that are not planned yet; returns how many were added."""
    wanted: list[tuple[str, date]] = []
    if employment.probation_end:
        wanted.append((ConversationKind.PROBATION, employment.probation_end))
    if employment.end_date:
        wanted.append((ConversationKind.EXIT, employment.end_date))
    active = employment.end_date is None or employment.end_date >= on
    has_open_appraisal = employment.conversations.filter(
        kind=ConversationKind.APPRAISAL, status=Conversation.Status.PLANNED
    ).exists()
    if active and not has_open_appraisal:
        due = _appraisal_due(employment)
        if not employment.end_date or due <= employment.end_date:
            wanted.append((ConversationKind.APPRAISAL, due))
    planned = 0
    for kind, due in wanted:
        if kind != ConversationKind.APPRAISAL and employment.conversations.filter(kind=kind).exists():
            continue
        _, created = Conversation.objects.get_or_create(employment=employment, kind=kind, due_date=due)
        planned += created
    return planned


@transaction.atomic
def conversations_schedule(*, on: date | None = None) -> int:
    """Plan what is due: end of probation on its date, appraisal a year after the last one (or the
    start), exit on the last working day. Idempotent: run it daily. Returns how many were planned."""
    on = on or timezone.localdate()
    return sum(_plan(employment, on=on) for employment in Employment.objects.all())


@transaction.atomic
def conversation_record(
    *,
    actor,
    conversation: Conversation,
    held_on: date,
    answers: list[dict],
    goals: str,
    training_needs: list[str],
    exit_reasons: list[str],
    expected_version: int,
) -> Conversation:
    """Write down a held conversation. A concurrent edit is refused, never overwritten."""
    if held_on > timezone.localdate():
        raise ValidationFailed(_("The conversation cannot be held in the future."), field="held_on")
    if held_on < conversation.employment.start_date:
        raise ValidationFailed(
            _("The conversation cannot be before the employment started."), field="held_on"
        )
    unknown = set(exit_reasons) - set(Conversation.ExitReason.values)
    if unknown:
        raise ValidationFailed(_("Unknown reason for leaving."), field="exit_reasons")
    if exit_reasons and conversation.kind != ConversationKind.EXIT:
        raise ValidationFailed(_("Reasons for leaving belong to an exit conversation."), field="exit_reasons")
    values = {
        "status": Conversation.Status.DONE,
        "held_on": held_on,
        "answers": [{"question": a["question"], "answer": a["answer"].strip()} for a in answers],
        "goals": goals.strip(),
        "training_needs": [need.strip() for need in training_needs if need.strip()],
        "exit_reasons": list(dict.fromkeys(exit_reasons)),
        "recorded_by": actor,
    }
    updated = Conversation.objects.filter(pk=conversation.pk, version=expected_version).update(
        version=expected_version + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        raise ConcurrentEditError(_("Someone saved this conversation meanwhile; reload it and try again."))
    change_record(
        actor=actor,
        instance=conversation,
        event="conversation_recorded",
        changes={"held_on": str(held_on), "kind": conversation.kind},
    )
    conversation.refresh_from_db()
    if conversation.kind == ConversationKind.APPRAISAL:
        _plan(conversation.employment, on=timezone.localdate())  # the next appraisal, a year on
    return conversation
