from django.core.management.base import BaseCommand

from teenindus.people.services.conversations import conversations_schedule
from teenindus.people.services.reminders import reminders_requeue, reminders_send


class Command(BaseCommand):
    help = (
        "For sites that run it from cron instead of the worker (which does this daily): plan due "
        "conversations and decide the reminders of reviews and conversations; the worker mails them."
    )

    def handle(self, *args, **options):
        planned = conversations_schedule()
        decided = reminders_send()
        requeued = reminders_requeue()
        self.stdout.write(
            f"{planned} conversations planned, {decided} reminders to send, {requeued} enqueued again"
        )
