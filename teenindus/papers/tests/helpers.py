import io

import pdfplumber

from teenindus.papers.services.issue import paper_issue
from teenindus.papers.tests.conftest import PENSION


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def issue(pw, users, *, actor="info", customer="person", code="toend-pension", fields=None, **extra):
    return paper_issue(
        actor=users[actor] if isinstance(actor, str) else actor,
        template_code=code,
        customer_id=pw[customer].pk if isinstance(customer, str) else customer,
        fields=PENSION if fields is None else fields,
        delivery=extra.pop("delivery", "print"),
        **extra,
    )
