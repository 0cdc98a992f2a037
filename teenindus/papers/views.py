"""Issued papers' pages: issuing a paper to a customer (from the customer's page), the issued paper
(open or print its registered PDF), and the templates' editing with a preview PDF. Thin: check the
input, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError, NotFound, ValidationFailed
from teenindus.customers.selectors import customer_get
from teenindus.papers import placeholders, rendering, rules, selectors
from teenindus.papers.forms import IssueForm, TemplateForm
from teenindus.papers.models import PaperTemplate
from teenindus.papers.services import issue as issue_services
from teenindus.papers.services import templates as template_services
from teenindus.papers.services.templates import template_clean

ID_MAX = 2**63 - 1


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= ID_MAX else None


def _issuer(request) -> None:
    if not rules.may_issue(request.user):
        raise PermissionDenied


def _editor(request) -> None:
    if not rules.may_edit_templates(request.user):
        raise PermissionDenied


def _ctx(request):
    return access_context(request, implied_purpose=issue_services.PURPOSE_ISSUE)


def _pdf_response(data: bytes, name: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def paper_issue(request):
    """Väljasta dokument: choose the paper, fill in its fields, print it or send it by e-mail."""
    _issuer(request)
    customer_id = _int(request.GET.get("customer"))
    if customer_id is None:
        raise Http404(_("No such customer."))
    try:
        customer = customer_get(ctx=_ctx(request), customer_id=customer_id, action="paper")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    templates = selectors.templates_issuable(language=customer.language)
    code = (request.GET.get("template") or "").strip()
    template = None
    if code:
        try:
            template = issue_services.template_for(code=code, language=customer.language)
        except ValidationFailed as exc:
            raise Http404(exc.message) from exc
    form = IssueForm(request.POST or None, template=template) if template else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404(_("No such paper template."))
        if form.is_valid():
            try:
                paper = issue_services.paper_issue(
                    actor=request.user,
                    template_code=template.code,
                    customer_id=customer.pk,
                    fields=form.extra_values(),
                    delivery=form.cleaned_data["delivery"],
                    email=form.cleaned_data["email"],
                    ctx=_ctx(request),
                    request_key=form.cleaned_data["key"],
                )
            except ApplicationError as exc:
                names = dict((declared, name) for name, declared in form.extra_names)
                field = names.get(exc.field, exc.field)
                form.add_error(field if field in form.fields else None, exc.message)
                status = exc.status_code
            else:
                if paper.delivery == paper.Delivery.EMAIL:
                    messages.success(
                        request,
                        _("Paper %(number)s registered; it is sent to %(email)s.")
                        % {"number": paper.document.number, "email": paper.email},
                    )
                else:
                    messages.success(
                        request, _("Paper %(number)s registered.") % {"number": paper.document.number}
                    )
                return redirect("papers:detail", paper_id=paper.pk)
        else:
            status = 400
    earlier = selectors.papers_of_customer(ctx=_ctx(request), customer_id=customer.pk)
    return render(
        request,
        "papers/issue.html",
        {
            "customer": customer,
            "templates": templates,
            "template": template,
            "form": form,
            "earlier": earlier,
        },
        status=status,
    )


def paper_detail(request, paper_id: int):
    _issuer(request)
    try:
        paper = selectors.paper_get(ctx=_ctx(request), paper_id=paper_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "papers/detail.html", {"paper": paper})


def paper_pdf(request, paper_id: int):
    """The registered PDF, to open and print (the same bytes as the register's file)."""
    _issuer(request)
    try:
        stored = selectors.paper_pdf(ctx=_ctx(request), paper_id=paper_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _pdf_response(bytes(stored.content), stored.name, inline=request.GET.get("download") != "1")


def template_index(request):
    _editor(request)
    return render(request, "papers/templates.html", {"templates": selectors.templates_all()})


def _template_initial(template: PaperTemplate) -> dict:
    return {
        "version": template.version,
        "kind": template.kind,
        "name": template.name,
        "code": template.code,
        "language": template.language,
        "title": template.title,
        "body": template.body,
        "extra_fields": placeholders.extra_fields_text(template.extra_fields),
        "doc_type": template.doc_type_id,
        "series": template.series_id,
        "is_active": template.is_active,
    }


def _form_page(request, context: dict, status: int):
    standard = [(name, str(label)) for name, label in placeholders.STANDARD.items()]
    return render(request, "papers/template_form.html", {**context, "standard": standard}, status=status)


def _form_error(form, exc: ApplicationError) -> int:
    shown = exc.field in form.fields and not form.fields[exc.field].widget.is_hidden
    form.add_error(exc.field if shown else None, exc.message)
    return exc.status_code


@require_http_methods(["GET", "POST"])
def template_create(request):
    _editor(request)
    if not request.user.has_perm(template_services.ADD):
        raise PermissionDenied
    form = TemplateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                template = template_services.paper_template_create(actor=request.user, **form.values())
            except ApplicationError as exc:
                status = _form_error(form, exc)
            else:
                messages.success(request, _("Template saved."))
                return redirect("papers:template_edit", template_id=template.pk)
        else:
            status = 400
    return _form_page(request, {"form": form, "template": None}, status)


@require_http_methods(["GET", "POST"])
def template_edit(request, template_id: int):
    _editor(request)
    try:
        template = selectors.template_get(template_id=template_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    form = TemplateForm(request.POST or None, initial=_template_initial(template))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                template = template_services.paper_template_update(
                    actor=request.user,
                    template_id=template.pk,
                    version=form.cleaned_data.get("version"),
                    **form.values(),
                )
            except ApplicationError as exc:
                status = _form_error(form, exc)
            else:
                messages.success(request, _("Template saved."))
                return redirect("papers:template_edit", template_id=template.pk)
        else:
            status = 400
    return _form_page(request, {"form": form, "template": template}, status)


def _sample_pdf(template, user) -> bytes:
    """The template as a PDF with sample data (no customer's data, nothing registered)."""
    signer = rendering.signer_of(user)
    on = timezone.localdate()
    extra = {f["name"]: f"[{f['label']}]" for f in template.extra_fields}
    sample = {
        "nimi": "Mari Maasikas",
        "eesnimi": "Mari",
        "perenimi": "Maasikas",
        "isikukood": "37605030299",
        "registrikood": "10000000",
        "aadress": "Näidise 1, Tallinn, 10111",
    }
    number = f"[{_('number')}]"
    values = rendering.values_for(customer=sample, number=number, on=on, signer=signer, extra=extra)
    content = rendering.content_build(template=template, values=values, number=number, on=on, signer=signer)
    return rendering.pdf_render(content)


@require_http_methods(["GET", "POST"])
def template_preview(request, template_id: int | None = None):
    """GET: the saved template's preview; POST: the form's (unsaved) text previewed, or its error."""
    _editor(request)
    if request.method == "GET":
        if template_id is None:
            raise Http404
        try:
            template = selectors.template_get(template_id=template_id)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        return _pdf_response(_sample_pdf(template, request.user), f"{template.code}-{template.language}.pdf")
    form = TemplateForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            template = PaperTemplate(**template_clean(**form.values()))
        except ApplicationError as exc:
            status = _form_error(form, exc)
        else:
            return _pdf_response(
                _sample_pdf(template, request.user), f"{template.code}-{template.language}.pdf"
            )
    return _form_page(request, {"form": form, "template": None, "preview_failed": True}, status)
