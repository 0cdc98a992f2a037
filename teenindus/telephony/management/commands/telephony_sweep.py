from django.core.management.base import BaseCommand

from teenindus.telephony.sweep import telephony_sweep


class Command(BaseCommand):
    help = (
        "For sites that run it from cron instead of the worker: agents rung past the ring timeout go to "
        "'missed', and rollups marked out of date are brought up to date (the worker does this every few "
        "seconds)."
    )

    def handle(self, *args, **options):
        done = telephony_sweep()
        self.stdout.write(
            f"ring timeouts: {done['ring_timeouts']}, call slots rebuilt: {done['call_rollups']}, "
            f"agent rollups refreshed: {done['agent_rollups']}"
        )
