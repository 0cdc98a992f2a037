"""The register's pages (signed in): the list with filters, a document's page with everything done
to it, the registration forms, the due lists ("Minu dokumendid" and the unit's), forwarding work."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.customers.selectors import customer_get, customer_search
from teenindus.registry import selectors
from teenindus.registry.forms import (
    CloseForwardingForm,
    EditForm,
    ExtendForm,
    FileForm,
    ForwardForm,
    MoveForm,
    RegisterForm,
    ReplyForm,
    RestrictForm,
    ToTicketForm,
)
from teenindus.registry.models import DeadlineKind, Direction, Document
from teenindus.registry.moves import MOVES, STATE_CHOICES
from teenindus.registry.scope import CHANGE
from teenindus.registry.selectors import DocumentFilter
from teenindus.registry.services import files as file_services
from teenindus.registry.services import forwarding as forwarding_services
from teenindus.registry.services import register as register_services
from teenindus.registry.services import to_ticket, work

PURPOSE_REGISTER = gettext_noop("Document register")
ADD = "registry.add_document"
ID_MAX = 2**63 - 1


def register_reader(view):
    """Those who see the register, or the documents forwarded to them (second level)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.may_read_register(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _ctx(request):
    return access_context(request, implied_purpose=PURPOSE_REGISTER)


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= ID_MAX else 0


def _refusal(form, exc: ApplicationError) -> int:
    field = exc.field.replace(".", "_") if exc.field else None  # "details.device" → details_device
    form.add_error(field if field in form.fields and field != "version" else None, exc.message)
    return exc.status_code


def _upload(form) -> list[tuple[str, bytes]]:
    upload = form.cleaned_data.get("file")
    return [(upload.name, upload.read())] if upload else []


@register_reader
def document_index(request):
    """The register: every document the user may see, filtered; the latest registered first."""
    get = request.GET
    filters = DocumentFilter(
        number=get.get("number", "")[:80],
        doc_type_id=_int(get.get("type")),
        series_id=_int(get.get("series")),
        party=get.get("party", "")[:120],
        state=get.get("state", "") if get.get("state", "") in dict(STATE_CHOICES) else "",
        unit_id=_int(get.get("unit")),
        user_id=_int(get.get("person")),
        direction=get.get("direction", "") if get.get("direction", "") in Direction.values else "",
        due=get.get("due", "") if get.get("due", "") in ("overdue", "soon") else "",
        registered_from=parse_date(get.get("from", "") or "") if _date_ok(get.get("from")) else None,
        registered_to=parse_date(get.get("to", "") or "") if _date_ok(get.get("to")) else None,
    )
    page = max(_int(get.get("page")) or 1, 1)
    limit = 100
    rows, total = selectors.documents_list(
        ctx=_ctx(request), filters=filters, limit=limit, offset=(page - 1) * limit
    )
    return render(
        request,
        "registry/index.html",
        {
            "documents": rows,
            "total": total,
            "filters": filters,
            "states": STATE_CHOICES,
            "directions": Direction.choices,
            "types": selectors.types_active(),
            "series": selectors.series_active(),
            "units": selectors.units_all(),
            "page": page,
            "has_next": page * limit < total,
            "query": _query_without_page(get),
        },
    )


def _date_ok(value) -> bool:
    try:
        return bool(value) and parse_date(value) is not None
    except ValueError:
        return False


def _query_without_page(get) -> str:
    params = get.copy()
    params.pop("page", None)
    return params.urlencode()


@register_reader
def documents_mine(request):
    """ "Minu dokumendid": the user's documents past or near their deadline and their open
    forwardings; a lead chooses one of their units to see the unit's."""
    ctx = _ctx(request)
    units = selectors.units_overseen(user=request.user)
    unit_id = _int(request.GET.get("unit"))
    unit = None
    if unit_id is not None:
        unit = next((u for u in units if u.pk == unit_id), None)
        try:
            lists = selectors.documents_due_unit(ctx=ctx, unit_id=unit_id)
        except NotFound as exc:
            raise Http404(exc.message) from exc
    else:
        lists = selectors.documents_due_mine(ctx=ctx)
    return render(
        request, "registry/mine.html", {"lists": lists, "units": units, "unit": unit, "unit_id": unit_id}
    )


def _register(request, direction: str):
    ctx = _ctx(request)
    customer = reply_to = None
    customer_id = _int(request.GET.get("customer") or request.POST.get("customer"))
    reply_id = _int(request.GET.get("reply_to") or request.POST.get("reply_to"))
    try:
        if customer_id is not None:
            customer = customer_get(ctx=ctx, customer_id=customer_id, action="document_party")
        if reply_id is not None:
            reply_to = selectors.document_get(ctx=ctx, document_id=reply_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    initial = {"customer": customer_id, "reply_to": reply_id}
    if reply_to is not None:
        initial.update(
            series=reply_to.series_id,
            title=_("Reply: %(title)s") % {"title": reply_to.title},
            party_name=reply_to.party_name,
            party_is_person=reply_to.party_is_person,
            party_email=reply_to.party_email,
            responsible_unit=reply_to.responsible_unit_id,
        )
        customer = customer or reply_to.party_customer
    form = RegisterForm(request.POST or None, request.FILES or None, direction=direction, initial=initial)
    status = 200
    if request.method == "POST":
        status, doc = _register_posted(request, ctx, form, direction, customer=customer, reply_to=reply_to)
        if doc is not None:
            return redirect("registry:detail", document_id=doc.pk)
    template = "registry/register.html"
    context = {"form": form, "direction": direction, "customer": customer, "reply_to": reply_to}
    return render(request, template, context, status=status)


def _register_posted(
    request, ctx, form, direction: str, *, customer, reply_to
) -> tuple[int, Document | None]:
    """Register what the form carries: (200, the document), or the status with the errors on the form."""
    if not form.is_valid():
        return 400, None
    customer = _party_by_code(ctx, form, customer)
    if customer is False:
        return 422, None
    data = form.cleaned_data
    try:
        doc = register_services.document_register(
            actor=request.user,
            series=data["series"],
            doc_type=data["doc_type"],
            direction=direction,
            title=data["title"],
            received_on=data["received_on"],
            channel=data["channel"],
            party_customer=customer,
            party_name=data["party_name"],
            party_is_person=data["party_is_person"],
            party_email=data["party_email"],
            sender_date=data["sender_date"],
            sender_reference=data["sender_reference"],
            responsible_unit=data["responsible_unit"],
            responsible_user=data["responsible_user"],
            access=data["access"],
            ak_basis=data["ak_basis"],
            ak_until=data["ak_until"],
            deadline=data["deadline"],
            reply_to=reply_to,
            files=_upload(form),
        )
    except ApplicationError as exc:
        return _refusal(form, exc), None
    messages.success(request, _("Registered as %(number)s.") % {"number": doc.number})
    if doc.registered_late:
        messages.warning(
            request,
            _(
                "Registered late: a document must be registered no later than the working day "
                "after it arrived or was sent."
            ),
        )
    return 200, doc


def _party_by_code(ctx, form, customer):
    """The customer named by the code typed in the form (the search is logged), the customer the
    page came with, or False (an error on the form) when the code names no customer."""
    code = (form.cleaned_data.get("party_code") or "").strip()
    if not code:
        return customer
    found = [
        c for c in customer_search(ctx=ctx, query=code, limit=2) if code in (c.isikukood, c.registrikood)
    ]
    if not found:
        form.add_error("party_code", _("No customer has this code."))
        return False
    return found[0]


@permission_required(ADD, raise_exception=True)
def register_incoming(request):
    return _register(request, Direction.IN)


@permission_required(ADD, raise_exception=True)
def register_outgoing(request):
    return _register(request, Direction.OUT)


def _document(request, document_id: int) -> Document:
    try:
        return selectors.document_get(ctx=_ctx(request), document_id=document_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@register_reader
def document_detail(request, document_id: int, *, forms: dict | None = None, status: int = 200):
    ctx = _ctx(request)
    doc = _document(request, document_id)
    user = request.user
    forms = forms or {}
    may_change = user.has_perm(CHANGE)
    may_extend = (
        may_change
        and doc.doc_type.extendable_to
        and doc.doc_type.deadline_kind == DeadlineKind.WORKING_DAYS
        and doc.direction == Direction.IN
        and doc.extended_at is None
        and doc.state == "open"
    )
    forwardings = selectors.document_forwardings(document=doc)
    context = {
        "doc": doc,
        "files": selectors.document_files(document=doc),
        "links": selectors.document_links(ctx=ctx, document=doc),
        "forwardings": forwardings,
        "workable": {
            f.pk for f in forwardings if forwarding_services.may_work_forwarding(user=user, forwarding=f)
        },
        "history": selectors.document_history(document=doc),
        "moves": [(name, MOVES[name]) for name in selectors.moves_allowed(user=user, document=doc)],
        "may_change": may_change,
        "may_extend": may_extend,
        "may_ticket": may_change and user.has_perm("tickets.add_ticket") and doc.ticket_id is None,
        "restrict_form": forms.get("restrict")
        or RestrictForm(
            initial={
                "version": doc.version,
                "access": doc.access,
                "ak_basis": doc.ak_basis,
                "ak_until": doc.ak_until,
            }
        ),
        "extend_form": forms.get("extend") or ExtendForm(initial={"version": doc.version}),
        "move_form": forms.get("move"),
        "file_form": forms.get("file") or FileForm(),
        "forward_form": forms.get("forward") or ForwardForm(initial={"due": doc.deadline}),
        "ticket_form": forms.get("ticket")
        or (ToTicketForm() if may_change and doc.ticket_id is None else None),
    }
    return render(request, "registry/detail.html", context, status=status)


def _post(request, document_id: int, *, key: str, form, call, success: str):
    """Run a POSTed form's service; back to the document, or its page with the error."""
    status = 400
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ApplicationError as exc:
            status = _refusal(form, exc)
            # The form may not be on the page returned (a document that has its ticket or its
            # extension shows neither form): the refusal is said at the top of the page too.
            messages.error(request, exc.message)
        else:
            messages.success(request, success)
            return redirect("registry:detail", document_id=document_id)
    return document_detail(request, document_id, forms={key: form}, status=status)


@require_POST
@permission_required(CHANGE, raise_exception=True)
def document_restrict(request, document_id: int):
    _document(request, document_id)
    return _post(
        request,
        document_id,
        key="restrict",
        form=RestrictForm(request.POST),
        call=lambda d: work.document_restrict(actor=request.user, document_id=document_id, **d),
        success=_("Access saved."),
    )


@require_POST
@permission_required(CHANGE, raise_exception=True)
def document_extend(request, document_id: int):
    _document(request, document_id)

    def call(data):
        done = work.document_extend(actor=request.user, document_id=document_id, **data)
        messages.info(request, _("Notice registered as %(number)s.") % {"number": done.notice.number})

    return _post(
        request,
        document_id,
        key="extend",
        form=ExtendForm(request.POST),
        call=call,
        success=_("The deadline is extended."),
    )


@require_POST
@permission_required(CHANGE, raise_exception=True)
def document_move(request, document_id: int):
    _document(request, document_id)
    form = MoveForm(request.POST)
    label = MOVES[request.POST.get("move")].label if request.POST.get("move") in MOVES else ""
    return _post(
        request,
        document_id,
        key="move",
        form=form,
        call=lambda d: work.document_move(actor=request.user, document_id=document_id, **d),
        success=_("Saved: %(move)s.") % {"move": label},
    )


@require_POST
@permission_required(CHANGE, raise_exception=True)
def document_attach(request, document_id: int):
    _document(request, document_id)
    form = FileForm(request.POST, request.FILES)
    return _post(
        request,
        document_id,
        key="file",
        form=form,
        call=lambda d: file_services.document_file_add(
            actor=request.user,
            document_id=document_id,
            name=d["file"].name,
            data=d["file"].read(),
            is_public=d["is_public"],
        ),
        success=_("File added."),
    )


@require_POST
@permission_required(CHANGE, raise_exception=True)
def document_forward(request, document_id: int):
    _document(request, document_id)
    return _post(
        request,
        document_id,
        key="forward",
        form=ForwardForm(request.POST),
        call=lambda d: forwarding_services.document_forward(actor=request.user, document_id=document_id, **d),
        success=_("Forwarded."),
    )


@require_POST
@permission_required(CHANGE, raise_exception=True)
def document_ticket(request, document_id: int):
    _document(request, document_id)

    def call(data):
        category = data["category"]
        to_ticket.document_to_ticket(
            actor=request.user,
            document_id=document_id,
            group=category.group_id,
            category=category.pk,
            priority=data["priority"],
            description=data["description"],
            details=form.details(),
        )

    form = ToTicketForm(request.POST)
    return _post(
        request,
        document_id,
        key="ticket",
        form=form,
        call=call,
        success=_("A ticket was made for second level."),
    )


@permission_required(CHANGE, raise_exception=True)
def document_edit(request, document_id: int):
    doc = _document(request, document_id)
    initial = {
        "version": doc.version,
        "title": doc.title,
        "party_name": doc.party_name,
        "party_is_person": doc.party_is_person,
        "party_email": doc.party_email,
        "sender_date": doc.sender_date,
        "sender_reference": doc.sender_reference,
        "channel": doc.channel,
        "responsible_unit": doc.responsible_unit_id,
        "responsible_user": doc.responsible_user_id,
        "deadline": doc.deadline,
    }
    form = EditForm(request.POST or None, initial=initial, direction=doc.direction)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                work.document_update(
                    actor=request.user,
                    document_id=doc.pk,
                    party_customer=doc.party_customer,
                    **form.cleaned_data,
                )
            except ApplicationError as exc:
                status = _refusal(form, exc)
            else:
                messages.success(request, _("Document saved."))
                return redirect("registry:detail", document_id=doc.pk)
        else:
            status = 400
    return render(request, "registry/edit.html", {"form": form, "doc": doc}, status=status)


@register_reader
def file_download(request, document_id: int, file_id: int):
    try:
        stored = selectors.document_file_get(ctx=_ctx(request), document_id=document_id, file_id=file_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(bytes(stored.content), content_type=stored.kind)
    response["Content-Disposition"] = content_disposition_header(True, stored.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _forwarding(request, forwarding_id: int):
    try:
        return selectors.forwarding_get(ctx=_ctx(request), forwarding_id=forwarding_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@register_reader
def forwarding_reply(request, forwarding_id: int):
    """The forwarded person answers: the outgoing reply is registered, linked, and the forwarding closed."""
    forwarding = _forwarding(request, forwarding_id)
    doc = forwarding.document
    form = ReplyForm(
        request.POST or None,
        request.FILES or None,
        initial={"title": _("Reply: %(title)s") % {"title": doc.title}},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                reply = forwarding_services.forwarding_reply(
                    actor=request.user,
                    forwarding_id=forwarding.pk,
                    title=data["title"],
                    channel=data["channel"],
                    files=_upload(form),
                )
            except ApplicationError as exc:
                status = _refusal(form, exc)
            else:
                messages.success(request, _("Reply registered as %(number)s.") % {"number": reply.number})
                return redirect("registry:detail", document_id=reply.pk)
        else:
            status = 400
    return render(
        request, "registry/reply.html", {"form": form, "forwarding": forwarding, "doc": doc}, status=status
    )


@require_POST
@register_reader
def forwarding_close(request, forwarding_id: int):
    forwarding = _forwarding(request, forwarding_id)
    form = CloseForwardingForm(request.POST)
    if form.is_valid():
        try:
            forwarding_services.forwarding_close(
                actor=request.user, forwarding_id=forwarding.pk, note=form.cleaned_data["note"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The forwarding is closed."))
    back = request.POST.get("next", "")
    return (
        redirect("registry:mine")
        if back == "mine"
        else redirect("registry:detail", document_id=forwarding.document_id)
    )
