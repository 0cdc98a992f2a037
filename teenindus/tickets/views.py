from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from teenindus.audit.http import access_context
from teenindus.contacts.selectors import contact_get
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.tickets import selectors
from teenindus.tickets.fields import DETAILS
from teenindus.tickets.forms import (
    AssignForm,
    AttachForm,
    CommentForm,
    ITReportForm,
    MoveForm,
    TicketEditForm,
    TicketForm,
)
from teenindus.tickets.models import SupportGroup, Ticket
from teenindus.tickets.moves import MOVES, STATE_CHOICES
from teenindus.tickets.selectors import OVERSEE, TicketFilter
from teenindus.tickets.services import extras, jira_sync, lifecycle

PURPOSE_TICKETS = gettext_noop("Tickets")
VIEW = "tickets.view_ticket"
RAISE = "tickets.add_ticket"


def _ctx(request):
    return access_context(request, implied_purpose=PURPOSE_TICKETS)


def _refusal(form, exc: ApplicationError) -> int:
    """The service's refusal onto the form; the status to answer with (409 for a stale form)."""
    field = exc.field.replace(".", "_") if exc.field else None
    form.add_error(field if field in form.fields and field != "version" else None, exc.message)
    return exc.status_code


ID_MAX = 2**63 - 1  # the largest id a database column holds


