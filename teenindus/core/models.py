from django.core.exceptions import ValidationError
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


# The agency's working-time calendar (core/worktime.py reads it; core/services.py writes it).

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OpeningHours(models.Model):
    """The agency's opening hours on one weekday (local time, Europe/Tallinn); both empty = closed.

    Exactly seven rows (seeded by the migration). Change them through `opening_hours_set`."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), unique=True, choices=WEEKDAYS)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    changed_by = models.CharField(max_length=150, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="core_openinghours_weekday"),
            models.CheckConstraint(
                condition=models.Q(opens__isnull=True, closes__isnull=True)
                | models.Q(opens__isnull=False, closes__isnull=False, opens__lt=models.F("closes")),
                name="core_openinghours_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_weekday_display())

    def clean(self):
        hours_check(self.opens, self.closes, required=False)


class CalendarDay(models.Model):
    """One date that differs from the weekday table: an extra day off, or a working day with its own
    hours (an extra working day, or special hours; no shortening applies to it)."""

    CLOSED = "closed"
    OPEN = "open"
    KINDS = [(CLOSED, _("day off")), (OPEN, _("working day with these hours"))]

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default=CLOSED)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    changed_by = models.CharField(max_length=150, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="closed", opens__isnull=True, closes__isnull=True)
                | models.Q(
                    kind="open", opens__isnull=False, closes__isnull=False, opens__lt=models.F("closes")
                ),
                name="core_calendarday_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.day.strftime("%d.%m.%Y")

    def clean(self):
        if self.kind == self.CLOSED:
            self.opens = self.closes = None
        else:
            hours_check(self.opens, self.closes, required=True)


class WorkCalendarState(models.Model):
    """One row (pk 1): the calendar's version, bumped by every change, so that stored due times can
    say which calendar they were computed with."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return f"v{self.version}"


def hours_check(opens, closes, *, required: bool) -> None:
    """Opening hours are both given with opens < closes, or (when not `required`) both empty."""
    if opens is None and closes is None and not required:
        return
    if opens is None or closes is None:
        raise ValidationError(_("Give both the opening and the closing time."), code="hours")
    if opens >= closes:
        raise ValidationError(_("The closing time must be after the opening time."), code="hours")


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


class OutboxAttachment(models.Model):
    """A file sent with an outbox mail (a PDF issued to a customer): the bytes decided with the
    mail, so the letter the worker sends is exactly the one decided, whatever happens to its source."""

    mail = models.ForeignKey(OutboxMail, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
