"""The visitor's paper ticket: a small PDF (WeasyPrint) with the number, service, office and time."""

from django.template.loader import render_to_string
from django.utils import timezone

# A receipt printer's slip (80 mm wide); given to WeasyPrint apart, the template has no inline style.
TICKET_CSS = """
@page { size: 80mm 90mm; margin: 6mm; }
body { font-family: sans-serif; text-align: center; }
.number { font-size: 40pt; font-weight: bold; margin: 4mm 0; }
.small { font-size: 9pt; }
"""


def ticket_pdf(visit) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "frontdesk/ticket_pdf.html",
        {"visit": visit, "checked_in": timezone.localtime(visit.checked_in_at).strftime("%d.%m.%Y %H:%M")},
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=TICKET_CSS)])
