"""Reads of papers and templates. An issued paper shows a customer's data: every read that returns
one writes the access log. Who may read is decided here from the user alone."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.core.exceptions import NotFound, PermissionDeniedError
from teenindus.papers.models import IssuedPaper, PaperTemplate
from teenindus.papers.rules import may_issue
from teenindus.registry.models import DocumentFile

LIST_LIMIT = 20


def _papers(user) -> QuerySet[IssuedPaper]:
    if not may_issue(user):
        raise PermissionDeniedError(_("You may not issue papers."))
    return IssuedPaper.objects.select_related("template", "customer", "document", "issued_by")


def paper_get(*, ctx: AccessContext, paper_id: int) -> IssuedPaper:
    """One issued paper with its customer (logged)."""
    paper = _papers(ctx.actor).filter(pk=paper_id).first()
    if paper is None:
        raise NotFound(_("No such paper."), field="paper")
    access_log_record(ctx=ctx, customer_ids=[paper.customer_id], action="paper")
    return paper


def paper_pdf(*, ctx: AccessContext, paper_id: int) -> DocumentFile:
    """The registered PDF of a paper (the customer logged): what was printed or sent."""
    paper = paper_get(ctx=ctx, paper_id=paper_id)
    return DocumentFile.objects.get(pk=paper.file_id)


def papers_of_customer(*, ctx: AccessContext, customer_id: int, limit: int = LIST_LIMIT) -> list[IssuedPaper]:
    """The papers last issued to a customer (the caller shows the customer and logged the look)."""
    return list(_papers(ctx.actor).filter(customer_id=customer_id).defer("fields")[:limit])


def templates_issuable(*, language: str = "et") -> list[PaperTemplate]:
    """One template per code that is in use: in `language` where there is one, else in Estonian."""
    chosen: dict[str, PaperTemplate] = {}
    for template in PaperTemplate.objects.filter(is_active=True, language__in={language, "et"}).order_by(
        "kind", "name"
    ):
        if template.code not in chosen or template.language == language:
            chosen[template.code] = template
    return sorted(chosen.values(), key=lambda t: (t.kind, t.name))


def templates_all() -> QuerySet[PaperTemplate]:
    return PaperTemplate.objects.select_related("doc_type", "series").order_by("kind", "code", "language")


def template_get(*, template_id: int) -> PaperTemplate:
    template = templates_all().filter(pk=template_id).first()
    if template is None:
        raise NotFound(_("No such template."), field="template")
    return template
