import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from teenindus.core.exceptions import ApplicationError
from teenindus.org.models import Position
from teenindus.people.jd_parser import parse_job_description
from teenindus.people.jd_sources import document_lines
from teenindus.people.services.job_descriptions import job_description_save


class Command(BaseCommand):
    help = (
        "Import a job description (.txt as extracted from PDF, .md, .docx, .pdf). With --dry-run nothing "
        "is saved; with --json the parsed record is printed as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--position", type=int, help="the position (id) the description belongs to")
        parser.add_argument("--dry-run", action="store_true", help="parse and show, save nothing")
        parser.add_argument("--json", action="store_true", help="print the parsed record as JSON")

    def handle(self, *args, file: Path, position=None, dry_run=False, json=False, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        target = None
        if position is not None:
            target = Position.objects.filter(pk=position).select_related("unit__agency").first()
            if target is None:
                raise CommandError(f"No position with id {position}")
        try:
            parsed = parse_job_description(document_lines(file.name, file.read_bytes()))
        except ApplicationError as exc:
            readable = exc.extra.get("text", "")
            raise CommandError(f"{exc.message}\n{readable}".rstrip()) from exc
        for warning in parsed.warnings:
            self.stderr.write(f"warning: {warning}")
        for text in parsed.record["unplaced"]:
            self.stderr.write(f"unplaced: {text}")
        if json:
            self.stdout.write(_json(parsed.record))
        else:
            record = parsed.record
            self.stdout.write(
                f"{record['title']} ({record['unit']}): {len(record['duties'])} duties, "
                f"{sum(len(d['results']) for d in record['duties'])} results, "
                f"{len(record['rights'])} rights, "
                f"{len(record['responsibilities'])} responsibilities, "
                f"{len(record['requirements']['languages'])} languages, "
                f"{len(record['requirements']['competencies'])} competencies, "
                f"{len(record['unplaced'])} unplaced"
            )
        if dry_run:
            return
        try:
            result = job_description_save(
                actor=None, record=parsed.record, position=target, source_name=file.name
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        out = self.stderr if json else self.stdout
        out.write(
            f"saved: {result.job_description.position} version {result.version.number}"
            + (f"; new units: {', '.join(result.created_units)}" if result.created_units else "")
            + (f"; new positions: {', '.join(result.created_positions)}" if result.created_positions else "")
            + (f"; no position found for: {', '.join(result.unresolved)}" if result.unresolved else "")
        )


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
