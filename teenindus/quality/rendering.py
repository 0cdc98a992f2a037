"""The feedback talk's page as an A4 PDF (WeasyPrint, as papers and people render theirs)."""

from django.template.loader import render_to_string


def feedback_pdf(data) -> bytes:
    from weasyprint import HTML

    html = render_to_string("quality/feedback_pdf.html", {"f": data, "survey": data.survey})
    return HTML(string=html).write_pdf()
