"""A ticket's life: created (from a contact or on its own), assigned, moved along the one table of
moves (tickets/moves.py), commented, until the owner delivers the answer and closes it.

Every write locks the ticket's row, checks the form's version and the move against the table under
the lock, records the change in the ticket's timeline, recomputes the stored deadlines and decides
its e-mails in the same transaction (sent by the worker after the commit)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.contacts.models import Contact, Outcome
from teenindus.core import worktime
from teenindus.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from teenindus.customers.selectors import customer_email, customer_exists
from teenindus.org.models import Employee
from teenindus.tickets import moves as table
from teenindus.tickets.deadlines import working_seconds_excluding
from teenindus.tickets.fields import details_clean
from teenindus.tickets.models import (
    Category,
    GroupMember,
    Priority,
    SlaPolicy,
    SupportGroup,
    Ticket,
    TicketComment,
    TicketPause,
)
from teenindus.tickets.moves import MOVES, OWNER, SECOND, State
from teenindus.tickets.selectors import is_owner_side, is_second_level
from teenindus.tickets.services import assignment, notify
from teenindus.tickets.services.common import (
    deadlines_refresh,
    event_record,
    pauses_of,
    ticket_lock,
    ticket_save,
)

SUMMARY_MAX = 200
BODY_MAX = 20_000


def _text(value: str, *, field: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(_("This field is required."), field=field)
    if len(value) > limit:
        raise ValidationFailed(_("Write at most %(limit)s characters.") % {"limit": limit}, field=field)
    return value


def sla_policy_for(*, group: SupportGroup, category: Category, priority: str) -> SlaPolicy | None:
    """The most specific rule of the group: category and priority, category, priority, the group's."""
    rules = list(SlaPolicy.objects.filter(group=group))

    def fits(rule):
        return (rule.category_id in (None, category.pk)) and (rule.priority in ("", priority))

    candidates = [r for r in rules if fits(r)]
    return max(candidates, key=lambda r: (r.category_id is not None, r.priority != ""), default=None)


def _apply_policy(ticket: Ticket) -> None:
    rule = sla_policy_for(group=ticket.group, category=ticket.category, priority=ticket.priority)
    if rule is not None:
        ticket.sla_response_hours = rule.response_hours
        ticket.sla_solution_amount = rule.solution_amount
        ticket.sla_solution_unit = rule.solution_unit
        ticket.sla_delivery_days = rule.delivery_days


@transaction.atomic
def ticket_create(
    *,
    actor,
    group_id: int,
    category_id: int,
    summary: str,
    description: str,
    priority: str = "normal",
    customer_id: int | None = None,
    contact_id: int | None = None,
    parent_id: int | None = None,
    details: dict | None = None,
    kind: str = Ticket.Kind.QUESTION,
) -> Ticket:
    """A ticket to a second-level group, owned by the actor (first level). From a contact it carries
    the contact's customer; the contact's follow-up is then carried by the ticket and closed."""
    group = SupportGroup.objects.filter(pk=group_id, is_active=True).first()
    if group is None:
        raise ValidationFailed(_("Choose the group."), field="group")
    category = Category.objects.filter(pk=category_id, group=group, is_active=True).first()
    if category is None:
        raise ValidationFailed(_("Choose a category of the chosen group."), field="category")
    if priority not in Priority.values:
        raise ValidationFailed(_("Choose the priority."), field="priority")
    summary = _text(summary, field="summary", limit=SUMMARY_MAX)
    description = _text(description, field="description", limit=BODY_MAX)
    cleaned = details_clean(required=list(category.required_fields), given=details or {})
    contact = None
    if contact_id is not None:
        contact = Contact.objects.select_for_update().filter(pk=contact_id).first()
        if contact is None:
            raise ValidationFailed(_("No such contact."), field="contact")
        if contact.handled_by_id != actor.pk and not actor.has_perm("tickets.oversee_ticket"):
            raise PermissionDeniedError(_("You can escalate only contacts you handled."))
        if Ticket.objects.filter(contact=contact).exists():
            raise ConflictError(_("This contact is already escalated."), field="contact")
        customer_id = customer_id or contact.customer_id
    if customer_id is not None and not customer_exists(customer_id=customer_id):
        raise ValidationFailed(_("No such customer."), field="customer")
    parent = None
    if parent_id is not None:
        parent = Ticket.objects.filter(pk=parent_id).first()
        if parent is None:
            raise ValidationFailed(_("No such parent ticket."), field="parent")
    now = timezone.now()
    ticket = Ticket(
        kind=kind,
        summary=summary,
        description=description,
        group=group,
        category=category,
        priority=priority,
        details=cleaned,
        customer_id=customer_id,
        contact=contact,
        parent=parent,
        owner=actor,
        state=State.NEW,
        state_since=now,
        created_at=now,
    )
    _apply_policy(ticket)
    try:
        with transaction.atomic():
            ticket.save()
    except IntegrityError as exc:
        raise ConflictError(_("This contact is already escalated."), field="contact") from exc
    event_record(ticket, actor=actor, kind="created", changes={"state": [None, State.NEW]}, at=now)
    change_record(actor=actor, instance=ticket, event="ticket.created", changes={"group": [None, group.code]})
    if contact is not None and contact.outcome == Outcome.ESCALATED and contact.followup_closed_at is None:
        contact.followup_closed_at, contact.followup_closed_by = now, actor
        contact.followup_note = _("Escalated as ticket #%(id)s") % {"id": ticket.pk}
        contact.save(
            update_fields=["followup_closed_at", "followup_closed_by", "followup_note", "updated_at"]
        )
    if group.kind == SupportGroup.Kind.JIRA:
        from teenindus.tickets.services.jira_sync import jira_push_later

        ticket.jira_sync = Ticket.JiraSync.PENDING
        ticket.save(update_fields=["jira_sync"])
        jira_push_later(ticket.pk)
    else:
        chosen = assignment.assignee_pick(group)
        if chosen is not None:
            _assign(ticket, actor=None, employee=chosen, changed=[])
    changed = deadlines_refresh(ticket)
    ticket.save(update_fields=[*changed, "state", "state_since", "assignee", "updated_at"])
    if ticket.state == State.NEW:
        notify.on_assigned(ticket)  # the group learns of a ticket nobody holds yet
    return ticket


