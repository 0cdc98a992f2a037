"""Issuing a paper to a customer.

In one transaction: the outgoing document is registered (its number taken from the series), the PDF
is rendered with that number and date and attached to the document as its file, the paper is
recorded, the look at the customer's data logged, and — for e-mail — the letter with the PDF
decided in the outbox (a worker sends it after the commit, once). Anything wrong before the commit
leaves nothing: no number used, no document, no mail.

The series' counter row stays locked from the registration to the commit (that keeps the numbers
without gaps), so everything that can be done before it is done before it: the template, the
fields, the customer's data, the signer and the e-mail address are settled first, and only the
PDF's rendering (bench/papers.py measures it) runs under the lock."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record, change_record
from teenindus.core.exceptions import NotFound, PermissionDeniedError, ValidationFailed
from teenindus.core.outbox import mail_queue, mail_render
from teenindus.customers.models import Customer
from teenindus.customers.selectors import customer_email
from teenindus.papers import placeholders, rendering
from teenindus.papers.models import IssuedPaper, PaperTemplate
from teenindus.papers.rules import may_issue
from teenindus.registry.models import Channel, Direction
from teenindus.registry.services.files import document_file_add
from teenindus.registry.services.register import register_document

PURPOSE_ISSUE = gettext_noop("Issuing a paper")
VALUE_MAX = 1000
DELIVERIES = IssuedPaper.Delivery.values


def template_for(*, code: str, language: str) -> PaperTemplate:
    """The active template of `code` in `language`, else in Estonian."""
    found = {
        t.language: t
        for t in PaperTemplate.objects.select_related(
            "doc_type", "series", "doc_type__default_series"
        ).filter(code=code, is_active=True, language__in={language, "et"})
    }
    template = found.get(language) or found.get("et")
    if template is None:
        raise ValidationFailed(_("No such paper template."), field="template")
    return template


def fields_check(template: PaperTemplate, fields: dict) -> dict[str, str]:
    """The declared extra fields' values (trimmed); a required one missing is refused by name."""
    out = {}
    for declared in template.extra_fields:
        value = str((fields or {}).get(declared["name"], "") or "").strip()
        if len(value) > VALUE_MAX:
            raise ValidationFailed(
                _("%(label)s: at most %(count)s characters.")
                % {"label": declared["label"], "count": VALUE_MAX},
                field=declared["name"],
            )
        if not value and declared.get("required", True):
            raise ValidationFailed(
                _("Fill in “%(label)s”.") % {"label": declared["label"]}, field=declared["name"]
            )
        out[declared["name"]] = value
    return out


def _default_context(actor) -> AccessContext:
    with translation.override(settings.LANGUAGE_CODE):
        purpose = translation.gettext(PURPOSE_ISSUE)
    return AccessContext(actor=actor, view="papers:issue", purpose=purpose)


def paper_issue(
    *,
    actor,
    template_code: str,
    customer_id: int,
    fields: dict,
    delivery: str,
    email: str = "",
    ctx: AccessContext | None = None,
    request_key: str = "",
) -> IssuedPaper:
    """Issue the paper `template_code` to the customer: registered as an outgoing document with its
    PDF, printed at the desk or sent by e-mail (to `email`, else the customer's address).
    `request_key`: the issuing form's one-time key; the same key again (a form sent twice, even at
    the same moment) returns the paper issued with it and issues nothing more."""
    request_key = (request_key or "").strip()[:64]
    try:
        return _issue(
            actor=actor,
            template_code=template_code,
            customer_id=customer_id,
            fields=fields,
            delivery=delivery,
            email=email,
            ctx=ctx,
            request_key=request_key,
        )
    except IntegrityError:
        earlier = (
            IssuedPaper.objects.filter(request_key=request_key, issued_by=actor).first()
            if request_key
            else None
        )
        if earlier is None:
            raise
        return earlier


