"""Tickets over the API: create, list with filters, get, comment, transition, assign, attach — the
same services as the pages. Every answer that shows a ticket shows its customer: read through the
audited selectors. JIRA's webhook comes in here too, authenticated with its own secret."""

import json
from datetime import datetime
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from teenindus.accounts.api_auth import require_perm
from teenindus.audit.http import access_context
from teenindus.core.exceptions import ValidationFailed
from teenindus.tickets import jira, selectors
from teenindus.tickets.models import Ticket
from teenindus.tickets.moves import MOVES
from teenindus.tickets.selectors import TicketFilter
from teenindus.tickets.services import extras, jira_sync, lifecycle
from teenindus.tickets.views import PURPOSE_TICKETS

router = Router(tags=["tickets"])

# An id as the database can hold it: a larger number is a 422 naming the field, not a failed query.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

Move = Literal[tuple(name for name in MOVES if name != "assign")]  # type: ignore[valid-type]


class TicketIn(Schema):
    group_id: Id
    category_id: Id
    summary: str = Field(max_length=200)
    description: str = Field(max_length=20_000)
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    customer_id: Id | None = None
    contact_id: Id | None = None
    parent_id: Id | None = None
    details: dict[str, str] = {}


class TicketOut(Schema):
    id: int
    kind: str
    summary: str
    description: str
    group: str
    group_id: int
    category: str
    category_id: int
    priority: str
    details: dict
    customer_id: int | None
    customer_name: str | None
    contact_id: int | None
    parent_id: int | None
    owner: str
    assignee: str | None
    state: str
    state_since: datetime
    version: int
    response_due: datetime | None
    solution_due: datetime | None
    delivery_due: datetime | None
    next_due: datetime | None
    next_due_kind: str
    past_due: bool
    responded_at: datetime | None
    solved_at: datetime | None
    delivered_at: datetime | None
    delivery_channel: str
    closed_at: datetime | None
    jira_key: str
    jira_sync: str
    jira_error: str


class TicketList(Schema):
    count: int
    results: list[TicketOut]


class ListQuery(Schema):
    state: str = ""
    group_id: Id | None = None
    category_id: Id | None = None
    priority: str = ""
    customer_id: Id | None = None
    owner_id: Id | None = None
    assignee_id: Id | None = None
    breached: bool = False
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


class CommentIn(Schema):
    body: str = Field(max_length=20_000)
    visibility: Literal["internal", "customer"] = "internal"


class CommentOut(Schema):
    id: int
    visibility: str
    body: str
    author: str
    created_at: datetime


class TransitionIn(Schema):
    move: Move
    version: int
    note: str = ""
    channel: Literal["", "phone", "email", "letter", "visit"] = ""


class AssignIn(Schema):
    assignee_id: Id
    version: int


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


def _out(ticket: Ticket) -> TicketOut:
    return TicketOut(
        id=ticket.pk,
        kind=ticket.kind,
        summary=ticket.summary,
        description=ticket.description,
        group=ticket.group.name,
        group_id=ticket.group_id,
        category=ticket.category.name,
        category_id=ticket.category_id,
        priority=ticket.priority,
        details=ticket.details,
        customer_id=ticket.customer_id,
        customer_name=ticket.customer.name if ticket.customer_id else None,
        contact_id=ticket.contact_id,
        parent_id=ticket.parent_id,
        owner=ticket.owner.get_full_name() or ticket.owner.username,
        assignee=str(ticket.assignee) if ticket.assignee_id else None,
        state=ticket.state,
        state_since=ticket.state_since,
        version=ticket.version,
        response_due=ticket.response_due,
        solution_due=ticket.solution_due,
        delivery_due=ticket.delivery_due,
        next_due=ticket.next_due,
        next_due_kind=ticket.next_due_kind,
        past_due=ticket.past_due,
        responded_at=ticket.responded_at,
        solved_at=ticket.solved_at,
        delivered_at=ticket.delivered_at,
        delivery_channel=ticket.delivery_channel,
        closed_at=ticket.closed_at,
        jira_key=ticket.jira_key,
        jira_sync=ticket.jira_sync,
        jira_error=ticket.jira_error,
    )


def _ctx(request):
    return access_context(request, implied_purpose=PURPOSE_TICKETS)


def _shown(request, ticket_id: int) -> TicketOut:
    return _out(selectors.ticket_get(ctx=_ctx(request), ticket_id=ticket_id))


