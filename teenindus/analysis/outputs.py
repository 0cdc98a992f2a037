"""The contact analysis as tables (the page's CSV/XLSX through core/exports, the one writer), as an
XLSX workbook and as an A4 PDF (WeasyPrint, as papers/rendering.py) for the heads of units."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teenindus.analysis.selectors import Report
from teenindus.core.exports import PERCENT, Column, Sheet, workbook_bytes

DATE_FORMAT = "%d.%m.%Y"
STYLESHEET = Path(__file__).with_name("pdf.css")


def period_label(period) -> str:
    return f"{period.start.strftime(DATE_FORMAT)}–{period.last_day.strftime(DATE_FORMAT)}"


def report_note(report: Report) -> str:
    unit = report.unit.name if report.unit else _("all topics")
    return _(
        "Contact analysis, %(unit)s, %(period)s; previous period %(previous)s; a year before %(year)s"
    ) % {
        "unit": unit,
        "period": period_label(report.period),
        "previous": period_label(report.previous),
        "year": period_label(report.last_year),
    }


def topic_columns() -> list[Column]:
    return [
        Column("topic", _("Topic")),
        Column("contacts", pgettext("customer contacts, a count", "Contacts")),
        Column("previous", _("Previous period")),
        Column("change", _("Change against the previous period")),
        Column("change_share", _("Change against the previous period, %"), PERCENT),
        Column("last_year", _("A year before")),
        Column("change_year", _("Change against a year before")),
        Column("change_year_share", _("Change against a year before, %"), PERCENT),
        Column("escalated", _("Escalated")),
        Column("escalation_share", _("Escalation share"), PERCENT),
        Column("answers", _("Survey answers")),
        Column("mean_satisfaction", _("Mean satisfaction (1–5)")),
        Column("solved_share", _("Solved, customers' view"), PERCENT),
    ]


def topic_rows(report: Report) -> list[dict]:
    return [
        {
            "topic": r.topic,
            "contacts": r.contacts,
            "previous": r.previous,
            "change": r.change,
            "change_share": r.change_share,
            "last_year": r.last_year,
            "change_year": r.change_year,
            "change_year_share": r.change_year_share,
            "escalated": r.escalated,
            "escalation_share": r.escalation_share,
            "answers": r.answers,
            "mean_satisfaction": round(r.mean_satisfaction, 2) if r.mean_satisfaction is not None else None,
            "solved_share": r.solved_share,
        }
        for r in report.topics
    ]


def _count_columns(first: str) -> list[Column]:
    return [
        Column("label", first),
        Column("contacts", pgettext("customer contacts, a count", "Contacts")),
        Column("previous", _("Previous period")),
        Column("change", _("Change against the previous period")),
        Column("last_year", _("A year before")),
        Column("change_year", _("Change against a year before")),
    ]


def _count_rows(rows) -> list[dict]:
    return [
        {
            "label": r.label,
            "contacts": r.contacts,
            "previous": r.previous,
            "change": r.change,
            "last_year": r.last_year,
            "change_year": r.change_year,
        }
        for r in rows
    ]


def note_columns() -> list[Column]:
    return [
        Column("day", _("Day")),
        Column("topic", _("Topic")),
        Column("kind", _("Source")),
        Column("text", _("Text")),
    ]


def note_rows(report: Report) -> list[dict]:
    kinds = {"contact": _("Contact note"), "survey": _("Customer's words (survey)")}
    return [
        {"day": n["day"], "topic": n["topic"], "kind": kinds[n["kind"]], "text": n["text"]}
        for n in report.notes
    ]


def growth_rows(report: Report) -> list[dict]:
    return [row for row in topic_rows(report) if row["topic"] in {r.topic for r in report.growth}]


def report_tables(report: Report) -> list[Sheet]:
    """The report's tables, in the order the page, the PDF and the workbook show them."""
    note = report_note(report)
    growth = {r.topic: i for i, r in enumerate(report.growth)}
    tables = [
        Sheet(_("Topics"), topic_columns(), topic_rows(report), note),
        Sheet(
            _("Topics that grew most"),
            topic_columns()[:5],
            sorted(growth_rows(report), key=lambda row: growth[row["topic"]]),
            note,
        ),
        Sheet(_("Channels"), _count_columns(_("Channel")), _count_rows(report.channels), note),
        Sheet(_("Outcomes"), _count_columns(_("Outcome")), _count_rows(report.outcomes), note),
    ]
    if report.include_notes:
        tables.append(Sheet(_("Free-text notes"), note_columns(), note_rows(report), note))
    return tables


def report_xlsx(report: Report) -> bytes:
    return workbook_bytes(sheets=report_tables(report))


def report_pdf(report: Report, *, agency=None) -> bytes:
    from weasyprint import CSS, HTML

    from teenindus.org.models import Agency

    agency = agency or Agency.objects.order_by("pk").first()
    html = render_to_string(
        "analysis/pdf.html",
        {
            "report": report,
            "agency": agency,
            "period": period_label(report.period),
            "previous": period_label(report.previous),
            "last_year": period_label(report.last_year),
            "note": report_note(report),
            "tables": report_tables(report),
        },
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
