"""Writes of meetings: create and edit (a version guards against a concurrent edit), files,
sending the summary (one receipt per recipient, the mails through the worker) and confirming it
was read. Every write is recorded in the change log."""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record, diff
from teenindus.core.exceptions import (
    ConcurrentEditError,
    ConflictError,
    NotFound,
    PermissionDeniedError,
    ValidationFailed,
)
from teenindus.core.outbox import mail_queue, mail_render
from teenindus.core.uploads import upload_check
from teenindus.meetings import selectors
from teenindus.meetings.models import Decision, Meeting, MeetingFile, MeetingKind, SummaryReceipt

TITLE_MAX = 200
NAME_MAX = 200
FILE_MAX_BYTES = 10 * 1024 * 1024
FIELDS = (
    "title",
    "kind",
    "starts_at",
    "unit",
    "agenda",
    "summary",
    "legal_change",
    "work_change",
    "problem_feedback",
)


def _require_lead(actor) -> None:
    if not selectors.is_lead(actor):
        raise PermissionDeniedError(_("Only team leads manage meetings."))


def _clean(*, title: str, kind: str, starts_at, unit) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationFailed(_("Give the meeting a title."), field="title")
    if len(title) > TITLE_MAX:
        raise ValidationFailed(
            _("The title is at most %(limit)s characters.") % {"limit": TITLE_MAX}, field="title"
        )
    if kind not in MeetingKind.values:
        raise ValidationFailed(_("Choose a work meeting or an info hour."), field="kind")
    if starts_at is None:
        raise ValidationFailed(_("Give the meeting's time."), field="starts_at")
    if unit is None:
        raise ValidationFailed(_("Choose the unit."), field="unit")
    return title


def _decisions(lines) -> list[str]:
    return [" ".join(line.split()) for line in lines or () if line and line.strip()]


def _snapshot(meeting: Meeting) -> dict:
    data = {name: getattr(meeting, name) for name in FIELDS if name != "unit"}
    data["unit"] = meeting.unit_id
    data["starts_at"] = meeting.starts_at.isoformat() if meeting.starts_at else None
    return data


@transaction.atomic
def meeting_create(
    *,
    actor,
    title: str,
    kind: str = MeetingKind.MEETING,
    starts_at,
    unit,
    agenda: str = "",
    summary: str = "",
    decisions=(),
    attendees=(),
    guides=(),
    legal_change: bool = False,
    work_change: bool = False,
    problem_feedback: bool = False,
) -> Meeting:
    _require_lead(actor)
    title = _clean(title=title, kind=kind, starts_at=starts_at, unit=unit)
    meeting = Meeting.objects.create(
        title=title,
        kind=kind,
        starts_at=starts_at,
        organiser=actor,
        unit=unit,
        agenda=agenda.strip(),
        summary=summary.strip(),
        legal_change=legal_change,
        work_change=work_change,
        problem_feedback=problem_feedback,
    )
    meeting.attendees.set(attendees)
    meeting.guides.set(guides)
    Decision.objects.bulk_create(
        Decision(meeting=meeting, position=i, text=text) for i, text in enumerate(_decisions(decisions), 1)
    )
    change_record(actor=actor, instance=meeting, event="meeting_create", changes={"title": [None, title]})
    return meeting


def _lock(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("No such meeting."), field="meeting")
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting_id: int,
    version: int,
    title: str,
    kind: str,
    starts_at,
    unit,
    agenda: str,
    summary: str,
    decisions=(),
    attendees=(),
    guides=(),
    legal_change: bool = False,
    work_change: bool = False,
    problem_feedback: bool = False,
) -> Meeting:
    """Save the meeting as edited from `version`; someone else's save since then is not overwritten."""
    _require_lead(actor)
    title = _clean(title=title, kind=kind, starts_at=starts_at, unit=unit)
    meeting = _lock(meeting_id)
    if meeting.version != version:
        raise ConcurrentEditError(
            _("Someone else saved this meeting after you opened it. Open it again to see their changes."),
            field="version",
        )
    before = _snapshot(meeting)
    meeting.title, meeting.kind, meeting.starts_at, meeting.unit = title, kind, starts_at, unit
    meeting.agenda, meeting.summary = agenda.strip(), summary.strip()
    meeting.legal_change, meeting.work_change = legal_change, work_change
    meeting.problem_feedback = problem_feedback
    meeting.version += 1
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.guides.set(guides)
    meeting.decisions.all().delete()
    Decision.objects.bulk_create(
        Decision(meeting=meeting, position=i, text=text) for i, text in enumerate(_decisions(decisions), 1)
    )
    change_record(
        actor=actor, instance=meeting, event="meeting_update", changes=diff(before, _snapshot(meeting))
    )
    return meeting


