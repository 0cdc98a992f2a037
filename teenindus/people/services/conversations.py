"""Absences, the conversation calendar, conversation records and reminders."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.accounts.models import User
from teenindus.accounts.roles import HR_PARTNER
from teenindus.audit.services import change_record
from teenindus.core.exceptions import ConcurrentEditError, ValidationFailed
from teenindus.org.models import Employee, Employment
from teenindus.org.selectors import employments_current
from teenindus.people.models import (
    Absence,
    Conversation,
    ConversationKind,
    ConversationTemplate,
    JobDescription,
    Reminder,
)
from teenindus.people.services.job_descriptions import year_after

REMIND_BEFORE = {"review": 30, "conversation": 14}


@transaction.atomic
def absence_add(
    *, actor, employee: Employee, kind: str, start_date: date, end_date: date, note: str = ""
) -> Absence:
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


# --- reminders --------------------------------------------------------------------------------


def _manager_users(position) -> list:
    if position.manager_id is None:
        return []
    holders = employments_current().filter(position_id=position.manager_id).select_related("employee__user")
    return [e.employee.user for e in holders if e.employee.user and e.employee.user.is_active]


def _hr_users() -> list:
    return list(User.objects.filter(groups__name=HR_PARTNER, is_active=True))


def _remind(*, subject: str, due: date, recipients, title: str, body: str, now) -> int:
    sent = 0
    for user in {u.pk: u for u in recipients}.values():
        try:
            with transaction.atomic():
                Reminder.objects.create(subject=subject, due_date=due, recipient=user, sent_at=now)
        except IntegrityError:
            continue  # already reminded for this due date
        if user.email:
            send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent


def reminders_send(*, on: date | None = None) -> int:
    """Remind the manager and the HR partner of reviews due within 30 days and conversations due
    within 14 days (and of anything overdue), once per due date and person."""
    on = on or timezone.localdate()
    now = timezone.now()
    hr = _hr_users()
    sent = 0
    reviews = JobDescription.objects.filter(review_due__lte=on + timedelta(days=REMIND_BEFORE["review"]))
    for jd in reviews.select_related("position__unit"):
        sent += _remind(
            subject=f"review:{jd.pk}",
            due=jd.review_due,
            recipients=hr + _manager_users(jd.position),
            title=_("Job description review due: %(position)s") % {"position": jd.position},
            body=_("The job description of %(position)s is due for review on %(due)s.")
            % {"position": jd.position, "due": jd.review_due.strftime("%d.%m.%Y")},
            now=now,
        )
    conversations = Conversation.objects.filter(
        status=Conversation.Status.PLANNED, due_date__lte=on + timedelta(days=REMIND_BEFORE["conversation"])
    ).select_related("employment__employee", "employment__position")
    for c in conversations:
        sent += _remind(
            subject=f"conversation:{c.pk}",
            due=c.due_date,
            recipients=hr + _manager_users(c.employment.position),
            title=_("%(kind)s conversation due") % {"kind": c.get_kind_display()},
            body=_("%(kind)s conversation with %(employee)s is due on %(due)s.")
            % {
                "kind": c.get_kind_display(),
                "employee": c.employment.employee,
                "due": c.due_date.strftime("%d.%m.%Y"),
            },
            now=now,
        )
    return sent
