"""Customer surveys: sending an invitation (e-mail, SMS, a link read out), answering it once, and
the SMS delivery the worker runs."""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import change_record
from teenindus.contacts.models import Contact
from teenindus.core.exceptions import ConflictError, NotFound, ValidationFailed
from teenindus.core.outbox import mail_queue, mail_render
from teenindus.customers.models import ContactPoint
from teenindus.customers.selectors import customer_get
from teenindus.people.selectors import user_ids_below
from teenindus.surveys import sms
from teenindus.surveys.models import SurveyInvitation, SurveyLanguage, SurveySms
from teenindus.surveys.texts import texts

TOKEN_BYTES = 12  # 16 characters: short enough to read out, 96 random bits
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{8,100}$")
SMS_MAX_ATTEMPTS = 5
SMS_RETRY_AFTER = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
SMS_REQUEUE_AFTER = timedelta(minutes=30)

# What survey_answer found.
ANSWERED, USED, EXPIRED, UNKNOWN = "answered", "used", "expired", "unknown"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("surveys:answer", args=[token])


def valid_days() -> int:
    return int(getattr(settings, "SURVEY_VALID_DAYS", 14))


def may_send_survey(*, user, contact: Contact) -> bool:
    """The one who handled the contact, or their lead (anyone above them in the line)."""
    if not user.has_perm("surveys.send_survey"):
        return False
    return contact.handled_by_id == user.pk or contact.handled_by_id in user_ids_below(user=user)


def _contact_point(ctx: AccessContext, contact: Contact, kind: str) -> str:
    """The customer's primary e-mail or phone (a look at the customer: logged by customer_get)."""
    if not contact.customer_id:
        raise ValidationFailed(_("This contact has no customer to send the survey to."), field="via")
    customer = customer_get(ctx=ctx, customer_id=contact.customer_id, action="survey")
    points = sorted(
        (p for p in customer.contact_points.all() if p.kind == kind), key=lambda p: (not p.is_primary, p.pk)
    )
    if not points:
        if kind == ContactPoint.Kind.EMAIL:
            raise ValidationFailed(_("The customer has no e-mail address."), field="via")
        raise ValidationFailed(_("The customer has no phone number."), field="via")
    return points[0].normalized if kind == ContactPoint.Kind.PHONE else points[0].value


def survey_invite(
    *, actor, ctx: AccessContext, contact_id: int, via: str, language: str = ""
) -> tuple[SurveyInvitation, str]:
    """Invite the customer of a contact to the survey. Returns the invitation and its link (shown
    once, to be read out, for `via=link`; in the mail or SMS otherwise — never stored here).
    Out of the actor's scope = NotFound."""
    contact = Contact.objects.select_related("customer").filter(pk=contact_id).first()
    if contact is None or not may_send_survey(user=actor, contact=contact):
        raise NotFound(_("No such contact."), field="contact")
    if via not in SurveyInvitation.Via.values:
        raise ValidationFailed(_("Choose how to send the survey."), field="via")
    if language and language not in SurveyLanguage.values:
        raise ValidationFailed(_("Choose the language."), field="language")
    if not language:
        customer_language = contact.customer.language if contact.customer_id else ""
        language = customer_language if customer_language in SurveyLanguage.values else "et"
    if SurveyInvitation.objects.filter(contact=contact, answered_at__isnull=False).exists():
        raise ConflictError(
            _("The customer has already answered the survey about this contact."), field="via"
        )
    if via == SurveyInvitation.Via.SMS and sms.sms_config() is None:
        raise ValidationFailed(_("Sending SMS is not set up."), field="via")
    address = ""
    if via == SurveyInvitation.Via.EMAIL:
        address = _contact_point(ctx, contact, ContactPoint.Kind.EMAIL)
    elif via == SurveyInvitation.Via.SMS:
        address = _contact_point(ctx, contact, ContactPoint.Kind.PHONE)
    # The address was read (and the look logged) outside the transaction: a refusal below keeps the log.
    return _invitation_create(actor=actor, contact=contact, via=via, language=language, address=address)


