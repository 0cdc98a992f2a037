from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from teenindus.telephony.queue_log import import_queue_log
from teenindus.telephony.simulator import simulate


class Command(BaseCommand):
    help = (
        "Simulate info-line traffic (Poisson arrivals, exponential handle times, impatient callers) and "
        "import it like a queue_log; --output writes the queue_log instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--agents", type=int, default=8)
        parser.add_argument("--start", type=date.fromisoformat, help="first day (default: --days ago)")
        parser.add_argument("--seed", type=int)
        parser.add_argument("--output", type=Path, help="write the queue_log here instead of importing it")

    def handle(self, *args, days, agents, start=None, seed=None, output=None, **options):
        if days < 1 or agents < 1:
            raise CommandError("--days and --agents must be at least 1")
        start = start or timezone.localdate() - timedelta(days=days)
        lines = simulate(start=start, days=days, agents=agents, seed=seed)
        if output:
            count = 0
            with output.open("w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(line + "\n")
                    count += 1
            self.stdout.write(f"{count} queue_log lines written to {output}")
            return
        report = import_queue_log(lines)
        self.stdout.write(
            f"simulated {start}..{start + timedelta(days=days - 1)} with {agents} agents: "
            f"{report.calls} calls, {report.new_events} new events ({report.known_events} already there)"
        )
