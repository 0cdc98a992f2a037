"""A paper as an A4 PDF (WeasyPrint): the agency's header, the registration number and date, the
title and text with the placeholders filled in, the signer. Labels and dates in the paper's
language (dates dd.mm.yyyy in every language)."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.template.loader import render_to_string

from teenindus.org.models import Agency
from teenindus.org.selectors import employments_current
from teenindus.papers import placeholders

DATE_FORMAT = "%d.%m.%Y"

# The paper's own words, in the paper's language (Russian has no gettext catalogue here).
LABELS = {
    "et": {
        "number": "Nr",
        "date": "Kuupäev",
        "to": "Adressaat",
        "regards": "Lugupidamisega",
        "code": "Registrikood",
    },
    "en": {
        "number": "No.",
        "date": "Date",
        "to": "To",
        "regards": "Yours sincerely",
        "code": "Registry code",
    },
    "ru": {
        "number": "№",
        "date": "Дата",
        "to": "Адресат",
        "regards": "С уважением",
        "code": "Регистрационный код",
    },
}


@dataclass(frozen=True)
class Signer:
    name: str
    position: str


@dataclass
class PaperContent:
    """Everything the PDF shows, with the placeholders filled in (plain text)."""

    language: str
    title: str
    paragraphs: list[str]
    number: str
    on: date
    signer: Signer
    recipient: list[str] = field(default_factory=list)


def signer_of(user) -> Signer:
    """The actor's name and current position (the first one if several)."""
    employment = (
        employments_current().filter(employee__user=user).select_related("employee", "position").first()
        if getattr(user, "pk", None)
        else None
    )
    if employment is not None:
        employee = employment.employee
        return Signer(f"{employee.first_name} {employee.last_name}".strip(), employment.position.title)
    return Signer(user.get_full_name() or user.get_username(), "")


def customer_values(customer) -> dict[str, str]:
    """The customer's data the placeholders name ("" where the customer has none)."""
    addresses = sorted(
        customer.addresses.all(), key=lambda a: ({"postal": 0, "residence": 1}.get(a.kind, 2), a.pk)
    )
    address = str(addresses[0]) if addresses else ""
    return {
        "nimi": customer.name,
        "eesnimi": customer.first_name,
        "perenimi": customer.last_name,
        "isikukood": customer.isikukood or "",
        "registrikood": customer.registrikood or "",
        "aadress": address,
    }


def values_for(
    *, customer: dict[str, str], number: str, on: date, signer: Signer, extra: dict[str, str]
) -> dict:
    return {
        **customer,
        "kuupaev": on.strftime(DATE_FORMAT),
        "number": number,
        "koostaja": signer.name,
        "ametikoht": signer.position,
        **extra,
    }


def content_build(*, template, values: dict[str, str], number: str, on: date, signer: Signer) -> PaperContent:
    title = placeholders.substitute(template.title, values, field="title")
    body = placeholders.substitute(template.body, values, field="body")
    paragraphs = [p.strip("\n") for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    recipient = [line for line in (values.get("nimi", ""), values.get("aadress", "")) if line]
    return PaperContent(
        language=template.language,
        title=title,
        paragraphs=paragraphs,
        number=number,
        on=on,
        signer=signer,
        recipient=recipient,
    )


STYLESHEET = Path(__file__).with_name("pdf.css")


def pdf_render(content: PaperContent, *, agency: Agency | None = None) -> bytes:
    from weasyprint import CSS, HTML

    agency = agency or Agency.objects.order_by("pk").first()
    html = render_to_string(
        "papers/pdf.html",
        {
            "c": content,
            "agency": agency,
            "labels": LABELS.get(content.language, LABELS["et"]),
            "date": content.on.strftime(DATE_FORMAT),
        },
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