def meeting_file_add(*, actor, meeting_id: int, name: str, data: bytes) -> MeetingFile:
    """Attach a file whose content is what its name says (core.uploads); nothing is kept otherwise."""
    _require_lead(actor)
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or len(name) > NAME_MAX:
        raise ValidationFailed(
            _("Give the file a name of at most %(limit)s characters.") % {"limit": NAME_MAX}, field="file"
        )
    kind = upload_check(
        name=name, data=data, max_bytes=getattr(settings, "MEETING_FILE_MAX_BYTES", FILE_MAX_BYTES)
    )
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        meeting = _lock(meeting_id)
        try:
            with transaction.atomic():
                stored = MeetingFile.objects.create(
                    meeting=meeting,
                    name=name,
                    content_type=kind.content_type,
                    size=len(data),
                    sha256=digest,
                    data=data,
                    uploaded_by=actor,
                )
        except IntegrityError as exc:
            raise ConflictError(_("This file is on the meeting already."), field="file") from exc
        change_record(actor=actor, instance=meeting, event="meeting_file", changes={"file": [None, name]})
    return stored


@transaction.atomic
def summary_send(*, actor, meeting_id: int) -> int:
    """Send the summary: one receipt per recipient (a second send adds only new recipients, never a
    second receipt), and the worker mails each recipient once. Returns how many receipts are new."""
    meeting = _lock(meeting_id)
    if meeting.organiser_id != actor.pk:
        raise PermissionDeniedError(_("Only the organiser sends the meeting's summary."))
    if not meeting.summary.strip():
        raise ValidationFailed(_("Write the summary before sending it."), field="summary")
    recipients = selectors.summary_recipients(meeting=meeting)
    if not recipients:
        raise ValidationFailed(_("The summary has no one to go to."), field="summary")
    now = timezone.now()
    before = set(SummaryReceipt.objects.filter(meeting=meeting).values_list("recipient_id", flat=True))
    SummaryReceipt.objects.bulk_create(
        [
            SummaryReceipt(meeting=meeting, recipient=user, sent_at=now)
            for user in recipients
            if user.pk not in before
        ],
        ignore_conflicts=True,  # the unique (meeting, recipient) is the last word
    )
    new = len({u.pk for u in recipients} - before)
    if meeting.summary_sent_at is None:
        meeting.summary_sent_at = now
        meeting.save(update_fields=["summary_sent_at", "updated_at"])
    change_record(
        actor=actor,
        instance=meeting,
        event="summary_send",
        changes={"recipients": [len(before), len(before) + new]},
    )
    from teenindus.meetings.tasks import summary_mail

    transaction.on_commit(lambda: summary_mail.enqueue(meeting.pk))
    return new


def summary_mails_queue(*, meeting_id: int) -> int:
    """Queue the summary mail of every recipient with an e-mail address; the outbox key makes each
    mail once, however often this runs. Returns how many were queued now."""
    meeting = Meeting.objects.select_related("organiser").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    queued = 0
    decisions = list(meeting.decisions.all())
    url = settings.SITE_URL.rstrip("/") + reverse("meetings:detail", args=[meeting.pk])
    subject, body = mail_render(
        "meetings/mail/summary", {"meeting": meeting, "decisions": decisions, "url": url}, "et"
    )
    receipts = SummaryReceipt.objects.filter(meeting=meeting).select_related("recipient")
    for receipt in receipts:
        user = receipt.recipient
        address = selectors.mail_address(user)
        if not address:
            continue  # the start page still shows it
        with transaction.atomic():
            if mail_queue(
                key=f"meeting:{meeting.pk}:summary:{user.pk}", to=address, subject=subject, body=body
            ):
                queued += 1
    return queued


def summary_confirm(*, actor, meeting_id: int) -> SummaryReceipt:
    """The recipient confirms having read the summary: the first confirmation's time stands."""
    receipt = SummaryReceipt.objects.filter(meeting_id=meeting_id, recipient=actor).first()
    if receipt is None:
        raise NotFound(_("This summary was not sent to you."), field="meeting")
    now = timezone.now()
    if SummaryReceipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(read_at=now, updated_at=now):
        change_record(
            actor=actor, instance=receipt, event="summary_read", changes={"read_at": [None, now.isoformat()]}
        )
    receipt.refresh_from_db()
    return receipt