def _int(value) -> int | None:
    """An id from the query string; None when it is no number, 0 (matches nothing) when it is a
    number no row can have (the database would refuse to compare it)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= ID_MAX else 0


@permission_required(VIEW, raise_exception=True)
def ticket_index(request):
    """Tickets the user may see, filtered; the longest in their state first."""
    scope = request.GET.get("scope", "")
    filters = TicketFilter(
        state=request.GET.get("state", "open"),
        group_id=_int(request.GET.get("group")),
        priority=request.GET.get("priority", ""),
        breached=request.GET.get("breached") == "1",
    )
    if scope == "assigned":
        employee = getattr(request.user, "employee", None)
        filters = TicketFilter(**{**filters.__dict__, "assignee_id": employee.pk if employee else -1})
    rows, total = selectors.tickets_list(ctx=_ctx(request), filters=filters)
    return render(
        request,
        "tickets/index.html",
        {
            "tickets": rows,
            "total": total,
            "states": STATE_CHOICES,
            "groups": selectors.groups_active(),
            "filters": filters,
            "scope": scope,
            "may_raise": request.user.has_perm(RAISE),
        },
    )


@permission_required(RAISE, raise_exception=True)
def escalations_mine(request):
    return render(request, "tickets/mine.html", {"tickets": selectors.escalations_mine(ctx=_ctx(request))})


@permission_required(RAISE, raise_exception=True)
def ticket_new(request):
    """A new ticket to second level, on its own, from a contact (?contact=: the contact's customer,
    topic and note come with it) or as a child of a ticket for another group (?parent=: its
    customer and summary come with it)."""
    contact = parent = None
    contact_id = _int(request.GET.get("contact") or request.POST.get("contact"))
    parent_id = _int(request.GET.get("parent") or request.POST.get("parent"))
    try:
        if contact_id is not None:
            contact = contact_get(ctx=_ctx(request), contact_id=contact_id)
        if parent_id is not None:
            parent = selectors.ticket_get(ctx=_ctx(request), ticket_id=parent_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    initial = {}
    if contact is not None:
        initial = {"summary": str(contact.topic), "description": contact.note}
    elif parent is not None:
        initial = {"summary": parent.summary, "description": parent.description}
    form = TicketForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            ticket = lifecycle.ticket_create(
                actor=request.user,
                group_id=data["category"].group_id,
                category_id=data["category"].pk,
                summary=data["summary"],
                description=data["description"],
                priority=data["priority"],
                contact_id=contact.pk if contact else None,
                customer_id=contact.customer_id if contact else (parent.customer_id if parent else None),
                parent_id=parent.pk if parent else None,
                details=form.details(),
            )
        except ApplicationError as exc:
            status = _refusal(form, exc)
        else:
            messages.success(
                request, _("Ticket #%(id)s sent to %(group)s.") % {"id": ticket.pk, "group": ticket.group}
            )
            return redirect("tickets:detail", ticket_id=ticket.pk)
    return render(
        request, "tickets/new.html", {"form": form, "contact": contact, "parent": parent}, status=status
    )


@permission_required(RAISE, raise_exception=True)
def it_report(request):
    form = ITReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        try:
            ticket = extras.ticket_it_report(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            status = _refusal(form, exc)
        else:
            messages.success(request, _("Reported to IT support as ticket #%(id)s.") % {"id": ticket.pk})
            return redirect("tickets:detail", ticket_id=ticket.pk)
    return render(request, "tickets/it_report.html", {"form": form}, status=status)


def _ticket(request, ticket_id: int) -> Ticket:
    try:
        return selectors.ticket_get(ctx=_ctx(request), ticket_id=ticket_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@permission_required(VIEW, raise_exception=True)
def ticket_detail(request, ticket_id: int, *, forms: dict | None = None, status: int = 200):
    ticket = _ticket(request, ticket_id)
    user = request.user
    part = selectors.part_in(user=user, ticket=ticket)
    allowed = selectors.moves_allowed(part=part, ticket=ticket)
    forms = forms or {}
    may_assign = (
        part.second
        and ticket.group.kind == SupportGroup.Kind.INTERNAL
        and ticket.state in MOVES["assign"].sources
    )
    context = {
        "ticket": ticket,
        "moves": [(name, MOVES[name]) for name in allowed],
        "move_form": forms.get("move") or MoveForm(initial={"version": ticket.version}),
        "comment_form": forms.get("comment") or CommentForm(),
        "attach_form": forms.get("attach") or AttachForm(),
        "assign_form": (
            forms.get("assign")
            or AssignForm(
                initial={"version": ticket.version}, members=selectors.group_members(group=ticket.group)
            )
        )
        if may_assign
        else None,
        "details": [(DETAILS[k].label if k in DETAILS else k, v) for k, v in ticket.details.items()],
        "timeline": selectors.ticket_timeline(ticket=ticket),
        "comments": selectors.ticket_comments(ticket=ticket),
        "attachments": ticket.attachments.defer("data"),
        "children": ticket.children.select_related("group"),
        "may_write": part.second or part.owner,
        "may_resend": ticket.jira_sync == Ticket.JiraSync.FAILED
        and (part.second or ticket.owner_id == user.pk),
    }
    return render(request, "tickets/detail.html", context, status=status)


@require_POST
@permission_required(VIEW, raise_exception=True)
def ticket_move(request, ticket_id: int):
    _ticket(request, ticket_id)  # a ticket outside the user's scope is a 404 before anything else
    form = MoveForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            lifecycle.ticket_move(
                actor=request.user,
                ticket_id=ticket_id,
                move=data["move"],
                version=data["version"],
                note=data["note"],
                channel=data["channel"],
            )
        except ApplicationError as exc:
            status = _refusal(form, exc)
        else:
            messages.success(request, _("Saved: %(move)s.") % {"move": MOVES[data["move"]].label})
            return redirect("tickets:detail", ticket_id=ticket_id)
    return ticket_detail(request, ticket_id, forms={"move": form}, status=status)


@require_POST
@permission_required(VIEW, raise_exception=True)
def ticket_assign(request, ticket_id: int):
    ticket = _ticket(request, ticket_id)
    form = AssignForm(request.POST, members=selectors.group_members(group=ticket.group))
    status = 400
    if form.is_valid():
        try:
            done = lifecycle.ticket_assign(
                actor=request.user,
                ticket_id=ticket_id,
                version=form.cleaned_data["version"],
                assignee_id=form.cleaned_data["assignee"],
            )
        except ApplicationError as exc:
            status = _refusal(form, exc)
        else:
            messages.success(request, _("Assigned to %(name)s.") % {"name": done.assignee})
            return redirect("tickets:detail", ticket_id=ticket_id)
    return ticket_detail(request, ticket_id, forms={"assign": form}, status=status)


@require_POST
@permission_required(VIEW, raise_exception=True)
def ticket_comment(request, ticket_id: int):
    _ticket(request, ticket_id)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            lifecycle.ticket_comment(actor=request.user, ticket_id=ticket_id, **form.cleaned_data)
        except ApplicationError as exc:
            status = _refusal(form, exc)
        else:
            messages.success(request, _("Comment added."))
            return redirect("tickets:detail", ticket_id=ticket_id)
    return ticket_detail(request, ticket_id, forms={"comment": form}, status=status)


@require_POST
@permission_required(VIEW, raise_exception=True)
def ticket_attach(request, ticket_id: int):
    _ticket(request, ticket_id)
    form = AttachForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            extras.ticket_attach(
                actor=request.user, ticket_id=ticket_id, name=upload.name, data=upload.read()
            )
        except ApplicationError as exc:
            status = _refusal(form, exc)
        else:
            messages.success(request, _("File added."))
            return redirect("tickets:detail", ticket_id=ticket_id)
    return ticket_detail(request, ticket_id, forms={"attach": form}, status=status)


@permission_required(VIEW, raise_exception=True)
def attachment_download(request, ticket_id: int, attachment_id: int):
    ticket = _ticket(request, ticket_id)
    attachment = ticket.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404(_("No such file."))
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required(VIEW, raise_exception=True)
def ticket_edit(request, ticket_id: int):
    ticket = _ticket(request, ticket_id)
    form = TicketEditForm(request.POST or None, ticket=ticket)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                lifecycle.ticket_update(
                    actor=request.user,
                    ticket_id=ticket.pk,
                    version=data["version"],
                    summary=data["summary"],
                    description=data["description"],
                    priority=data["priority"],
                    details=form.details(),
                )
            except ApplicationError as exc:
                status = _refusal(form, exc)
            else:
                messages.success(request, _("Ticket saved."))
                return redirect("tickets:detail", ticket_id=ticket.pk)
        else:
            status = 400
    return render(request, "tickets/edit.html", {"form": form, "ticket": ticket}, status=status)


@require_POST
@permission_required(VIEW, raise_exception=True)
def jira_resend(request, ticket_id: int):
    _ticket(request, ticket_id)
    try:
        jira_sync.ticket_jira_resend(actor=request.user, ticket_id=ticket_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("It will be sent to JIRA again."))
    return redirect("tickets:detail", ticket_id=ticket_id)


@permission_required(OVERSEE, raise_exception=True)
def deadlines(request):
    """Team leads: the tickets past their due time and those due soon."""
    return render(request, "tickets/deadlines.html", selectors.deadlines_due(ctx=_ctx(request)))
