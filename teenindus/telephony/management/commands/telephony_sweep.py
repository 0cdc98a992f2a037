from django.core.management.base import BaseCommand

from teenindus.telephony.rollups import agent_state_intervals_flush
from teenindus.telephony.routing import ring_timeouts_expire


class Command(BaseCommand):
    help = (
        "Run every few seconds from a timer: agents rung past the ring timeout go to 'missed', and agents' "
        "state rollups marked out of date are brought up to date."
    )

    def handle(self, *args, **options):
        expired = ring_timeouts_expire()
        flushed = agent_state_intervals_flush()
        self.stdout.write(f"ring timeouts: {len(expired)}, agent rollups refreshed: {flushed}")
