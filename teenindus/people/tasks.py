"""People's background work: reminder mails and the daily conversation planning."""

from datetime import time

from django_tasks import task

from teenindus.core import periodic
from teenindus.people.services import reminders
from teenindus.people.services.conversations import conversations_schedule


@task()
def reminder_deliver(reminder_id: int) -> str:
    return reminders.reminder_deliver(reminder_id=reminder_id)


@task()
def people_daily() -> dict:
    """Plan due conversations, decide the reminders, enqueue again any delivery that was lost."""
    planned = conversations_schedule()
    decided = reminders.reminders_send()
    requeued = reminders.reminders_requeue()
    return {"planned": planned, "reminders": decided, "requeued": requeued}


periodic.register("people.daily", people_daily, daily_at=time(6, 0))
