import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from teenindus.telephony.queue_log import import_queue_log


class Command(BaseCommand):
    help = "Import an Asterisk queue_log file (again on the same or a grown file stores only what is new)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, json: bool = False, no_progress: bool = False, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        size = file.stat().st_size
        progress = Progress(
            TextColumn("queue_log"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            disable=no_progress or json,
            transient=False,
            console=None,
        )
        with progress, file.open(encoding="utf-8", errors="replace", newline="") as handle:
            task = progress.add_task("import", total=size)
            report = import_queue_log(handle, progress=lambda n: progress.advance(task, n))
        if json:
            self.stdout.write(_json(report.as_dict()))
            return
        self.stdout.write(
            f"{report.lines} lines: {report.new_events} new events, {report.known_events} already imported, "
            f"{report.calls} calls, {report.state_changes} agent state changes"
        )
        if report.duplicates:
            self.stdout.write(f"{report.duplicates} duplicate line(s) skipped")
        if report.nul_lines:
            self.stdout.write(f"{report.nul_lines} line(s) with NUL bytes read without them")
        if report.cut_states:
            self.stdout.write(f"{report.cut_states} agent state(s) open at the end of the log closed there")
        for number, error in report.errors:
            self.stderr.write(f"line {number}: {error}")
        for verb, count in sorted(report.unknown_events.items()):
            self.stdout.write(f"skipped unknown event {verb}: {count} line(s)")
        for verb, count in sorted(report.ignored_events.items()):
            self.stdout.write(f"ignored {verb}: {count} line(s)")
        for pair in report.paired:
            self.stdout.write(f"member name {pair['name']} paired with agent {pair['agent']}")
        for name in report.unpaired:
            self.stdout.write(
                f"member name {name['name']} not paired (map it in the extension table): "
                f"first line {name['first_line']}: {name['first']} | "
                f"last line {name['last_line']}: {name['last']}"
            )
        if report.new_agents:
            self.stdout.write(
                "unmapped agents created (link them to employees): " + ", ".join(report.new_agents)
            )
        if report.new_queues:
            self.stdout.write("queues created: " + ", ".join(report.new_queues))


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
