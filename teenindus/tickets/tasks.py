"""Tickets' background work: JIRA, deadline warnings, absent people's work, deadlines recomputed."""

from datetime import time, timedelta

from django_tasks import task

from teenindus.core import periodic, worktime
from teenindus.tickets.services import jira_sync, upkeep


@task()
def ticket_jira_push_task(ticket_id: int) -> str:
    return jira_sync.ticket_jira_push(ticket_id=ticket_id)


@task()
def comment_jira_push_task(comment_id: int) -> str:
    return jira_sync.comment_jira_push(comment_id=comment_id)


@task()
def deadline_warnings_task() -> int:
    return upkeep.deadline_warnings_send()


@task()
def absent_work_task() -> int:
    return upkeep.absent_work_hand_over()


@task()
def deadlines_recompute_task() -> int:
    return upkeep.deadlines_recompute()


def _calendar_changed() -> None:
    """The calendar changed (called after its commit): a worker recomputes every open ticket's due times."""
    deadlines_recompute_task.enqueue()


periodic.register("tickets.deadline_warnings", deadline_warnings_task, every=timedelta(minutes=15))
periodic.register("tickets.absent_work", absent_work_task, daily_at=time(7, 0))
worktime.on_change(_calendar_changed)