@router.post("", response={201: TicketOut})
def ticket_create(request, payload: TicketIn):
    require_perm(request, "tickets.add_ticket")
    ticket = lifecycle.ticket_create(actor=request.user, **payload.model_dump())
    return Status(201, _shown(request, ticket.pk))


@router.get("", response=TicketList)
def ticket_list(request, filters: Query[ListQuery]):
    require_perm(request, "tickets.view_ticket")
    data = filters.model_dump()
    limit, offset = data.pop("limit"), data.pop("offset")
    rows, total = selectors.tickets_list(
        ctx=_ctx(request), filters=TicketFilter(**data), limit=limit, offset=offset
    )
    return TicketList(count=total, results=[_out(t) for t in rows])


@router.get("/{int:ticket_id}", response=TicketOut)
def ticket_get(request, ticket_id: int):
    require_perm(request, "tickets.view_ticket")
    return _shown(request, ticket_id)


@router.post("/{int:ticket_id}/comments", response={201: CommentOut})
def ticket_comment(request, ticket_id: int, payload: CommentIn):
    require_perm(request, "tickets.view_ticket")
    selectors.ticket_get(ctx=_ctx(request), ticket_id=ticket_id)  # outside the caller's scope: 404
    comment = lifecycle.ticket_comment(actor=request.user, ticket_id=ticket_id, **payload.model_dump())
    author = request.user.get_full_name() or request.user.username
    return Status(
        201,
        CommentOut(
            id=comment.pk,
            visibility=comment.visibility,
            body=comment.body,
            author=author,
            created_at=comment.created_at,
        ),
    )


@router.post("/{int:ticket_id}/transitions", response=TicketOut)
def ticket_transition(request, ticket_id: int, payload: TransitionIn):
    require_perm(request, "tickets.view_ticket")
    selectors.ticket_get(ctx=_ctx(request), ticket_id=ticket_id)
    lifecycle.ticket_move(actor=request.user, ticket_id=ticket_id, **payload.model_dump())
    return _shown(request, ticket_id)


@router.post("/{int:ticket_id}/assign", response=TicketOut)
def ticket_assign(request, ticket_id: int, payload: AssignIn):
    require_perm(request, "tickets.view_ticket")
    selectors.ticket_get(ctx=_ctx(request), ticket_id=ticket_id)
    lifecycle.ticket_assign(actor=request.user, ticket_id=ticket_id, **payload.model_dump())
    return _shown(request, ticket_id)


@router.post("/{int:ticket_id}/attachments", response={201: AttachmentOut})
def ticket_attach(request, ticket_id: int, file: File[UploadedFile]):
    require_perm(request, "tickets.view_ticket")
    selectors.ticket_get(ctx=_ctx(request), ticket_id=ticket_id)
    if file.size > settings.TICKET_ATTACHMENT_MAX_BYTES:
        raise ValidationFailed(
            _("The file is larger than %(limit)s MB.")
            % {"limit": f"{settings.TICKET_ATTACHMENT_MAX_BYTES / 1024 / 1024:.0f}"},
            field="file",
        )
    a = extras.ticket_attach(actor=request.user, ticket_id=ticket_id, name=file.name or "", data=file.read())
    return Status(
        201, AttachmentOut(id=a.pk, name=a.name, content_type=a.content_type, size=a.size, sha256=a.sha256)
    )


class WebhookOut(Schema):
    changes: int
    applied: int


webhook_router = Router(tags=["tickets"], auth=None)


@webhook_router.post("/jira/webhook", response=WebhookOut, auth=None)
def jira_webhook(request: HttpRequest):
    """JIRA's webhook: authenticated with its own secret (in the URL's `secret`, or an HMAC of the
    body in X-Hub-Signature), never with a user's token. Each change is applied once."""
    secret = settings.JIRA_WEBHOOK_SECRET
    if not secret or not jira.webhook_authentic(
        secret=secret, body=request.body, headers=request.headers, query=request.GET
    ):
        raise HttpError(403, _("The webhook's secret is wrong."))
    try:
        payload = json.loads(request.body or b"null")
    except ValueError as exc:
        raise ValidationFailed(_("The request body is not valid JSON."), field="body") from exc
    if not isinstance(payload, dict):
        raise ValidationFailed(_("The request body is not valid JSON."), field="body")
    try:
        return jira_sync.jira_webhook_apply(payload=payload)
    except jira.JiraPayloadError as exc:
        raise ValidationFailed(str(exc), field="body") from exc
