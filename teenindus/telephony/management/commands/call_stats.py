import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from teenindus.telephony.intervals import GRANULARITIES
from teenindus.telephony.models import Agent, Queue
from teenindus.telephony.selectors import FIELDS, SL_VARIANT, calls_stats


class Command(BaseCommand):
    help = f"Call statistics per period ({SL_VARIANT}); --end is exclusive."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, type=date.fromisoformat)
        parser.add_argument("--end", required=True, type=date.fromisoformat)
        parser.add_argument("--granularity", default="day", choices=GRANULARITIES)
        parser.add_argument("--queue")
        parser.add_argument("--agent", help="extension")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, start, end, granularity, queue=None, agent=None, json=False, **options):
        if end <= start:
            raise CommandError("--end must be after --start")
        queue_obj = Queue.objects.filter(name=queue).first() if queue else None
        if queue and queue_obj is None:
            raise CommandError(f"Unknown queue: {queue}")
        agent_obj = Agent.objects.filter(extension=agent).first() if agent else None
        if agent and agent_obj is None:
            raise CommandError(f"Unknown agent: {agent}")
        rows = calls_stats(start=start, end=end, granularity=granularity, queue=queue_obj, agent=agent_obj)
        if json:
            self.stdout.write(_dumps(rows))
            return
        self.stdout.write(SL_VARIANT)
        self.stdout.write("\t".join(FIELDS))
        for row in rows:
            self.stdout.write("\t".join("" if row[f] is None else str(row[f]) for f in FIELDS))


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
