from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every table carries when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PeriodicJob(models.Model):
    """When a periodic job (core/periodic.py) is next due. Workers on any machine claim a due job by
    moving `next_run_at` on with one conditional UPDATE: exactly one of them enqueues it."""

    name = models.CharField(max_length=80, primary_key=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A worker process's last sign of life (one row per worker, upserted every loop)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"


class OutboxMail(BaseModel):
    """One e-mail decided by a change in the data, sent once by a worker (core/outbox.py).

    The row is written in the transaction of the change it is about, under the caller's idempotency
    `key` ("ticket:12:assigned:5"): a second decision with the same key writes nothing. A worker task
    sends it with the row locked and only then sets `sent_at`; a failed send is counted with its
    error and tried again at `next_attempt_at`; after the last try it is `failed_at` and stays
    visible in the admin."""

    class Language(models.TextChoices):
        ESTONIAN = "et", _("Estonian")
        RUSSIAN = "ru", _("Russian")
        ENGLISH = "en", _("English")

    key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ESTONIAN
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the delivery task now queued is due: the requeue job looks for pending mails long past it.
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        indexes = [
            # Only the pending rows, in the order the requeue job reads them; sent mail does not grow it.
            models.Index(
                fields=["next_attempt_at"],
                name="outboxmail_pending",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.key
