"""A group kept in JIRA: its tickets are created there by the worker, and JIRA's webhooks bring the
status and the comments back into the ticket's timeline.

- `ticket_jira_push` runs as a task after the commit. It holds the ticket's row (SKIP LOCKED: one
  worker at a time), and the adapter's create is idempotent (it looks for the ticket's label first),
  so a retry after a lost answer never makes a second issue. JIRA down (or 5xx/429) is retried with
  a growing delay and shown on the ticket; a 4xx is shown on the ticket with JIRA's message until
  someone sends it again. Nothing is lost: the ticket stays "pending"/"failed" where people see it.
- `jira_webhook_apply` applies each change once (the change's id is kept on the timeline event),
  moving the ticket along the same table of moves as a person would, as the system.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core.exceptions import NotFound, PermissionDeniedError, ValidationFailed
from teenindus.tickets import jira
from teenindus.tickets.models import SupportGroup, Ticket, TicketComment
from teenindus.tickets.moves import MOVES, State
from teenindus.tickets.selectors import is_owner_side, is_second_level
from teenindus.tickets.services import notify
from teenindus.tickets.services.common import deadlines_refresh, event_record, ticket_lock

MAX_ATTEMPTS = 8
# Our priorities as JIRA's default priority scheme names them.
JIRA_PRIORITY = {"low": "Low", "normal": "Medium", "high": "High", "urgent": "Highest"}
# Not sooner than 30 s: JIRA Cloud's search (how a retried create finds the issue a lost answer
# made) lags a few seconds behind.
RETRY_AFTER = [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30)]


def jira_client(group: SupportGroup) -> jira.JiraClient:
    return jira.JiraClient(
        jira.JiraConfig(
            base_url=settings.JIRA_URL,
            project_key=group.jira_project_key,
            issue_type=group.jira_issue_type or "Task",
            user=settings.JIRA_USER,
            api_token=settings.JIRA_API_TOKEN,
            field_map=dict(group.jira_field_map or {}),
        )
    )


def _later(task, pk: int, after: timedelta | None) -> None:
    runner = task if after is None else task.using(run_after=timezone.now() + after)
    transaction.on_commit(lambda: runner.enqueue(pk))


def jira_push_later(ticket_id: int, *, after: timedelta | None = None) -> None:
    from teenindus.tickets.tasks import ticket_jira_push_task

    _later(ticket_jira_push_task, ticket_id, after)


def comment_push_later(comment_id: int, *, after: timedelta | None = None) -> None:
    from teenindus.tickets.tasks import comment_jira_push_task

    _later(comment_jira_push_task, comment_id, after)


def _failed(ticket: Ticket, exc: jira.JiraError, fields: list[str]) -> None:
    ticket.jira_attempts += 1
    ticket.jira_error = f"{exc.status or '-'}: {exc.message}"[:500]
    if isinstance(exc, jira.JiraUnavailable) and ticket.jira_attempts < MAX_ATTEMPTS:
        jira_push_later(ticket.pk, after=RETRY_AFTER[min(ticket.jira_attempts, len(RETRY_AFTER)) - 1])
    else:
        ticket.jira_sync = Ticket.JiraSync.FAILED
        event_record(
            ticket,
            actor=None,
            actor_name="JIRA",
            kind="jira_failed",
            changes={"error": [None, ticket.jira_error]},
        )
    fields += ["jira_attempts", "jira_error", "jira_sync"]


def ticket_jira_push(*, ticket_id: int) -> str:
    """Create the ticket's issue in JIRA. "sent", "done" (sent before, or another worker has it),
    "retry" or "failed"."""
    with transaction.atomic():
        ticket = (
            # of=self: the ticket's row only (PostgreSQL refuses FOR UPDATE on the outer join
            # to a nullable customer, and the group's row is not ours to hold).
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("group", "category", "customer")
            .filter(pk=ticket_id, jira_sync=Ticket.JiraSync.PENDING)
            .first()
        )
        if ticket is None:
            return "done"
        fields: list[str] = []
        try:
            if not settings.JIRA_URL:
                raise jira.JiraRejected(_("JIRA is not set up for Teenindus (JIRA_URL)."))
            ref = jira_client(ticket.group).issue_create(
                summary=ticket.summary,
                description=_description(ticket),
                priority=JIRA_PRIORITY.get(ticket.priority),
                labels=["teenindus", ticket.category.code],
                fields=dict(ticket.details),
                idempotency_label=f"{settings.JIRA_LABEL_PREFIX}-{ticket.pk}",
            )
        except jira.JiraError as exc:
            _failed(ticket, exc, fields)
            ticket.save(update_fields=[*fields, "updated_at"])
            return "retry" if ticket.jira_sync == Ticket.JiraSync.PENDING else "failed"
        ticket.jira_key, ticket.jira_sync, ticket.jira_error = ref.key, Ticket.JiraSync.SYNCED, ""
        ticket.jira_attempts += 1
        changes = {"jira_key": [None, ref.key]}
        if ticket.state == State.NEW:  # JIRA holds it now, as an assignee would
            changes["state"] = [State.NEW, State.ASSIGNED]
            ticket.state, ticket.state_since = State.ASSIGNED, timezone.now()
        changed = deadlines_refresh(ticket)
        ticket.save(
            update_fields=[
                *changed,
                "jira_key",
                "jira_sync",
                "jira_error",
                "jira_attempts",
                "state",
                "state_since",
                "updated_at",
            ]
        )
        event_record(ticket, actor=None, actor_name="JIRA", kind="jira_created", changes=changes)
        for comment in ticket.comments.filter(jira_pending=True).values_list("pk", flat=True):
            comment_push_later(comment)
    return "sent"


def _description(ticket: Ticket) -> str:
    lines = [ticket.description, ""]
    for key, value in ticket.details.items():
        lines.append(f"{key}: {value}")
    lines.append(f"Teenindus #{ticket.pk}")
    return "\n".join(lines)


@transaction.atomic
def ticket_jira_resend(*, actor, ticket_id: int) -> Ticket:
    """Send a ticket JIRA refused (or that ran out of tries) again."""
    ticket = ticket_lock(ticket_id)
    if not (is_owner_side(user=actor, ticket=ticket) or is_second_level(user=actor, ticket=ticket)):
        raise PermissionDeniedError(_("Your part in this ticket does not allow this."))
    if ticket.group.kind != SupportGroup.Kind.JIRA or ticket.jira_sync != Ticket.JiraSync.FAILED:
        raise ValidationFailed(_("This ticket is not waiting to be sent to JIRA."), field="ticket")
    ticket.jira_sync, ticket.jira_attempts = Ticket.JiraSync.PENDING, 0
    ticket.save(update_fields=["jira_sync", "jira_attempts", "updated_at"])
    event_record(ticket, actor=actor, kind="jira_resend", changes={})
    jira_push_later(ticket.pk)
    return ticket


def comment_jira_push(*, comment_id: int) -> str:
    with transaction.atomic():
        comment = (
            TicketComment.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("ticket__group", "author")
            .filter(pk=comment_id, jira_pending=True)
            .first()
        )
        if comment is None:
            return "done"
        if not comment.ticket.jira_key:
            return "waiting"  # sent with the issue, once it exists (ticket_jira_push enqueues it)
        author = comment.author.get_full_name() if comment.author else ""
        try:
            external = jira_client(comment.ticket.group).comment_add(
                key=comment.ticket.jira_key,
                body=f"{author} (Teenindus): {comment.body}",
                idempotency_key=f"{settings.JIRA_LABEL_PREFIX}-comment-{comment.pk}",
            )
        except jira.JiraUnavailable:
            comment_push_later(comment.pk, after=RETRY_AFTER[1])
            return "retry"
        except jira.JiraRejected as exc:
            comment.jira_pending = False
            comment.save(update_fields=["jira_pending", "updated_at"])
            event_record(
                comment.ticket,
                actor=None,
                actor_name="JIRA",
                kind="jira_failed",
                changes={"error": [None, f"{exc.status}: {exc.message}"[:500]]},
            )
            return "failed"
        comment.external_id, comment.jira_pending = str(external), False
        comment.save(update_fields=["external_id", "jira_pending", "updated_at"])
    return "sent"


def _move_for(ticket: Ticket, target: str) -> str | None:
    for name, move in MOVES.items():
        if (
            name != "assign"
            and move.target == target
            and ticket.state in move.sources
            and move.who != "owner"
        ):
            return name
    return None


def jira_webhook_apply(*, payload: dict) -> dict:
    """Apply a JIRA webhook: status moves along the table (as the system), comments into the
    timeline, each change once. NotFound for an issue that is no ticket of ours."""
    from teenindus.tickets.services.lifecycle import ticket_move

    changes = jira.webhook_parse(payload)
    applied = 0
    for change in changes:
        with transaction.atomic():
            ticket = (
                Ticket.objects.select_for_update(of=("self",))
                .select_related("group")
                .filter(jira_key=change.key)
                .first()
            )
            if ticket is None:
                raise NotFound(
                    _("No ticket is linked to JIRA issue %(key)s.") % {"key": change.key}, field="issue"
                )
            if ticket.events.filter(external_id=change.change_id).exists():
                continue  # JIRA sent it before
            if change.kind == "comment":
                if ticket.comments.filter(external_id=str(change.comment_id)).exists():
                    continue  # our own comment, come back
                comment = TicketComment.objects.create(
                    ticket=ticket,
                    author_name=change.author or "JIRA",
                    visibility=TicketComment.Visibility.INTERNAL,
                    body=change.body,
                    external_id=str(change.comment_id),
                )
                _event_once(ticket, kind="jira_comment", changes={}, change=change)
                notify.on_reply(
                    ticket, comment_id=comment.pk, author=change.author or "JIRA", body=change.body
                )
            elif change.kind == "status":
                mapping = {**jira.DEFAULT_STATUS_MAP, **(ticket.group.jira_status_map or {})}
                target = jira.status_category(change.status_to, mapping)
                _event_once(
                    ticket,
                    kind="jira_status",
                    changes={"jira_status": [change.status_from, change.status_to]},
                    change=change,
                )
                move = _move_for(ticket, target) if target else None
                if move is not None:
                    note = ""
                    if move == "solve":  # the answer: JIRA's last comment
                        last = ticket.comments.exclude(external_id="").filter(author__isnull=True).last()
                        note = (
                            last.body if last else _("Solved in JIRA (%(key)s).") % {"key": ticket.jira_key}
                        )
                    elif move in ("wait_customer", "wait_first_level"):
                        note = _("JIRA: %(status)s") % {"status": change.status_to}
                    ticket_move(actor=None, ticket_id=ticket.pk, move=move, version=None, note=note)
            applied += 1
    return {"changes": len(changes), "applied": applied}


def _event_once(ticket: Ticket, *, kind: str, changes: dict, change) -> None:
    try:
        with transaction.atomic():
            event_record(
                ticket,
                actor=None,
                actor_name=change.author or "JIRA",
                kind=kind,
                changes=changes,
                at=change.at or timezone.now(),
                external_id=change.change_id,
            )
    except IntegrityError:
        pass  # a concurrent delivery of the same webhook recorded it
