"""Papers for the URL walk: the templates and a certificate about a customer, made the way the
service makes one but without its access-log row (setting up the walk is not looking; the walk's
outsider test counts every row)."""

from django.utils import timezone

from teenindus.papers import rendering
from teenindus.papers.defaults import paper_templates_ensure
from teenindus.papers.models import IssuedPaper
from teenindus.papers.tests.conftest import PENSION
from teenindus.registry.services.files import document_file_add
from teenindus.registry.services.register import register_document


def papers_world(*, actor, customer) -> dict:
    templates = paper_templates_ensure()
    template = templates[("toend-pension", "et")]
    doc = register_document(
        actor=actor,
        series=template.series,
        doc_type=template.doc_type,
        direction="out",
        title=template.title,
        received_on=timezone.localdate(),
        channel="desk",
        party_customer=customer,
    )
    signer = rendering.signer_of(actor)
    on = timezone.localdate()
    values = rendering.values_for(
        customer=rendering.customer_values(customer), number=doc.number, on=on, signer=signer, extra=PENSION
    )
    content = rendering.content_build(
        template=template, values=values, number=doc.number, on=on, signer=signer
    )
    stored = document_file_add(
        actor=actor, document_id=doc.pk, name="toend.pdf", data=rendering.pdf_render(content)
    )
    paper = IssuedPaper.objects.create(
        template=template,
        customer=customer,
        document=doc,
        file=stored,
        fields=PENSION,
        delivery="print",
        issued_by=actor,
    )
    return {"paper_id": paper.pk, "template_id": template.pk}