@transaction.atomic
def _invitation_create(
    *, actor, contact: Contact, via: str, language: str, address: str
) -> tuple[SurveyInvitation, str]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    invitation = SurveyInvitation.objects.create(
        contact=contact,
        token_hash=token_hash(token),
        language=language,
        via=via,
        sent_by=actor,
        expires_at=now + timedelta(days=valid_days()),
    )
    url = survey_url(token)
    if via == SurveyInvitation.Via.EMAIL:
        subject, body = mail_render(
            "surveys/mail/invitation",
            {"url": url, "days": valid_days(), "texts": texts(language)},
            language,
        )
        mail_queue(key=f"survey:{invitation.pk}", to=address, subject=subject, body=body, language=language)
    elif via == SurveyInvitation.Via.SMS:
        message = SurveySms.objects.create(
            invitation=invitation,
            to=address,
            text=texts(language)["sms"].format(url=url),
            next_attempt_at=now,
        )
        _sms_later(message.pk)
    change_record(
        actor=actor,
        instance=invitation,
        event="survey_invite",
        changes={"contact": contact.pk, "via": via, "language": language},
    )
    return invitation, url


def survey_answer(*, token: str, satisfaction: int, solved: bool, comment: str = "") -> str:
    """Answer the survey a token opens, once. Returns ANSWERED, or USED / EXPIRED / UNKNOWN when
    nothing was changed. One conditional UPDATE: of two submissions at once, one matches."""
    if not TOKEN_RE.match(token or ""):
        return UNKNOWN
    if satisfaction not in range(1, 6) or not isinstance(solved, bool):
        raise ValidationFailed("satisfaction 1..5 and solved yes/no", field="satisfaction")
    invitation = SurveyInvitation.objects.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        return UNKNOWN
    now = timezone.now()
    try:
        with transaction.atomic():
            updated = SurveyInvitation.objects.filter(
                pk=invitation.pk, answered_at__isnull=True, expires_at__gt=now
            ).update(
                answered_at=now,
                satisfaction=satisfaction,
                solved=solved,
                comment=comment.strip()[:2000],
                updated_at=now,
            )
    except IntegrityError:
        return USED  # another invitation about the same contact was answered first
    if updated:
        return ANSWERED
    invitation.refresh_from_db(fields=["answered_at"])
    return USED if invitation.answered_at else EXPIRED


# --- the SMS the worker sends --------------------------------------------------------------------


def _sms_later(sms_id: int, *, at=None) -> None:
    from teenindus.surveys.tasks import survey_sms_send

    task = survey_sms_send if at is None else survey_sms_send.using(run_after=at)
    transaction.on_commit(lambda: task.enqueue(sms_id))


def survey_sms_deliver(*, sms_id: int, client: sms.SmsClient | None = None) -> str:
    """Send one survey SMS with its row locked; "sent", "done" (sent or failed before, or another
    worker has it), "retry" (the gateway is away: tried again later) or "failed"."""
    with transaction.atomic():
        message = (
            SurveySms.objects.select_for_update(skip_locked=True)
            .filter(pk=sms_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if message is None:
            return "done"
        config = sms.sms_config()
        if client is None and config is None:
            message.last_error = "SMS_GATEWAY_URL is not set"
            message.failed_at = timezone.now()
            message.save(update_fields=["last_error", "failed_at", "updated_at"])
            return "failed"
        client = client or sms.SmsClient(config)
        message.attempts += 1
        try:
            message.gateway_id = client.send(to=message.to, text=message.text, reference=message.reference)
        except sms.SmsRejected as exc:
            message.last_error = str(exc)[:500]
            message.failed_at = timezone.now()
            message.save(update_fields=["attempts", "last_error", "failed_at", "updated_at"])
            return "failed"
        except sms.SmsUnavailable as exc:
            message.last_error = str(exc)[:500]
            if message.attempts >= SMS_MAX_ATTEMPTS:
                message.failed_at = timezone.now()
                outcome = "failed"
            else:
                delay = SMS_RETRY_AFTER[min(message.attempts, len(SMS_RETRY_AFTER)) - 1]
                message.next_attempt_at = timezone.now() + delay
                _sms_later(message.pk, at=message.next_attempt_at)
                outcome = "retry"
            message.save(
                update_fields=["attempts", "last_error", "failed_at", "next_attempt_at", "updated_at"]
            )
            return outcome
        message.sent_at = timezone.now()
        message.text = ""  # the link goes no further than the gateway
        message.save(update_fields=["attempts", "gateway_id", "sent_at", "text", "updated_at"])
        return "sent"


def survey_sms_requeue(*, older_than: timedelta = SMS_REQUEUE_AFTER) -> int:
    """Enqueue again the SMS whose attempt is long past due (a task lost with a crashed process)."""
    now = timezone.now()
    with transaction.atomic():
        stale = list(
            SurveySms.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lt=now - older_than)
            .values_list("pk", flat=True)[:500]
        )
        SurveySms.objects.filter(pk__in=stale).update(next_attempt_at=now, updated_at=now)
        for pk in stale:
            _sms_later(pk)
    return len(stale)