def _assign(ticket: Ticket, *, actor, employee: Employee, changed: list[str]) -> None:
    old = ticket.assignee
    ticket.assignee = employee
    changes = {"assignee": [str(old) if old else None, str(employee)]}
    if ticket.state != State.ASSIGNED:
        changes["state"] = [ticket.state, State.ASSIGNED]
        ticket.state, ticket.state_since = State.ASSIGNED, timezone.now()
    event_record(
        ticket, actor=actor, kind="assigned", changes=changes, actor_name="" if actor else _("System")
    )
    changed += ["assignee", "state", "state_since"]
    notify.on_assigned(ticket)


def _may(actor, ticket: Ticket, who: str) -> bool:
    if actor is None:
        return True  # the system (JIRA's webhook, the worker)
    if who == SECOND:
        return is_second_level(user=actor, ticket=ticket)
    if who == OWNER:
        return is_owner_side(user=actor, ticket=ticket)
    return is_second_level(user=actor, ticket=ticket) or is_owner_side(user=actor, ticket=ticket)


@transaction.atomic
def ticket_assign(*, actor, ticket_id: int, version: int, assignee_id: int) -> Ticket:
    """Give the ticket to a member of its group by hand. Someone away today is replaced by their
    substitute (their work goes on), and the timeline says so."""
    ticket = ticket_lock(ticket_id, version=version)
    move = MOVES["assign"]
    if ticket.group.kind == SupportGroup.Kind.JIRA:
        raise ValidationFailed(_("This group works in JIRA: it assigns its tickets there."), field="assignee")
    if ticket.state not in move.sources:
        raise ValidationFailed(_("A ticket in this state cannot be assigned."), field="state")
    if not _may(actor, ticket, SECOND):
        raise PermissionDeniedError(_("Only the group's members or a team lead assign its tickets."))
    if not GroupMember.objects.filter(group=ticket.group, employee_id=assignee_id).exists():
        raise ValidationFailed(_("Choose a member of the ticket's group."), field="assignee")
    employee = Employee.objects.get(pk=assignee_id)
    chosen = assignment.stand_in(employee)
    if chosen is None:
        raise ValidationFailed(
            _("%(name)s is away today and has no substitute at work.") % {"name": employee}, field="assignee"
        )
    changed: list[str] = []
    _assign(ticket, actor=actor, employee=chosen, changed=changed)
    if chosen.pk != employee.pk:
        event_record(
            ticket, actor=actor, kind="substituted", changes={"assignee": [str(employee), str(chosen)]}
        )
    changed += deadlines_refresh(ticket)
    ticket_save(ticket, changed)
    return ticket


def _respond(ticket: Ticket, now, cal, changed: list[str]) -> None:
    if ticket.responded_at is None:
        ticket.responded_at = now
        ticket.response_seconds = cal.between(ticket.created_at, now)
        changed += ["responded_at", "response_seconds"]


def _pause_open(ticket: Ticket, state: str, now) -> None:
    TicketPause.objects.create(ticket=ticket, state=state, started_at=now)


