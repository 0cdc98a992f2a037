"""The mail outbox: any app decides a mail in its own transaction; a worker sends it once.

    with transaction.atomic():
        ticket_assign(...)  # the change the mail is about
        subject, body = mail_render("tickets/mail/assigned", {"ticket": t}, user_language)
        mail_queue(key=f"ticket:{t.pk}:assigned:{user.pk}", to=user.email, subject=subject, body=body)

`mail_queue` writes one OutboxMail per key — a second call with the same key (a retried request, a
second worker, a job run twice) writes nothing and returns False — and enqueues the delivery after
the commit: if the caller's transaction rolls back there is neither a row nor a task.
`mail_deliver` sends with the row locked (SKIP LOCKED: two workers never send one mail at once) and
marks it sent only after the mail server took it. A failed send is counted, its error kept, and
tried again with a growing delay; after MAX_ATTEMPTS the mail is marked failed and stays visible in
the admin. `mails_requeue` (a periodic job) enqueues again what is long past its due attempt (a task
lost with a crashed process); a mail enqueued twice is still sent once.

One gap no outbox closes: if the mail server took the mail and the database is lost before the row
is marked sent, the mail goes out again on the retry (at least once, never twice otherwise).

Templates (`mail_render`): `<app>/mail/<name>.<language>.txt` if it exists (a letter written in that
language — Russian letters, which have no gettext catalogue here), else `<app>/mail/<name>.txt`
rendered with the language active ({% translate %}/{% blocktranslate %}). The first line is the
subject, the rest (after a blank line) is the body. Text mail: no HTML escaping."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import select_template
from django.utils import timezone, translation

from teenindus.core.models import OutboxAttachment, OutboxMail

LANGUAGES = tuple(OutboxMail.Language.values)  # et, ru, en
MAX_ATTEMPTS = 5
# Delay before the 2nd, 3rd, ... attempt; the last entry repeats.
RETRY_AFTER = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
REQUEUE_AFTER = timedelta(minutes=30)
# The row stays locked while the mail server answers: a server that hangs must not hold it forever.
SEND_TIMEOUT_SECONDS = 30
REQUEUE_BATCH = 1000


def _deliver_later(mail_id: int, *, at=None) -> None:
    from teenindus.core.tasks import outbox_deliver  # tasks import this module, not the reverse

    task = outbox_deliver if at is None else outbox_deliver.using(run_after=at)
    transaction.on_commit(lambda: task.enqueue(mail_id))


def mail_render(template_base: str, context: dict, language: str) -> tuple[str, str]:
    """Render `<template_base>.<language>.txt` or else `<template_base>.txt` in `language`;
    returns (subject, body): the first line and the rest, both stripped."""
    if language not in LANGUAGES:
        raise ValueError(f"mail language must be one of {LANGUAGES}, not {language!r}")
    template = select_template([f"{template_base}.{language}.txt", f"{template_base}.txt"])
    with translation.override(language):
        text = template.template.render(Context(context, autoescape=False))
    subject, _newline, body = text.strip().partition("\n")
    subject = " ".join(subject.split())
    if not subject:
        raise ValueError(f"mail template {template.origin.name} gives an empty subject (its first line)")
    return subject, body.strip() + "\n"


@transaction.atomic
def mail_queue(*, key: str, to: str, subject: str, body: str, language: str = "et", attachments=()) -> bool:
    """Decide one mail under the caller's idempotency key; True if it was queued now, False if that
    key was queued before (the first mail stands, whatever this call carries). Call it inside the
    transaction of the change the mail is about: the delivery task is enqueued after its commit.
    `attachments`: (file name, bytes, content type) triples, kept with the mail."""
    if not key or len(key) > 200:
        raise ValueError("a mail key is 1 to 200 characters")
    if language not in LANGUAGES:
        raise ValueError(f"mail language must be one of {LANGUAGES}, not {language!r}")
    try:
        validate_email(to)
    except ValidationError as exc:
        raise ValueError(f"not an e-mail address: {to!r}") from exc
    attachments = [(str(name)[:200], bytes(data), content_type) for name, data, content_type in attachments]
    if any(not name or not content_type for name, _data, content_type in attachments):
        raise ValueError("an attachment needs a file name and a content type")
    subject = " ".join(subject.split())[:255]  # a header: one line, or the mail server refuses it
    try:
        with transaction.atomic():  # a savepoint: the conflict must not spoil the caller's transaction
            mail = OutboxMail.objects.create(
                key=key, to=to, subject=subject, body=body, language=language, next_attempt_at=timezone.now()
            )
            OutboxAttachment.objects.bulk_create(
                OutboxAttachment(mail=mail, name=name, content_type=content_type, content=data)
                for name, data, content_type in attachments
            )
    except IntegrityError:
        # The key exists: queued before, or by a concurrent transaction that has now committed
        # (PostgreSQL makes the second INSERT wait for the first and then fail).
        if not OutboxMail.objects.filter(key=key).exists():
            raise
        return False
    _deliver_later(mail.pk)
    return True


def mail_deliver(*, mail_id: int) -> str:
    """Send one queued mail; mark it sent only after the mail server took it. Returns "sent", or
    "done" when it was sent or failed before or another worker is sending it now. A failed send is
    recorded, the next attempt enqueued, and the error raised (the task run shows it too)."""
    error = None
    with transaction.atomic():
        mail = (
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if mail is None:
            return "done"
        message = EmailMessage(
            mail.subject,
            mail.body,
            settings.DEFAULT_FROM_EMAIL,
            [mail.to],
            headers={"Auto-Submitted": "auto-generated", "Content-Language": mail.language},
            connection=get_connection(timeout=settings.EMAIL_TIMEOUT or SEND_TIMEOUT_SECONDS),
        )
        for attachment in mail.attachments.all():
            message.attach(attachment.name, bytes(attachment.content), attachment.content_type)
        mail.attempts += 1
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - any failure of the mail server is retried
            error = exc
            mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.failed_at = timezone.now()
            else:
                mail.next_attempt_at = timezone.now() + RETRY_AFTER[min(mail.attempts, len(RETRY_AFTER)) - 1]
                _deliver_later(mail.pk, at=mail.next_attempt_at)
            mail.save(update_fields=["attempts", "last_error", "failed_at", "next_attempt_at", "updated_at"])
        else:
            mail.sent_at = timezone.now()
            mail.save(update_fields=["attempts", "sent_at", "updated_at"])
    if error is not None:
        raise error
    return "sent"


def mails_requeue(*, older_than: timedelta = REQUEUE_AFTER) -> int:
    """Enqueue again the pending mails whose attempt was due more than `older_than` ago (the task
    was lost with a crashed process or a lost commit hook); each is moved on so the next run does
    not enqueue it again while it waits in a long queue. Returns how many were enqueued."""
    now = timezone.now()
    with transaction.atomic():
        stale = list(
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lt=now - older_than)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:REQUEUE_BATCH]
        )
        OutboxMail.objects.filter(pk__in=stale).update(next_attempt_at=now, updated_at=now)
        for pk in stale:
            _deliver_later(pk)
    return len(stale)


@transaction.atomic
def mails_retry(*, mail_ids) -> int:
    """Give failed mails a fresh round of attempts (the admin's action once the cause is fixed)."""
    now = timezone.now()
    ids = list(
        OutboxMail.objects.select_for_update()
        .filter(pk__in=list(mail_ids), sent_at__isnull=True, failed_at__isnull=False)
        .values_list("pk", flat=True)
    )
    OutboxMail.objects.filter(pk__in=ids).update(
        failed_at=None, attempts=0, next_attempt_at=now, updated_at=now
    )
    for pk in ids:
        _deliver_later(pk)
    return len(ids)


def mails_failed():
    """Mails that could not be sent after every try, newest first."""
    return OutboxMail.objects.filter(failed_at__isnull=False).order_by("-failed_at")
