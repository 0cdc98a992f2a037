"""Customer pages. Thin: check input, call a service or an audited selector, render."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from teenindus.audit import http
from teenindus.audit.http import access_context
from teenindus.audit.labels import access_rows
from teenindus.audit.models import AccessLog
from teenindus.audit.selectors import access_log_for_customer
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.core.exports import table_response
from teenindus.customers import forms, selectors, services

VIEW = "customers.view_customer"
ADD = "customers.add_customer"
CHANGE = "customers.change_customer"
PURPOSE_REPRESENTATIVE = gettext_noop("Adding a representative")


def _get(request, customer_id: int, *, implied_purpose: str, action: str = "view", channel=None):
    try:
        ctx = access_context(request, implied_purpose=implied_purpose, channel=channel)
        return selectors.customer_get(ctx=ctx, customer_id=customer_id, action=action)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@permission_required(VIEW, raise_exception=True)
def customer_search(request):
    form = forms.SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        ctx = access_context(request, implied_purpose=http.PURPOSE_SEARCH)
        results = selectors.customer_search(ctx=ctx, query=form.cleaned_data["q"])
    template = "customers/search.html#results" if request.htmx else "customers/search.html"
    return render(
        request,
        template,
        {"form": form, "results": results, "purpose": (request.GET.get("purpose") or "").strip()},
    )


@permission_required(VIEW, raise_exception=True)
def customer_detail(request, customer_id: int):
    customer = _get(request, customer_id, implied_purpose=http.PURPOSE_CARD)
    return render(
        request,
        "customers/detail.html",
        {
            "customer": customer,
            "contact_form": forms.ContactPointForm(),
            "address_form": forms.AddressForm(),
            "representation_form": forms.RepresentationForm(),
            "can_change": request.user.has_perm(CHANGE),
            "can_see_log": request.user.has_perm("audit.view_accesslog"),
        },
    )


def _create(request, *, form_class, service, title: str):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ctx = access_context(request, implied_purpose=http.PURPOSE_REGISTRATION)
        try:
            with selectors.existence_logged(ctx=ctx, attempted=http.PURPOSE_REGISTRATION):
                customer = service(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            forms.form_add_error(form, exc)
        else:
            messages.success(request, _("Customer saved."))
            return redirect("customers:detail", customer_id=customer.pk)
    return render(request, "customers/form.html", {"form": form, "title": title})


@permission_required(ADD, raise_exception=True)
def person_create(request):
    return _create(
        request,
        form_class=forms.PersonCreateForm,
        service=services.person_create,
        title=_("New private person"),
    )


@permission_required(ADD, raise_exception=True)
def company_create(request):
    return _create(
        request, form_class=forms.CompanyCreateForm, service=services.company_create, title=_("New company")
    )


@permission_required(CHANGE, raise_exception=True)
def customer_edit(request, customer_id: int):
    customer = _get(request, customer_id, implied_purpose=http.PURPOSE_CHANGE, action="edit")
    form_class = forms.PersonEditForm if customer.is_person else forms.CompanyEditForm
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            ctx = access_context(request, implied_purpose=http.PURPOSE_CHANGE)
            try:
                with selectors.existence_logged(ctx=ctx, attempted=http.PURPOSE_CHANGE):
                    services.customer_update(
                        actor=request.user, customer_id=customer.pk, version=version, data=data
                    )
            except ApplicationError as exc:
                forms.form_add_error(form, exc)
            else:
                messages.success(request, _("Customer saved."))
                return redirect("customers:detail", customer_id=customer.pk)
    else:
        form = form_class(initial={name: getattr(customer, name) for name in form_class.base_fields})
    return render(
        request,
        "customers/form.html",
        {"form": form, "title": _("Change customer data"), "customer": customer},
    )


def _add_related(request, customer_id: int, *, form_class, call, attempted: str = http.PURPOSE_CHANGE):
    customer = _get(request, customer_id, implied_purpose=http.PURPOSE_CHANGE, action="edit")
    form = form_class(request.POST)
    if form.is_valid():
        ctx = access_context(request, implied_purpose=attempted)
        try:
            with selectors.existence_logged(ctx=ctx, attempted=attempted):
                call(customer, form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("customers:detail", customer_id=customer.pk)


@permission_required(CHANGE, raise_exception=True)
@require_POST
def contact_point_add(request, customer_id: int):
    return _add_related(
        request,
        customer_id,
        form_class=forms.ContactPointForm,
        call=lambda c, d: services.contact_point_add(actor=request.user, customer=c, **d),
    )


@permission_required(CHANGE, raise_exception=True)
@require_POST
def address_add(request, customer_id: int):
    return _add_related(
        request,
        customer_id,
        form_class=forms.AddressForm,
        call=lambda c, d: services.address_add(actor=request.user, customer=c, **d),
    )


@permission_required(CHANGE, raise_exception=True)
@require_POST
def representation_add(request, customer_id: int):
    return _add_related(
        request,
        customer_id,
        form_class=forms.RepresentationForm,
        call=lambda c, d: services.representation_add(actor=request.user, company=c, **d),
        attempted=PURPOSE_REPRESENTATIVE,
    )


EXPORT_COLUMNS = [
    ("at", _lazy("Time")),
    ("actor", _lazy("Viewed by")),
    ("view", _lazy("View")),
    ("action", _lazy("Action")),
    ("channel", _lazy("Channel")),
    ("purpose", _lazy("Purpose")),
]


@permission_required([VIEW, "audit.view_accesslog"], raise_exception=True)
def customer_access_log(request, customer_id: int):
    """Who looked at this person's data; ?format=csv or json downloads it. Reading it is logged too.
    Pages, actions and channels read as people name them, in the user's language."""
    export = request.GET.get("format")
    if export not in (None, "", "csv", "json"):
        return HttpResponse(_("Unknown format: use csv or json."), status=400, content_type="text/plain")
    customer = _get(
        request,
        customer_id,
        implied_purpose=http.PURPOSE_ACCESS_REPORT,
        action="access_log_export" if export else "access_log",
        channel=AccessLog.Channel.EXPORT if export else None,
    )
    rows = access_rows(access_log_for_customer(customer_id=customer.pk))
    if not export:
        return render(request, "customers/access_log.html", {"customer": customer, "rows": rows})
    records = [{**row, "at": timezone.localtime(row["at"]).isoformat()} for row in rows]
    filename = f"andmejalgija-{customer.pk}-{timezone.localdate():%Y%m%d}"
    if export == "csv":
        return table_response(rows=records, columns=EXPORT_COLUMNS, filename=filename, file_format="csv")
    body = {
        "customer": {"id": customer.pk, "name": customer.name, "code": customer.code},
        "accesses": records,
    }
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