def _pause_close(ticket: Ticket, now) -> None:
    TicketPause.objects.filter(ticket=ticket, ended_at__isnull=True).update(ended_at=now)


@transaction.atomic
def ticket_move(
    *, actor, ticket_id: int, move: str, version: int | None, note: str = "", channel: str = ""
) -> Ticket:
    """Make one move of the table. `note`: the answer when solving (a message to the customer),
    what is asked when waiting; `channel`: how the answer was delivered. `actor=None`: the system."""
    if move not in MOVES or move == "assign":
        raise ValidationFailed(_("No such move."), field="move")
    ticket = ticket_lock(ticket_id, version=version)
    rule = MOVES[move]
    if ticket.state not in rule.sources:
        raise ValidationFailed(
            _("A ticket that is “%(state)s” cannot move so.") % {"state": ticket.get_state_display()},
            field="move",
        )
    if actor is not None and rule.who == SECOND and ticket.group.kind == SupportGroup.Kind.JIRA:
        # As on the page (selectors.moves_allowed): JIRA moves its tickets, its webhook brings them.
        raise ValidationFailed(
            _("This group works in JIRA: its second level moves the ticket there."), field="move"
        )
    if not _may(actor, ticket, rule.who):
        raise PermissionDeniedError(_("Your part in this ticket does not allow this."))
    note = _text(
        note, field="note", limit=BODY_MAX, required=move in ("solve", "wait_customer", "wait_first_level")
    )
    now = timezone.now()
    cal = worktime.calendar_load()
    changed = ["state", "state_since"]
    old = ticket.state
    changes = {"state": [old, rule.target]}
    if old in table.WAITING and rule.target not in table.WAITING:
        _pause_close(ticket, now)
    if move in ("start", "wait_customer", "wait_first_level", "solve"):
        _respond(ticket, now, cal, changed)
    if move in ("wait_customer", "wait_first_level"):
        _pause_close(ticket, now)
        _pause_open(ticket, rule.target, now)
    elif move == "solve":
        _pause_close(ticket, now)
        ticket.solved_at = now
        ticket.solution_seconds = working_seconds_excluding(cal, ticket.created_at, now, pauses_of(ticket))
        _pause_open(ticket, State.SOLVED, now)
        changed += ["solved_at", "solution_seconds"]
    elif move == "deliver":
        if channel not in Ticket.Delivery.values:
            raise ValidationFailed(_("Choose how the answer was delivered."), field="channel")
        address = customer_email(customer_id=ticket.customer_id) if ticket.customer_id else ""
        if channel == Ticket.Delivery.EMAIL and not address:
            raise ValidationFailed(
                _("The customer has no e-mail address: choose another way."), field="channel"
            )
        ticket.delivered_at, ticket.delivery_channel = now, channel
        ticket.delivery_days = cal.working_days_between(ticket.solved_at, now)
        changed += ["delivered_at", "delivery_channel", "delivery_days"]
        changes["delivery_channel"] = [None, channel]
    elif move == "close":
        ticket.closed_at = now
        changed += ["closed_at"]
    elif move == "reopen":
        _pause_close(ticket, now)
        ticket.reopen_count += 1
        ticket.solved_at = ticket.delivered_at = ticket.closed_at = None
        ticket.delivery_channel, ticket.delivery_days = "", None
        changed += [
            "reopen_count",
            "solved_at",
            "delivered_at",
            "closed_at",
            "delivery_channel",
            "delivery_days",
        ]
    ticket.state, ticket.state_since = rule.target, now
    event_record(ticket, actor=actor, kind=move, changes=changes, at=now, actor_name="" if actor else "JIRA")
    comment = None
    if note:
        visibility = (
            TicketComment.Visibility.CUSTOMER if move == "solve" else TicketComment.Visibility.INTERNAL
        )
        comment = TicketComment.objects.create(ticket=ticket, author=actor, visibility=visibility, body=note)
    if move == "reopen" and ticket.group.kind == SupportGroup.Kind.INTERNAL:
        previous = ticket.assignee
        ticket.assignee = None
        chosen = assignment.assignee_pick(ticket.group, prefer=previous)
        if chosen is not None:
            _assign(ticket, actor=None, employee=chosen, changed=changed)
        changed.append("assignee")
    elif move == "reopen" and ticket.jira_key:
        # JIRA holds the issue still: the ticket is with it again, and JIRA is told (a comment).
        ticket.state = State.ASSIGNED
        event_record(
            ticket,
            actor=None,
            actor_name="JIRA",
            kind="assigned",
            changes={"state": [State.NEW, State.ASSIGNED]},
        )
        if comment is None:
            comment = TicketComment.objects.create(
                ticket=ticket,
                author=actor,
                visibility=TicketComment.Visibility.INTERNAL,
                body=_("Reopened in Teenindus: the answer did not solve it."),
            )
    changed += deadlines_refresh(ticket, cal=cal)
    ticket_save(ticket, changed)
    if move == "solve":
        notify.on_solved(ticket, answer=note)
    elif comment is not None and rule.who == SECOND:
        notify.on_reply(ticket, comment_id=comment.pk, author=_author(actor), body=note)
    if move == "deliver" and channel == Ticket.Delivery.EMAIL:
        notify.on_delivered_by_email(ticket, to=address, answer=_answer(ticket))
    if ticket.jira_key and actor is not None and comment is not None:
        from teenindus.tickets.services.jira_sync import comment_push_later

        comment.jira_pending = True
        comment.save(update_fields=["jira_pending"])
        comment_push_later(comment.pk)
    return ticket


