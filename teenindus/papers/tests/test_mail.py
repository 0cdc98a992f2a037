"""A paper sent by e-mail: the worker delivers it after the commit, once, with the registered PDF
attached, to the mail server over SMTP; a failed send is tried again."""

import socket

import pytest
from django.core.management import call_command
from django.utils import timezone

from teenindus.core.models import OutboxMail
from teenindus.core.tests.smtp_server import LocalSMTPServer
from teenindus.papers.tests.helpers import issue

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    with LocalSMTPServer() as server:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        yield server


def _pdfs(message) -> list[tuple[str, bytes]]:
    return [
        (part.get_filename(), part.get_payload(decode=True))
        for part in message.iter_attachments()
        if part.get_content_type() == "application/pdf"
    ]


def test_the_worker_mails_the_paper_with_its_pdf_once(pw, users, smtp):
    paper = issue(pw, users, delivery="email")
    assert smtp.messages == []  # decided with the registration, sent by the worker
    run_worker()
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "mari.tamm@example.ee"
    assert paper.document.number in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert paper.document.number in body and f"{timezone.localdate():%d.%m.%Y}" in body
    [(name, data)] = _pdfs(message)
    assert name == paper.file.name and data == bytes(paper.file.content)
    assert OutboxMail.objects.get().sent_at is not None

    from teenindus.core.tasks import outbox_deliver

    outbox_deliver.enqueue(OutboxMail.objects.get().pk)  # delivered again by mistake: not sent twice
    run_worker()
    assert len(smtp.messages) == 1


def test_a_failed_send_is_retried_with_the_attachment(pw, users, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        dead_port,
        False,
        2,
    )
    paper = issue(pw, users, customer="russian", delivery="email")
    run_worker()
    mail = OutboxMail.objects.get()
    assert mail.sent_at is None and mail.attempts == 1 and mail.last_error
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    with LocalSMTPServer() as server:
        settings.EMAIL_PORT = server.port
        run_worker()
    [message] = server.messages
    assert message["To"] == "olga@example.ee" and "Справка о получении пенсии" in message["Subject"]
    assert _pdfs(message) == [(paper.file.name, bytes(paper.file.content))]