@transaction.atomic
def _issue(
    *,
    actor,
    template_code: str,
    customer_id: int,
    fields: dict,
    delivery: str,
    email: str = "",
    ctx: AccessContext | None = None,
    request_key: str = "",
) -> IssuedPaper:
    if not may_issue(actor):
        raise PermissionDeniedError(_("You may not issue papers."))
    if request_key:
        earlier = IssuedPaper.objects.filter(request_key=request_key, issued_by=actor).first()
        if earlier is not None:
            return earlier
    if delivery not in DELIVERIES:
        raise ValidationFailed(_("Choose whether the paper is printed or sent by e-mail."), field="delivery")
    customer = Customer.objects.prefetch_related("addresses").filter(pk=customer_id).first()
    if customer is None:
        raise NotFound(_("No such customer."), field="customer")
    template = template_for(code=template_code, language=customer.language)
    extra = fields_check(template, fields)
    email = (email or "").strip()
    if delivery == IssuedPaper.Delivery.EMAIL:
        email = email or customer_email(customer_id=customer.pk)
        if not email:
            raise ValidationFailed(
                _("The customer has no e-mail address: type one, or print the paper."), field="email"
            )
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationFailed(_("Enter a valid e-mail address."), field="email") from exc
    else:
        email = ""
    series = template.series or template.doc_type.default_series
    if series is None:
        raise ValidationFailed(_("The template has no series to register the paper in."), field="template")
    signer = rendering.signer_of(actor)
    customer_data = rendering.customer_values(customer)
    today = timezone.localdate()

    # Registered first: the number goes into the PDF.
    doc = register_document(
        actor=actor,
        series=series,
        doc_type=template.doc_type,
        direction=Direction.OUT,
        title=_title(template, customer_data, extra, signer, today),
        received_on=today,
        channel=Channel.EMAIL if delivery == IssuedPaper.Delivery.EMAIL else Channel.DESK,
        party_customer=customer,
        party_email=email,
    )
    on = timezone.localdate(doc.registered_at)
    values = rendering.values_for(
        customer=customer_data, number=doc.number, on=on, signer=signer, extra=extra
    )
    content = rendering.content_build(
        template=template, values=values, number=doc.number, on=on, signer=signer
    )
    pdf = rendering.pdf_render(content)
    file_name = f"{template.code}-{doc.number}.pdf".replace("/", "-")
    stored = document_file_add(actor=actor, document_id=doc.pk, name=file_name, data=pdf)
    paper = IssuedPaper.objects.create(
        template=template,
        customer=customer,
        document=doc,
        file=stored,
        fields=extra,
        delivery=delivery,
        email=email,
        issued_by=actor,
        issued_at=doc.registered_at,
        request_key=request_key or None,
    )
    access_log_record(ctx=ctx or _default_context(actor), customer_ids=[customer.pk], action="paper")
    change_record(
        actor=actor,
        instance=paper,
        event="paper.issued",
        changes={
            "template": [None, f"{template.code}/{template.language}"],
            "document": [None, doc.number],
            "delivery": [None, delivery],
            "sha256": [None, stored.sha256],
        },
    )
    if delivery == IssuedPaper.Delivery.EMAIL:
        subject, body = mail_render(
            "papers/mail/issued",
            {
                "title": content.title,
                "number": doc.number,
                "date": on.strftime(rendering.DATE_FORMAT),
                "agency": _agency_name(),
                "signer": signer,
            },
            template.language,
        )
        mail_queue(
            key=f"paper:{paper.pk}:email",
            to=email,
            subject=subject,
            body=body,
            language=template.language,
            attachments=[(file_name, pdf, "application/pdf")],
        )
    return paper


def _title(template, customer_data, extra, signer, today) -> str:
    """The register's title: the template's title filled in (the number is not known yet)."""
    values = rendering.values_for(customer=customer_data, number="", on=today, signer=signer, extra=extra)
    return placeholders.substitute(template.title, values, field="title")


def _agency_name() -> str:
    from teenindus.org.models import Agency

    agency = Agency.objects.order_by("pk").first()
    return agency.name if agency else ""