def _author(actor) -> str:
    return (actor.get_full_name() or actor.username) if actor is not None else "JIRA"


def _answer(ticket: Ticket) -> str:
    last = (
        ticket.comments.filter(visibility=TicketComment.Visibility.CUSTOMER)
        .order_by("-created_at", "-pk")
        .first()
    )
    return last.body if last else ""


@transaction.atomic
def ticket_comment(*, actor, ticket_id: int, body: str, visibility: str = "internal") -> TicketComment:
    """An internal comment or a message to the customer. Adds to the ticket (no form can be stale
    for it). Second level writing is its first response; the owner is told of it."""
    body = _text(body, field="body", limit=BODY_MAX)
    if visibility not in TicketComment.Visibility.values:
        raise ValidationFailed(_("Choose whom the comment is for."), field="visibility")
    ticket = ticket_lock(ticket_id)
    second = is_second_level(user=actor, ticket=ticket)
    if not (second or is_owner_side(user=actor, ticket=ticket)):
        raise PermissionDeniedError(_("Your part in this ticket does not allow this."))
    if ticket.state == State.CLOSED:
        raise ValidationFailed(_("The ticket is closed: reopen it first."), field="ticket")
    comment = TicketComment.objects.create(ticket=ticket, author=actor, visibility=visibility, body=body)
    event_record(ticket, actor=actor, kind="comment", changes={"visibility": [None, visibility]})
    changed: list[str] = []
    if second and ticket.owner_id != actor.pk:
        _respond(ticket, timezone.now(), worktime.calendar_load(), changed)
        notify.on_reply(ticket, comment_id=comment.pk, author=_author(actor), body=body)
    if changed:
        changed += deadlines_refresh(ticket)
        ticket.save(update_fields=[*changed, "updated_at"])
    if ticket.jira_key or ticket.jira_sync == Ticket.JiraSync.PENDING:
        from teenindus.tickets.services.jira_sync import comment_push_later

        comment.jira_pending = True
        comment.save(update_fields=["jira_pending"])
        comment_push_later(comment.pk)
    return comment


@transaction.atomic
def ticket_update(
    *, actor, ticket_id: int, version: int, summary: str, description: str, priority: str, details: dict
) -> Ticket:
    """Correct what the ticket says; a stale form is refused. A changed priority may change the
    deadline rule, and the deadlines follow."""
    ticket = ticket_lock(ticket_id, version=version)
    if not (is_owner_side(user=actor, ticket=ticket) or is_second_level(user=actor, ticket=ticket)):
        raise PermissionDeniedError(_("Your part in this ticket does not allow this."))
    if ticket.state == State.CLOSED:
        raise ValidationFailed(_("The ticket is closed: reopen it first."), field="ticket")
    if priority not in Priority.values:
        raise ValidationFailed(_("Choose the priority."), field="priority")
    new = {
        "summary": _text(summary, field="summary", limit=SUMMARY_MAX),
        "description": _text(description, field="description", limit=BODY_MAX),
        "priority": priority,
        "details": details_clean(required=list(ticket.category.required_fields), given=details or {}),
    }
    changes = {k: [getattr(ticket, k), v] for k, v in new.items() if getattr(ticket, k) != v}
    if not changes:
        return ticket
    for key, value in new.items():
        setattr(ticket, key, value)
    fields = list(changes)
    if "priority" in changes:
        _apply_policy(ticket)
        fields += ["sla_response_hours", "sla_solution_amount", "sla_solution_unit", "sla_delivery_days"]
        fields += deadlines_refresh(ticket)
    event_record(
        ticket, actor=actor, kind="edited", changes={k: [str(a), str(b)] for k, (a, b) in changes.items()}
    )
    ticket_save(ticket, fields)
    return ticket
