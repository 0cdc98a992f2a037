"""Meetings and info hours of the customer service (job description 000 point 3.5, 001 point 3.7):
agenda, attendees, summary, decisions, files and linked guides; the summary is sent to the unit's
agents and the other leads, each of whom confirms having read it (one receipt per recipient)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Work meeting")
    INFO_HOUR = "info_hour", _("Info hour")


class Meeting(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.MEETING
    )
    starts_at = models.DateTimeField(_("time"))
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("unit")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # Job description 000 point 3.5: what the meeting informed the staff about (a–c).
    legal_change = models.BooleanField(_("changes in the relevant legal acts"), default=False)
    work_change = models.BooleanField(_("changes in the agency's work organisation"), default=False)
    problem_feedback = models.BooleanField(_("feedback on problems that have arisen"), default=False)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings_attended", verbose_name=_("attendees")
    )
    guides = models.ManyToManyField(
        "knowledge.Guide", blank=True, related_name="meetings", verbose_name=_("linked guides")
    )
    version = models.PositiveIntegerField(default=1)
    summary_sent_at = models.DateTimeField(_("summary sent"), null=True, blank=True)
    # Raised each time a sent summary is changed: the receipts are unread again and each recipient
    # is mailed once per revision (the outbox key carries it).
    summary_revision = models.PositiveIntegerField(_("summary revision"), default=0)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="decision_unique_position")
        ]


class MeetingFile(BaseModel):
    """A file on a meeting, kept in the database with its SHA-256; its type checked from its content."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "sha256"], name="meetingfile_once")]


class SummaryReceipt(BaseModel):
    """The summary sent to one recipient, and when they confirmed having read it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="receipts")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "recipient_id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "recipient"], name="summaryreceipt_once")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="receipt_unread")]
