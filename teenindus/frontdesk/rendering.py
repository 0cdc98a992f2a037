"""The visitor's paper ticket: a small PDF (WeasyPrint) with the number, service, office and time."""

from django.template.loader import render_to_string
from django.utils import timezone


def ticket_pdf(visit) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "frontdesk/ticket_pdf.html",
        {"visit": visit, "checked_in": timezone.localtime(visit.checked_in_at).strftime("%d.%m.%Y %H:%M")},
    )
    return HTML(string=html).write_pdf()
