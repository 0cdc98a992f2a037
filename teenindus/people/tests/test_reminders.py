"""Reminder mails go through the worker: marked sent only after the mail went out, a failure is
retried and visible, a reminder is never mailed twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from teenindus.people.models import Reminder
from teenindus.people.services import reminders
from teenindus.people.services.conversations import conversations_schedule
from teenindus.people.tasks import reminder_deliver
from teenindus.people.tests.test_conversations import team  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")


@pytest.fixture
def smtp_down(settings, unused_tcp_port):
    """The mail server is outside the application: a real SMTP connection to a port nobody serves."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", unused_tcp_port, False
    settings.EMAIL_TIMEOUT = 2
    return settings


@pytest.fixture
def unused_tcp_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_reminders_go_to_manager_and_hr_once_through_the_worker(team, users):  # noqa: F811
    conversations_schedule()
    decided = reminders.reminders_send()
    assert decided > 0 and mail.outbox == []  # decided in the transaction, mailed by the worker
    run_worker()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "lead@x.ee" in recipients and "hr@x.ee" in recipients
    assert decided == len(mail.outbox) == Reminder.objects.filter(sent_at__isnull=False).count()
    assert reminders.reminders_send() == 0  # once per due date
    run_worker()
    assert len(mail.outbox) == decided


def test_a_failed_send_is_not_marked_sent_and_is_retried(team, users, smtp_down, settings):  # noqa: F811
    conversations_schedule()
    decided = reminders.reminders_send()
    run_worker()
    pending = Reminder.objects.filter(sent_at__isnull=True)
    assert pending.count() == decided  # nothing was lost by marking before sending
    reminder = pending.first()
    assert reminder.attempts == 1 and "ConnectionRefusedError" in reminder.last_error
    assert DBTaskResult.objects.failed().count() == decided  # visible in the task results too
    retries = DBTaskResult.objects.filter(status="READY")
    assert retries.count() == decided and all(r.run_after > timezone.now() for r in retries)

    # The mail server is back; the retries come due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retries.update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    assert len(mail.outbox) == decided
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {2}


def test_a_reminder_enqueued_twice_is_mailed_once(team, users):  # noqa: F811
    conversations_schedule()
    reminders.reminders_send()
    reminder = Reminder.objects.first()
    reminder_deliver.enqueue(reminder.pk)
    reminder_deliver.enqueue(reminder.pk)
    run_worker()
    mine = [m for m in mail.outbox if m.body == reminder.body and m.to == [reminder.recipient.email]]
    assert len(mine) == 1  # three deliveries of one reminder (the first and two more): one mail


def test_after_the_last_try_a_reminder_is_failed_and_listed(team, users, smtp_down):  # noqa: F811
    conversations_schedule()
    reminders.reminders_send()
    reminder = Reminder.objects.first()
    Reminder.objects.filter(pk=reminder.pk).update(attempts=reminders.MAX_ATTEMPTS - 1)
    with pytest.raises(ConnectionRefusedError):
        reminders.reminder_deliver(reminder_id=reminder.pk)
    reminder.refresh_from_db()
    assert reminder.failed_at is not None and reminder.sent_at is None
    assert reminder in reminders.reminders_failed()
    assert reminders.reminder_deliver(reminder_id=reminder.pk) == "done"  # no more tries
