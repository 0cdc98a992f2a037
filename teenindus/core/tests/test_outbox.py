"""The mail outbox: a mail is decided with the change it is about, sent by the worker once, a failed
send is counted, kept, retried and at last marked failed; letters come in the customer's language."""

import socket
import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from teenindus.core import outbox
from teenindus.core.models import OutboxMail
from teenindus.core.tasks import outbox_deliver
from teenindus.core.tests.smtp_server import LocalSMTPServer

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")


def _deliveries():
    return DBTaskResult.objects.filter(task_path=outbox_deliver.module_path)


def queue(key="ticket:12:assigned:5", to="mari.maasikas@example.ee", **extra):
    return outbox.mail_queue(
        key=key,
        to=to,
        subject=extra.pop("subject", "Ticket 12 is yours"),
        body=extra.pop("body", "Hello\n"),
        **extra,
    )


@pytest.fixture
def smtp_down(settings):
    """The mail server is outside the application: a real SMTP connection to a port nobody serves."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_TIMEOUT = 2
    return settings


def test_a_key_is_queued_once_and_mailed_once_by_the_worker():
    assert queue(language="ru") is True
    assert queue(subject="Another subject") is False  # the same key: nothing new, the first mail stands
    assert OutboxMail.objects.count() == 1 and _deliveries().count() == 1
    assert mail.outbox == []  # decided in the transaction, mailed by the worker

    run_worker()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["mari.maasikas@example.ee"] and sent.subject == "Ticket 12 is yours"
    assert sent.body == "Hello\n" and sent.from_email == django_settings.DEFAULT_FROM_EMAIL
    assert sent.extra_headers["Content-Language"] == "ru"
    row = OutboxMail.objects.get()
    assert row.sent_at is not None and row.attempts == 1 and row.failed_at is None

    outbox_deliver.enqueue(row.pk)  # a delivery enqueued again (e.g. by the requeue job)
    run_worker()
    assert len(mail.outbox) == 1


def test_a_subject_is_one_line_and_bad_input_is_refused():
    assert queue(key="k:1", subject="Line one\r\nBcc: someone@example.ee") is True
    assert OutboxMail.objects.get().subject == "Line one Bcc: someone@example.ee"
    for bad in [{"to": "not an address"}, {"language": "de"}, {"key": ""}, {"key": "k" * 201}]:
        with pytest.raises(ValueError):
            queue(**({"key": "k:2"} | bad))
    assert OutboxMail.objects.count() == 1


def test_a_rolled_back_change_leaves_no_mail_and_no_task():
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        assert queue() is True
        raise Refused  # the change the mail was about is not saved
    assert OutboxMail.objects.count() == 0 and _deliveries().count() == 0
    run_worker()
    assert mail.outbox == []
    # The key is free again: the change made later decides its mail.
    assert queue() is True


def test_a_conflicting_key_does_not_spoil_the_callers_transaction():
    queue()
    with transaction.atomic():
        assert queue() is False
        assert queue(key="ticket:12:assigned:6") is True  # the transaction goes on after the conflict
    assert OutboxMail.objects.count() == 2 and _deliveries().count() == 2


def test_a_failed_send_is_counted_kept_and_retried_later(smtp_down, settings):
    queue()
    run_worker()
    row = OutboxMail.objects.get()
    assert row.sent_at is None and row.failed_at is None
    assert row.attempts == 1 and "ConnectionRefusedError" in row.last_error
    assert _deliveries().failed().count() == 1  # visible in the task results too
    retry = _deliveries().get(status="READY")
    assert retry.run_after == row.next_attempt_at > timezone.now() + timedelta(seconds=30)

    run_worker()  # the retry is not due yet: nothing happens
    assert OutboxMail.objects.get().attempts == 1

    _deliveries().filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))
    with LocalSMTPServer() as server:  # the mail server is back
        settings.EMAIL_PORT = server.port
        run_worker()
    assert [m["To"] for m in server.messages] == ["mari.maasikas@example.ee"]
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2


def test_after_the_last_attempt_the_mail_is_failed_listed_and_never_sent(smtp_down, settings):
    queue()
    row = OutboxMail.objects.get()
    waits = []
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        with pytest.raises(ConnectionRefusedError):
            outbox.mail_deliver(mail_id=row.pk)
        row.refresh_from_db()
        assert row.attempts == attempt and "ConnectionRefusedError" in row.last_error
        waits.append(row.next_attempt_at - row.updated_at)
    assert row.failed_at is not None and row.sent_at is None
    assert list(outbox.mails_failed()) == [row]
    # Each retry waits longer than the one before; none is enqueued after the last attempt.
    retries = waits[:-1]
    assert (
        retries[0] > timedelta(seconds=50)
        and retries == sorted(retries)
        and len(set(retries)) == len(retries)
    )
    assert _deliveries().filter(status="READY").count() == 1 + outbox.MAX_ATTEMPTS - 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.mail_deliver(mail_id=row.pk) == "done"  # no more tries, even with the server back
    _deliveries().filter(status="READY").update(run_after=timezone.now())
    run_worker()
    assert mail.outbox == []
    assert outbox.mails_requeue(older_than=timedelta(0)) == 0  # failed is not pending


def test_requeue_enqueues_only_mails_whose_task_was_lost():
    queue(key="lost")
    queue(key="fresh")
    queue(key="sent")
    run_worker()
    assert len(mail.outbox) == 3
    mail.outbox.clear()
    OutboxMail.objects.filter(key__in=["lost", "fresh"]).update(sent_at=None)
    DBTaskResult.objects.all().delete()  # the tasks died with a crashed process
    OutboxMail.objects.filter(key="lost").update(next_attempt_at=timezone.now() - timedelta(hours=1))

    assert outbox.mails_requeue() == 1  # "fresh" is not overdue yet, "sent" is done
    assert outbox.mails_requeue() == 0  # moved on: not enqueued again while it waits in the queue
    outbox_deliver.enqueue(OutboxMail.objects.get(key="lost").pk)  # and once more from elsewhere
    run_worker()
    assert [m.to for m in mail.outbox] == [["mari.maasikas@example.ee"]]  # sent once
    assert OutboxMail.objects.get(key="lost").sent_at is not None


def test_the_requeue_job_is_run_by_the_worker_periodically():
    from teenindus.core import periodic

    job = periodic.JOBS["core.outbox_requeue"]
    assert job.every is not None and job.every < outbox.REQUEUE_AFTER
    assert job.task.call() == 0


@pytest.fixture
def letters(settings, tmp_path):
    """A letter template as an app writes one: translated strings, and a Russian letter of its own."""
    folder = tmp_path / "probe" / "mail"
    folder.mkdir(parents=True)
    (folder / "answer.txt").write_text(
        "{% load i18n %}{% translate 'Server error' %}: {{ number }}\n\n"
        "{% blocktranslate %}Back to the start page{% endblocktranslate %} & {{ name }}\n\n"
        '{% include "core/mail/footer.txt" %}',
        encoding="utf-8",
    )
    (folder / "answer.ru.txt").write_text(
        "Ответ на обращение {{ number }}\n\nЗдравствуйте, {{ name }}!\n\n"
        '{% include "core/mail/footer.ru.txt" %}',
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**django_settings.TEMPLATES[0], "DIRS": [tmp_path, *django_settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "probe/mail/answer"


def test_a_letter_is_rendered_in_the_customers_language(letters):
    context = {"number": "T-12", "name": "Tom & Jerry <OÜ>"}
    et_subject, et_body = outbox.mail_render(letters, context, "et")
    en_subject, en_body = outbox.mail_render(letters, context, "en")
    ru_subject, ru_body = outbox.mail_render(letters, context, "ru")
    assert et_subject == "Serveri viga: T-12" and en_subject == "Server error: T-12"
    assert et_body.startswith("Tagasi avalehele & Tom & Jerry <OÜ>\n")  # text mail: nothing escaped
    assert "Selle kirja saatis klienditeeninduse süsteem automaatselt." in et_body
    assert en_body.startswith("Back to the start page & Tom & Jerry <OÜ>\n")
    assert "sent automatically by the customer service system" in en_body
    assert ru_subject == "Ответ на обращение T-12"
    assert ru_body.startswith("Здравствуйте, Tom & Jerry <OÜ>!") and "автоматически" in ru_body
    with pytest.raises(ValueError):
        outbox.mail_render(letters, context, "de")

    assert queue(subject=ru_subject, body=ru_body, language="ru")
    run_worker()
    assert mail.outbox[0].subject == ru_subject and mail.outbox[0].body == ru_body


def test_the_admin_lists_failed_mails_without_their_contents_and_sends_them_again(
    admin_client, smtp_down, settings
):
    queue(key="ticket:7:answer", to="sentinella@example.ee", subject="Jälgitavsalu, your answer")
    queue(key="ticket:8:answer")
    failed = OutboxMail.objects.get(key="ticket:7:answer")
    OutboxMail.objects.filter(pk=failed.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    with pytest.raises(ConnectionRefusedError):
        outbox.mail_deliver(mail_id=failed.pk)

    url = reverse("admin:core_outboxmail_changelist")
    page = admin_client.get(url, {"state": "failed"}).content.decode()
    assert "ticket:7:answer" in page and "ticket:8:answer" not in page
    assert "ConnectionRefusedError" in page
    assert "sentinella@example.ee" not in page and "Jälgitavsalu" not in page  # delivery, not letters

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = admin_client.post(url, {"action": "retry", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.failed_at is None and failed.attempts == 0
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    assert [m.to for m in mail.outbox].count(["sentinella@example.ee"]) == 1


@pytest.fixture
def smtp_server(settings):
    with LocalSMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
        settings.EMAIL_TIMEOUT = 30
        yield server


def _in_threads(target, count: int) -> list:
    """Run target() in `count` threads at once; returns their results (errors are re-raised)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # noqa: BLE001 - collected and raised below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent workers: PostgreSQL pass")
