"""Writes of meetings: create and edit (a version guards against a concurrent edit), files,
sending the summary (one receipt per recipient, the mails through the worker) and confirming it
was read. Every write is recorded in the change log."""

import hashlib
from datetime import UTC, timedelta

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
from teenindus.knowledge.models import Guide, GuideStatus
from teenindus.meetings import selectors
from teenindus.meetings.models import Decision, Meeting, MeetingFile, MeetingKind, SummaryReceipt

TITLE_MAX = 200
NAME_MAX = 200
FILE_MAX_BYTES = 10 * 1024 * 1024
TEXT_MAX = 20_000  # agenda and summary, each
DECISIONS_MAX = 50
DECISION_MAX = 1_000  # characters a decision
YEARS_BACK = 10
YEARS_AHEAD = 2
# What the recipients of a sent summary read (the mail and the page): a change to any of these
# after sending reaches them again.
SENT_FIELDS = ("title", "starts_at", "summary", "legal_change", "work_change", "problem_feedback")
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


def _require_editor(actor, meeting: Meeting) -> None:
    if not selectors.may_edit(actor, meeting):
        raise PermissionDeniedError(_("Only the meeting's organiser edits it."))


def _clean(*, title: str, kind: str, starts_at, unit, agenda: str = "", summary: str = "") -> str:
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
    now = timezone.now()
    if not now - timedelta(days=365 * YEARS_BACK) <= starts_at <= now + timedelta(days=365 * YEARS_AHEAD):
        raise ValidationFailed(
            _("The meeting's time is at most %(back)s years back and %(ahead)s years ahead.")
            % {"back": YEARS_BACK, "ahead": YEARS_AHEAD},
            field="starts_at",
        )
    for name, text in (("agenda", agenda), ("summary", summary)):
        if len((text or "").strip()) > TEXT_MAX:
            raise ValidationFailed(
                _("The agenda and the summary are at most %(limit)s characters each.") % {"limit": TEXT_MAX},
                field=name,
            )
    if unit is None:
        raise ValidationFailed(_("Choose the unit."), field="unit")
    return title


def _decisions(lines) -> list[str]:
    decisions = [" ".join(line.split()) for line in lines or () if line and line.strip()]
    if len(decisions) > DECISIONS_MAX:
        raise ValidationFailed(
            _("A meeting has at most %(limit)s decisions.") % {"limit": DECISIONS_MAX}, field="decisions"
        )
    if any(len(text) > DECISION_MAX for text in decisions):
        raise ValidationFailed(
            _("A decision is at most %(limit)s characters.") % {"limit": DECISION_MAX}, field="decisions"
        )
    return decisions


def _guides(guides) -> list:
    """Only published guides are linked: a draft or an archived one is a dead link to the recipients."""
    guides = list(guides or ())
    ids = [g.pk if isinstance(g, Guide) else g for g in guides]
    published = set(
        Guide.objects.filter(pk__in=ids, status=GuideStatus.PUBLISHED).values_list("pk", flat=True)
    )
    if set(ids) - published:
        raise ValidationFailed(_("Only published guides can be linked to a meeting."), field="guides")
    return ids


def _snapshot(meeting: Meeting) -> dict:
    data = {name: getattr(meeting, name) for name in FIELDS if name != "unit"}
    data["unit"] = meeting.unit_id
    # The instant in UTC: the same time given in another zone is no change.
    data["starts_at"] = meeting.starts_at.astimezone(UTC).isoformat() if meeting.starts_at else None
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
    title = _clean(title=title, kind=kind, starts_at=starts_at, unit=unit, agenda=agenda, summary=summary)
    decisions = _decisions(decisions)
    guides = _guides(guides)
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
        Decision(meeting=meeting, position=i, text=text) for i, text in enumerate(decisions, 1)
    )
    change_record(actor=actor, instance=meeting, event="meeting_create", changes={"title": [None, title]})
    return meeting


def _lock(meeting_id: int) -> Meeting:
    selectors.id_check(meeting_id)
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
    """Save the meeting as edited from `version`; someone else's save since then is not overwritten.
    Only its organiser (or an administrator) edits it. A change to a summary already sent reaches
    the recipients again: their receipts are unread again (the start page shows it until they
    confirm) and each is mailed once for this revision."""
    _require_lead(actor)
    title = _clean(title=title, kind=kind, starts_at=starts_at, unit=unit, agenda=agenda, summary=summary)
    decisions = _decisions(decisions)
    guides = _guides(guides)
    meeting = _lock(meeting_id)
    _require_editor(actor, meeting)
    if meeting.version != version:
        raise ConcurrentEditError(
            _("Someone else saved this meeting after you opened it. Open it again to see their changes."),
            field="version",
        )
    before = _snapshot(meeting)
    decisions_before = list(meeting.decisions.values_list("text", flat=True))
    meeting.title, meeting.kind, meeting.starts_at, meeting.unit = title, kind, starts_at, unit
    meeting.agenda, meeting.summary = agenda.strip(), summary.strip()
    meeting.legal_change, meeting.work_change = legal_change, work_change
    meeting.problem_feedback = problem_feedback
    meeting.version += 1
    after = _snapshot(meeting)
    resend = meeting.summary_sent_at is not None and (
        any(before[name] != after[name] for name in SENT_FIELDS) or decisions_before != decisions
    )
    if resend:
        meeting.summary_revision += 1
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.guides.set(guides)
    meeting.decisions.all().delete()
    Decision.objects.bulk_create(
        Decision(meeting=meeting, position=i, text=text) for i, text in enumerate(decisions, 1)
    )
    changes = diff(before, after)
    if resend:
        SummaryReceipt.objects.filter(meeting=meeting).update(read_at=None, updated_at=timezone.now())
        changes["summary_revision"] = [meeting.summary_revision - 1, meeting.summary_revision]
        from teenindus.meetings.tasks import summary_mail

        transaction.on_commit(lambda: summary_mail.enqueue(meeting.pk))
    change_record(actor=actor, instance=meeting, event="meeting_update", changes=changes)
    return meeting


def meeting_file_add(*, actor, meeting_id: int, name: str, data: bytes) -> MeetingFile:
    """Attach a file whose content is what its name says (core.uploads); nothing is kept otherwise.
    Only the organiser (or an administrator) adds files."""
    _require_lead(actor)
    selectors.id_check(meeting_id)
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
        _require_editor(actor, meeting)
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
    revision = meeting.summary_revision
    subject, body = mail_render(
        "meetings/mail/summary",
        {"meeting": meeting, "decisions": decisions, "url": url, "changed": revision > 0},
        "et",
    )
    # One mail per recipient and revision: the first sending keeps its old key, each change a new one.
    suffix = f":r{revision}" if revision else ""
    receipts = SummaryReceipt.objects.filter(meeting=meeting).select_related("recipient")
    for receipt in receipts:
        user = receipt.recipient
        address = selectors.mail_address(user)
        if not address:
            continue  # the start page still shows it
        with transaction.atomic():
            if mail_queue(
                key=f"meeting:{meeting.pk}:summary:{user.pk}{suffix}", to=address, subject=subject, body=body
            ):
                queued += 1
    return queued


def summary_confirm(*, actor, meeting_id: int) -> SummaryReceipt:
    """The recipient confirms having read the summary: the first confirmation's time stands (until
    the summary is changed after sending, which asks for a new confirmation)."""
    selectors.id_check(meeting_id)
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
