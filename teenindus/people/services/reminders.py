"""Reminders of due reviews and conversations: decided in a transaction, mailed by a worker task.

`reminders_send` writes one Reminder per (subject, due date, recipient) — a second run finds it
there and writes nothing — and enqueues its delivery after the commit. `reminder_deliver` sends
the mail with the row locked (SKIP LOCKED: two workers never send one reminder at once) and marks it
sent only after the mail went out. A failed send is counted, its error kept, and tried again later
with a growing delay; after MAX_ATTEMPTS it is marked failed and stays visible. The daily job
enqueues again whatever is still pending (a delivery lost with a crashed process)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.accounts.models import User
from teenindus.accounts.roles import HR_PARTNER
from teenindus.org.selectors import employments_current
from teenindus.people.models import Conversation, JobDescription, Reminder

REMIND_BEFORE = {"review": 30, "conversation": 14}
MAX_ATTEMPTS = 5
RETRY_AFTER = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]


def _deliver_later(reminder_id: int, *, after: timedelta | None = None) -> None:
    from teenindus.people.tasks import reminder_deliver  # tasks import services, not the reverse

    task = reminder_deliver if after is None else reminder_deliver.using(run_after=timezone.now() + after)
    transaction.on_commit(lambda: task.enqueue(reminder_id))


def _manager_users(position) -> list:
    if position.manager_id is None:
        return []
    holders = employments_current().filter(position_id=position.manager_id).select_related("employee__user")
    return [e.employee.user for e in holders if e.employee.user and e.employee.user.is_active]


def _hr_users() -> list:
    return list(User.objects.filter(groups__name=HR_PARTNER, is_active=True))


def _remind(*, subject: str, due: date, recipients, title: str, body: str) -> int:
    planned = 0
    for user in {u.pk: u for u in recipients}.values():
        if not user.email:
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    subject=subject, due_date=due, recipient=user, title=title[:255], body=body
                )
        except IntegrityError:
            continue  # already decided for this due date (by an earlier run or a concurrent one)
        _deliver_later(reminder.pk)
        planned += 1
    return planned


@transaction.atomic
def reminders_send(*, on: date | None = None) -> int:
    """Remind the manager and the HR partner of reviews due within 30 days and conversations due
    within 14 days (and of anything overdue), once per due date and person. Returns how many
    reminders were decided; the mails go out from the worker."""
    on = on or timezone.localdate()
    hr = _hr_users()
    planned = 0
    reviews = JobDescription.objects.filter(review_due__lte=on + timedelta(days=REMIND_BEFORE["review"]))
    for jd in reviews.select_related("position__unit"):
        planned += _remind(
            subject=f"review:{jd.pk}",
            due=jd.review_due,
            recipients=hr + _manager_users(jd.position),
            title=_("Job description review due: %(position)s") % {"position": jd.position},
            body=_("The job description of %(position)s is due for review on %(due)s.")
            % {"position": jd.position, "due": jd.review_due.strftime("%d.%m.%Y")},
        )
    conversations = Conversation.objects.filter(
        status=Conversation.Status.PLANNED, due_date__lte=on + timedelta(days=REMIND_BEFORE["conversation"])
    ).select_related("employment__employee", "employment__position")
    for c in conversations:
        planned += _remind(
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
        )
    return planned


def reminder_deliver(*, reminder_id: int) -> str:
    """Send one reminder's mail; mark it sent only after the mail went out. Returns what happened:
    "sent", "done" (sent or failed before, or being sent by another worker) or "retry"."""
    error = None
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=reminder_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if reminder is None:
            return "done"
        try:
            send_mail(reminder.title, reminder.body, settings.DEFAULT_FROM_EMAIL, [reminder.recipient.email])
        except Exception as exc:  # noqa: BLE001 - any failure of the mail server is retried
            error = exc
            reminder.attempts += 1
            reminder.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if reminder.attempts >= MAX_ATTEMPTS:
                reminder.failed_at = timezone.now()
            else:
                _deliver_later(reminder.pk, after=RETRY_AFTER[min(reminder.attempts, len(RETRY_AFTER)) - 1])
            reminder.save(update_fields=["attempts", "last_error", "failed_at", "updated_at"])
        else:
            reminder.attempts += 1
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["attempts", "sent_at", "updated_at"])
    if error is not None:
        # The attempt is recorded above; raising marks this task run failed, with its traceback,
        # in the task results too.
        raise error
    return "sent"


def reminders_requeue(*, older_than: timedelta = timedelta(hours=6)) -> int:
    """Enqueue again the reminders still pending long after they were decided (a delivery task
    lost with a crashed process). A reminder enqueued twice is still sent once."""
    stale = Reminder.objects.filter(
        sent_at__isnull=True, failed_at__isnull=True, updated_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    with transaction.atomic():
        for pk in stale:
            _deliver_later(pk)
    return len(stale)


def reminders_failed():
    """Reminders that could not be sent after every try (for the HR partner and the admin)."""
    return Reminder.objects.filter(failed_at__isnull=False).select_related("recipient").order_by("-failed_at")
