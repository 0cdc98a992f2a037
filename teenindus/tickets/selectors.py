"""Reads of tickets. Whose tickets a user sees is decided here, from the user alone:

- first level sees the tickets they own (escalated), and a team lead their people's;
- second level sees the tickets of the groups they belong to and those assigned to them;
- `tickets.oversee_ticket` (team leads, the senior specialist) sees every ticket.

A ticket shows a customer: every read that returns one writes the access log with the context."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.core.exceptions import NotFound
from teenindus.org.models import Employee
from teenindus.people.selectors import user_ids_below
from teenindus.tickets.models import GroupMember, SupportGroup, Ticket
from teenindus.tickets.moves import MOVES, OPEN, OWNER, SECOND, STATE_CHOICES, State, moves_from

OVERSEE = "tickets.oversee_ticket"
WORK = "tickets.work_ticket"
RAISE = "tickets.add_ticket"
WARN_AHEAD = timedelta(hours=4)


def _employee_id(user) -> int | None:
    return Employee.objects.filter(user=user).values_list("pk", flat=True).first()


def tickets_visible(*, user) -> QuerySet[Ticket]:
    tickets = Ticket.objects.all()
    if user.has_perm(OVERSEE):
        return tickets
    scope = Q(owner=user)
    employee_id = _employee_id(user)
    if employee_id is not None and user.has_perm(WORK):
        groups = GroupMember.objects.filter(employee_id=employee_id).values("group_id")
        scope |= Q(group_id__in=groups) | Q(assignee_id=employee_id)
    team = user_ids_below(user=user) - {user.pk}
    if team:
        scope |= Q(owner_id__in=team)
    return tickets.filter(scope)


def is_second_level(*, user, ticket: Ticket) -> bool:
    if user.has_perm(OVERSEE):
        return True
    if not user.has_perm(WORK):
        return False
    employee_id = _employee_id(user)
    return employee_id is not None and (
        ticket.assignee_id == employee_id
        or GroupMember.objects.filter(group_id=ticket.group_id, employee_id=employee_id).exists()
    )


def is_owner_side(*, user, ticket: Ticket) -> bool:
    return (
        ticket.owner_id == user.pk or user.has_perm(OVERSEE) or ticket.owner_id in user_ids_below(user=user)
    )


@dataclass(frozen=True)
class Part:
    """The user's part in one ticket: second level (works it) and/or the owner's side (follows it)."""

    second: bool
    owner: bool


def part_in(*, user, ticket: Ticket) -> Part:
    return Part(
        second=is_second_level(user=user, ticket=ticket), owner=is_owner_side(user=user, ticket=ticket)
    )


def moves_allowed(*, part: Part, ticket: Ticket) -> list[str]:
    """The moves of the table a user with this part may make on this ticket now (the page's buttons)."""
    allowed = []
    for name in moves_from(ticket.state):
        who = MOVES[name].who
        if ticket.group.kind == SupportGroup.Kind.JIRA and who == SECOND:
            continue  # JIRA moves its tickets; its webhook brings the moves here
        if (
            (who == SECOND and part.second)
            or (who == OWNER and part.owner)
            or (who not in (SECOND, OWNER) and (part.second or part.owner))
        ):
            allowed.append(name)
    return allowed


def _log(ctx: AccessContext, tickets: list[Ticket], action: str) -> None:
    access_log_record(ctx=ctx, customer_ids=[t.customer_id for t in tickets if t.customer_id], action=action)


def _listed(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return tickets.select_related("group", "category", "customer", "assignee", "owner")


# What a list of tickets shows (tickets/rows.html, the start page): the ticket's own columns there and
# the names of its customer, group, category and holder. Loading every column of five joined tables
# instead made these lists 3-4x slower in Python (bench/tickets.py, 1,000,000 tickets): a page that
# needs more reads it through ticket_get.
ROW_FIELDS = (
    "summary",
    "state",
    "state_since",
    "next_due",
    "next_due_kind",
    "jira_key",
    "owner",
    "group__name",
    "category__name",
    "customer__name",
    "assignee__first_name",
    "assignee__last_name",
)


def _rows(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return tickets.select_related("group", "category", "customer", "assignee").only(*ROW_FIELDS)


def ticket_get(*, ctx: AccessContext, ticket_id: int) -> Ticket:
    """One ticket the user may see, with its customer (logged). NotFound otherwise: a ticket
    outside the user's scope is not told apart from one that does not exist."""
    ticket = (
        _listed(tickets_visible(user=ctx.actor))
        .select_related("contact", "parent")
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise NotFound(_("No such ticket."), field="id")
    _log(ctx, [ticket], "ticket")
    return ticket


EVENT_LABELS = {
    "created": gettext_lazy("Created"),
    "assigned": gettext_lazy("Assigned"),
    "substituted": gettext_lazy("Given to the substitute"),
    "comment": gettext_lazy("Comment"),
    "attachment": gettext_lazy("File added"),
    "edited": gettext_lazy("Edited"),
    "jira_created": gettext_lazy("Created in JIRA"),
    "jira_failed": gettext_lazy("JIRA did not take it"),
    "jira_resend": gettext_lazy("Sent to JIRA again"),
    "jira_status": gettext_lazy("Status in JIRA"),
    "jira_comment": gettext_lazy("Comment in JIRA"),
    **{name: move.label for name, move in MOVES.items()},
}


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    who: str
    what: str
    changes: list[tuple[str, str, str]]


def ticket_timeline(*, ticket: Ticket) -> list[TimelineEntry]:
    """Every change of the ticket, oldest first, in words: states and channels by their labels."""
    labels = {**dict(STATE_CHOICES), **dict(Ticket.Delivery.choices)}
    entries = []
    for event in ticket.events.select_related("actor"):
        who = (event.actor.get_full_name() or event.actor.username) if event.actor else event.actor_name
        changes = [
            (
                field,
                str(labels.get(old, old) if old is not None else "—"),
                str(labels.get(new, new) if new is not None else "—"),
            )
            for field, (old, new) in event.changes.items()
        ]
        entries.append(TimelineEntry(event.at, who, str(EVENT_LABELS.get(event.kind, event.kind)), changes))
    return entries


def ticket_comments(*, ticket: Ticket) -> dict[str, list]:
    comments = list(ticket.comments.select_related("author"))
    return {
        "internal": [c for c in comments if c.visibility == "internal"],
        "customer": [c for c in comments if c.visibility == "customer"],
    }


@dataclass(frozen=True)
class TicketFilter:
    state: str = ""  # a state, "open" or "" (any)
    group_id: int | None = None
    category_id: int | None = None
    priority: str = ""
    customer_id: int | None = None
    owner_id: int | None = None
    assignee_id: int | None = None
    breached: bool = False


def tickets_list(
    *, ctx: AccessContext, filters: TicketFilter, limit: int = 100, offset: int = 0
) -> tuple[list, int]:
    """The user's visible tickets matching the filters, the longest in their state first, and how
    many match. Customers shown are logged."""
    tickets = tickets_visible(user=ctx.actor)
    if filters.state == "open":
        tickets = tickets.filter(state__in=sorted(OPEN))
    elif filters.state:
        tickets = tickets.filter(state=filters.state)
    for field in ("group_id", "category_id", "customer_id", "owner_id", "assignee_id"):
        value = getattr(filters, field)
        if value is not None:
            tickets = tickets.filter(**{field: value})
    if filters.priority:
        tickets = tickets.filter(priority=filters.priority)
    if filters.breached:
        tickets = tickets.filter(next_due__lt=timezone.now())
    total = tickets.count()
    rows = list(_listed(tickets).order_by("state_since", "pk")[offset : offset + limit])
    _log(ctx, rows, "tickets")
    return rows, total


def escalations_mine(*, ctx: AccessContext, limit: int = 200) -> list[Ticket]:
    """ "My escalations": every ticket the user escalated and has not closed — its state, who holds
    it, since when. Solved ones (the answer still to deliver) first."""
    owned = _rows(Ticket.objects.filter(owner=ctx.actor))
    # The solved ones are read first and apart: however many others there are, none is cut off.
    tickets = list(owned.filter(state=State.SOLVED).order_by("state_since", "pk")[:limit])
    tickets += owned.exclude(state__in=[State.CLOSED, State.SOLVED]).order_by("state_since", "pk")[
        : limit - len(tickets)
    ]
    _log(ctx, tickets, "escalations")
    return tickets


def awaiting_delivery_mine(*, ctx: AccessContext, limit: int = 10) -> tuple[list[Ticket], int]:
    tickets = Ticket.objects.filter(owner=ctx.actor, state=State.SOLVED)
    rows = list(_rows(tickets).order_by("state_since", "pk")[:limit])
    _log(ctx, rows, "escalations")
    return rows, (len(rows) if len(rows) < limit else tickets.count())


def assigned_to_me(*, ctx: AccessContext, limit: int = 10) -> tuple[list[Ticket], int]:
    employee_id = _employee_id(ctx.actor)
    if employee_id is None:
        return [], 0
    tickets = Ticket.objects.filter(
        assignee_id=employee_id, state__in=sorted(OPEN - {State.SOLVED, State.DELIVERED})
    )
    rows = list(_rows(tickets).order_by("next_due", "pk")[:limit])
    _log(ctx, rows, "tickets_assigned")
    return rows, (len(rows) if len(rows) < limit else tickets.count())


def deadlines_due(*, ctx: AccessContext, ahead: timedelta = WARN_AHEAD, limit: int = 100) -> dict:
    """For team leads: tickets whose running clock is past its due time (breached) and those due
    within `ahead` (warnings), the most urgent `limit` of each by the stored `next_due` (one indexed
    range read each), and how many there are in all."""
    now = timezone.now()
    visible = _rows(tickets_visible(user=ctx.actor))
    found = {
        "breached": visible.filter(next_due__lt=now),
        "warnings": visible.filter(next_due__gte=now, next_due__lt=now + ahead),
    }
    out: dict = {}
    for key, tickets in found.items():
        out[key] = list(tickets.order_by("next_due", "pk")[:limit])
        out[f"{key}_total"] = len(out[key]) if len(out[key]) < limit else tickets.count()
    _log(ctx, out["breached"] + out["warnings"], "ticket_deadlines")
    return out


def groups_active() -> QuerySet[SupportGroup]:
    return SupportGroup.objects.filter(is_active=True).prefetch_related("categories").order_by("name")


def group_members(*, group: SupportGroup) -> list[Employee]:
    return list(Employee.objects.filter(group_memberships__group=group).order_by("last_name", "first_name"))
