"""Information materials' pages: the materials with their editions, a material (publish an edition,
assign it to offices), an office's holdings (what is outdated, the last check) and its records."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError, NotFound, PermissionDeniedError
from teenindus.frontdesk.selectors import office_of_user
from teenindus.materials import selectors, services
from teenindus.materials.forms import AssignForm, CheckForm, EditionForm, EditionHeldForm, MaterialForm

PURPOSE_MATERIALS = gettext_noop("Information materials of the offices")
VIEW = "materials.view_material"
MANAGE = selectors.MANAGE


def _form_errors(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors)


def _get(call, **kwargs):
    try:
        return call(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@permission_required(VIEW, raise_exception=True)
def material_index(request):
    counts = selectors.outdated_count_by_office()
    offices = [(office, counts.get(office.pk, 0)) for office in selectors.offices_all()]
    return render(
        request,
        "materials/index.html",
        {
            "materials": selectors.materials_list(),
            "offices": offices,
            "own_office": office_of_user(request.user),
            "may_manage": selectors.may_manage(request.user),
        },
    )


@permission_required(MANAGE, raise_exception=True)
def material_create(request):
    form = MaterialForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                material = services.material_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, _("Material saved."))
                return redirect("materials:detail", material.pk)
        else:
            status = 400
    return render(request, "materials/create.html", {"form": form}, status=status)


def _detail(request, material, *, edition_form=None, assign_form=None, status=200):
    return render(
        request,
        "materials/detail.html",
        {
            "material": material,
            "editions": list(material.editions.order_by("-number")),
            "holdings": selectors.material_holdings(material=material),
            "edition_form": edition_form or EditionForm(),
            "assign_form": assign_form or AssignForm(),
            "may_manage": selectors.may_manage(request.user),
        },
        status=status,
    )


@permission_required(VIEW, raise_exception=True)
def material_detail(request, material_id: int):
    return _detail(request, _get(selectors.material_get, material_id=material_id))


@require_POST
@permission_required(MANAGE, raise_exception=True)
def edition_publish(request, material_id: int):
    material = _get(selectors.material_get, material_id=material_id)
    form = EditionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, material, edition_form=form, status=400)
    upload = form.cleaned_data.get("file")
    try:
        edition = services.edition_publish(
            actor=request.user,
            material_id=material.pk,
            label=form.cleaned_data["label"],
            note=form.cleaned_data["note"],
            file_name=upload.name if upload else "",
            file_data=upload.read() if upload else b"",
        )
    except ApplicationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _detail(request, material, edition_form=form, status=exc.status_code)
    messages.success(
        request,
        _("Edition %(label)s is now current; offices holding an older one are flagged.")
        % {"label": edition.label},
    )
    return redirect("materials:detail", material.pk)


@permission_required(VIEW, raise_exception=True)
def edition_file(request, material_id: int, edition_id: int):
    edition = _get(selectors.edition_file, material_id=material_id, edition_id=edition_id)
    response = HttpResponse(bytes(edition.file_data), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, edition.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@permission_required(MANAGE, raise_exception=True)
def material_assign(request, material_id: int):
    material = _get(selectors.material_get, material_id=material_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _detail(request, material, assign_form=form, status=400)
    services.holding_assign(
        actor=request.user, office_id=form.cleaned_data["office"].pk, material_id=material.pk
    )
    messages.success(request, _("The office now holds this material."))
    return redirect("materials:detail", material.pk)


def _office_page(request, office, *, status: int = 200):
    ctx = access_context(request, implied_purpose=PURPOSE_MATERIALS)
    return render(
        request,
        "materials/office.html",
        {
            "office": office,
            "rows": selectors.office_holdings(ctx=ctx, office=office),
            "may_check": selectors.may_check(request.user, office),
            "check_form": CheckForm(),
        },
        status=status,
    )


@permission_required(VIEW, raise_exception=True)
def office_holdings(request, office_id: int):
    return _office_page(request, _get(selectors.office_get, office_id=office_id))


def _holding_post(request, holding_id: int, form, call, success: str):
    """Bad input or a refused record: the office's page again with the message (4xx), nothing saved."""
    holding = _get(selectors.holding_get, holding_id=holding_id)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _office_page(request, holding.office, status=400)
    try:
        call(form.cleaned_data)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _office_page(request, holding.office, status=exc.status_code)
    messages.success(request, success)
    return redirect("materials:office", holding.office_id)


@require_POST
@permission_required(VIEW, raise_exception=True)
def holding_check(request, holding_id: int):
    return _holding_post(
        request,
        holding_id,
        CheckForm(request.POST),
        lambda d: services.stock_check(actor=request.user, holding_id=holding_id, **d),
        _("Stock checked today."),
    )


@require_POST
@permission_required(VIEW, raise_exception=True)
def holding_edition(request, holding_id: int):
    return _holding_post(
        request,
        holding_id,
        EditionHeldForm(request.POST),
        lambda d: services.holding_edition_record(
            actor=request.user, holding_id=holding_id, edition_id=d["edition"]
        ),
        _("Edition held recorded."),
    )