def test_many_callers_and_workers_queue_and_send_one_mail_exactly_once(smtp_server):
    def decide():
        with transaction.atomic():  # each caller decides the mail in its own transaction
            return queue()

    assert sorted(_in_threads(decide, 8)) == [False] * 7 + [True]
    row = OutboxMail.objects.get()
    assert _deliveries().count() == 1

    # One worker is sending (the mail server holds its answer): the others skip the locked row.
    smtp_server.release.clear()
    sending = []
    sender = threading.Thread(
        target=lambda: (sending.append(outbox.mail_deliver(mail_id=row.pk)), connections.close_all())
    )
    sender.start()
    assert smtp_server.receiving.wait(timeout=60)
    assert _in_threads(lambda: outbox.mail_deliver(mail_id=row.pk), 6) == ["done"] * 6
    assert OutboxMail.objects.get().sent_at is None  # still being sent
    smtp_server.release.set()
    sender.join()
    assert sending == ["sent"] and len(smtp_server.messages) == 1
    assert OutboxMail.objects.get().sent_at is not None

    # Workers run the delivery task, enqueued again and again: still one mail.
    for _ in range(5):
        outbox_deliver.enqueue(row.pk)
    _in_threads(run_worker, 4)
    assert _deliveries().filter(status="SUCCESSFUL").count() == 6
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "mari.maasikas@example.ee" and received["Subject"] == "Ticket 12 is yours"
