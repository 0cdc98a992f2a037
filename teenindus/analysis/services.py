"""Sending the contact analysis to the heads of units: on demand from the page, and monthly by the
worker. One unit and period is sent once (AnalysisSend's unique key, then the outbox's mail key);
the report is built and mailed by a worker task with the PDF and the XLSX attached."""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teenindus.analysis import outputs, selectors
from teenindus.analysis.models import AnalysisSend
from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog
from teenindus.audit.services import change_record
from teenindus.core.exceptions import ConflictError, NotFound, PermissionDeniedError, ValidationFailed
from teenindus.core.outbox import mail_queue, mail_render
from teenindus.org.models import Unit

SEND = "analysis.send_contact_analysis"
PURPOSE_SEND = gettext_noop("Contact analysis sent to the head of a unit")
MAX_DAYS = selectors.MAX_DAYS
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _send_later(send_id: int) -> None:
    from teenindus.analysis.tasks import analysis_send_task

    transaction.on_commit(lambda: analysis_send_task.enqueue(send_id))


def _period_check(start: date, end: date) -> None:
    if end <= start:
        raise ValidationFailed(_("The end of the period must be after its start."), field="end")
    if (end - start).days > MAX_DAYS:
        raise ValidationFailed(_("A period is at most a year."), field="end")
    if not selectors.period_comparable(start, end):
        raise ValidationFailed(
            _("Choose a period of 1 to %(n)s days, the start before the end.") % {"n": MAX_DAYS},
            field="start",
        )
    if start > timezone.localdate():
        raise ValidationFailed(_("The period has not begun yet."), field="start")


def _send_create(
    *, unit: Unit, start: date, end: date, kind: str, include_notes: bool, actor
) -> AnalysisSend:
    """The one row of this unit and period; ConflictError when it exists (sent before, or by a
    request at the same moment — the unique key decides)."""
    try:
        with transaction.atomic():
            send = AnalysisSend.objects.create(
                unit=unit,
                period_start=start,
                period_end=end,
                kind=kind,
                include_notes=include_notes,
                requested_by=actor,
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("The analysis of this unit for this period has already been sent."), field="unit"
        ) from exc
    _send_later(send.pk)
    return send


@transaction.atomic
def analysis_send_request(
    *, actor, unit_id: int, start: date, end: date, include_notes: bool = False
) -> AnalysisSend:
    """A lead sends a unit's head the analysis of [start, end) now (with the free-text notes only
    when ticked)."""
    if not actor.has_perm(SEND):
        raise PermissionDeniedError(_("You may not send the contact analysis."))
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFound(_("No such unit."), field="unit")
    _period_check(start, end)
    if not unit.owned_topics.exists():
        raise ValidationFailed(_("This unit owns no contact topics."), field="unit")
    if not selectors.unit_heads(unit_id=unit.pk):
        raise ValidationFailed(_("Nobody heads this unit, or the head has no e-mail address."), field="unit")
    send = _send_create(
        unit=unit,
        start=start,
        end=end,
        kind=AnalysisSend.Kind.ON_DEMAND,
        include_notes=include_notes,
        actor=actor,
    )
    change_record(
        actor=actor,
        instance=send,
        event="analysis_send",
        changes={"unit": unit.pk, "start": str(start), "end": str(end), "include_notes": include_notes},
    )
    return send


def analysis_monthly(*, today: date | None = None) -> int:
    """The worker's monthly run: last month's analysis for every unit that owns topics, without the
    free-text notes. Safe to run any number of times: each unit and month is sent once."""
    period = selectors.month_before(today or timezone.localdate())
    created = 0
    for unit in selectors.units_owning_topics():
        if not selectors.unit_heads(unit_id=unit.pk):
            continue
        try:
            with transaction.atomic():
                _send_create(
                    unit=unit,
                    start=period.start,
                    end=period.end,
                    kind=AnalysisSend.Kind.MONTHLY,
                    include_notes=False,
                    actor=None,
                )
            created += 1
        except ConflictError:
            continue
    return created


def analysis_send_deliver(*, send_id: int) -> str:
    """Build the report and queue one mail per head of the unit, with the PDF and the XLSX;
    "sent", or "done" when it was mailed before or another worker has it."""
    with transaction.atomic():
        send = (
            AnalysisSend.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("unit", "requested_by")
            .filter(pk=send_id, mailed_at__isnull=True)
            .first()
        )
        if send is None:
            return "done"
        ctx = None
        if send.include_notes:
            with translation.override(settings.LANGUAGE_CODE):
                purpose = translation.gettext(PURPOSE_SEND)
            ctx = AccessContext(
                actor=send.requested_by, view="analysis:send", purpose=purpose, channel=AccessLog.Channel.UI
            )
        heads = selectors.unit_heads(unit_id=send.unit_id)
        with translation.override(settings.LANGUAGE_CODE):
            report = selectors.analysis_report(
                ctx=ctx,
                start=send.period_start,
                end=send.period_end,
                unit_id=send.unit_id,
                include_notes=send.include_notes,
            )
            name = f"poordumiste-analyys-{send.period_start:%Y-%m-%d}-{send.unit_id}"
            attachments = [
                (f"{name}.pdf", outputs.report_pdf(report), PDF),
                (f"{name}.xlsx", outputs.report_xlsx(report), XLSX),
            ]
        for head in heads:
            subject, body = mail_render(
                "analysis/mail/report",
                {
                    "unit": send.unit,
                    "period": outputs.period_label(report.period),
                    "name": head["name"],
                    "total": report.total,
                    "growth": report.growth,
                },
                settings.LANGUAGE_CODE,
            )
            mail_queue(
                key=f"analysis:{send.unit_id}:{send.period_start}:{send.period_end}:{head['email'].lower()}",
                to=head["email"],
                subject=subject,
                body=body,
                language=settings.LANGUAGE_CODE,
                attachments=attachments,
            )
        send.mailed_at = timezone.now()
        send.recipients = len(heads)
        send.save(update_fields=["mailed_at", "recipients", "updated_at"])
    return "sent"
