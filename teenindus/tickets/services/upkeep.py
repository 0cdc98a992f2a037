"""The worker's periodic ticket work: deadline warnings, work of absent people to their stand-ins,
and the stored deadlines recomputed when the calendar changes."""

from django.db import transaction
from django.utils import timezone

from teenindus.core import worktime
from teenindus.tickets.models import Ticket, TicketPause
from teenindus.tickets.moves import OPEN
from teenindus.tickets.selectors import WARN_AHEAD
from teenindus.tickets.services import assignment, notify
from teenindus.tickets.services.common import deadlines_refresh, event_record

BATCH = 500


def deadline_warnings_send() -> int:
    """Warn the owner and the holder of every ticket whose running clock is due within WARN_AHEAD,
    once per due time (the outbox's key carries it): a second run decides nothing new."""
    now = timezone.now()
    queued = 0
    due = Ticket.objects.filter(next_due__gte=now, next_due__lt=now + WARN_AHEAD).select_related(
        "owner", "assignee__user", "group"
    )
    for ticket in due.iterator(chunk_size=BATCH):
        with transaction.atomic():
            queued += notify.on_deadline_near(ticket)
    return queued


def absent_work_hand_over() -> int:
    """Open tickets held by someone away today go to their group's next member, or their substitute."""
    moved = 0
    ids = list(Ticket.objects.filter(assignment.absent_assignees_open()).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            ticket = (
                Ticket.objects.select_for_update().filter(assignment.absent_assignees_open(), pk=pk).first()
            )
            if ticket is None:
                continue  # handed over meanwhile, or back at work
            away = ticket.assignee
            chosen = assignment.assignee_pick(ticket.group) or assignment.stand_in(away)
            if chosen is None or chosen.pk == away.pk:
                continue
            ticket.assignee = chosen
            event_record(
                ticket,
                actor=None,
                actor_name="Teenindus",
                kind="substituted",
                changes={"assignee": [str(away), str(chosen)]},
            )
            ticket.version += 1
            ticket.save(update_fields=["assignee", "version", "updated_at"])
            notify.on_assigned(ticket)
            moved += 1
    return moved


def deadlines_recompute(*, ticket_ids: list[int] | None = None) -> int:
    """Recompute the stored due times of open tickets (all, or these) on the current calendar, in
    batches, the calendar loaded once. Returns how many changed. Rows are locked (SKIP LOCKED: a
    ticket being changed right now is recomputed by that change itself)."""
    cal = worktime.calendar_load()
    changed_count = 0
    tickets = Ticket.objects.filter(state__in=sorted(OPEN))
    if ticket_ids is not None:
        tickets = tickets.filter(pk__in=ticket_ids)
    ids = list(tickets.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with transaction.atomic():
            rows = list(Ticket.objects.select_for_update(skip_locked=True).filter(pk__in=chunk))
            pauses: dict[int, list] = {}
            for pause in TicketPause.objects.filter(ticket_id__in=[t.pk for t in rows]).order_by(
                "started_at"
            ):
                pauses.setdefault(pause.ticket_id, []).append((pause.started_at, pause.ended_at, pause.state))
            dirty = []
            for ticket in rows:
                if deadlines_refresh(ticket, cal=cal, pauses=pauses.get(ticket.pk, [])):
                    dirty.append(ticket)
            Ticket.objects.bulk_update(
                dirty,
                ["response_due", "solution_due", "delivery_due", "next_due", "next_due_kind"],
                batch_size=BATCH,
            )
            changed_count += len(dirty)
    return changed_count
