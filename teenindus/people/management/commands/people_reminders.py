from django.core.management.base import BaseCommand

from teenindus.people.services.conversations import conversations_schedule, reminders_send


class Command(BaseCommand):
    help = (
        "Plan due conversations and remind managers and the HR partner of reviews and conversations (daily)."
    )

    def handle(self, *args, **options):
        planned = conversations_schedule()
        sent = reminders_send()
        self.stdout.write(f"{planned} conversations planned, {sent} reminders sent")
