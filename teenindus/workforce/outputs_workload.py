"""The workload page's charts (server-side SVG, core/charts.py) and its A4 PDF (WeasyPrint, as
analysis/outputs.py makes its PDF: a template and a stylesheet beside this module)."""

from collections import defaultdict
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from teenindus.core import charts

STYLESHEET = Path(__file__).with_name("workload_pdf.css")
PDF = "application/pdf"


def occupancy_chart(report):
    """Occupancy per agent as horizontal bars (percent), agents with figures only."""
    rows = [load for load in report.agents if load.occupancy is not None]
    if not rows:
        return None
    return charts.hbar_chart(
        _("Occupancy per agent"),
        [load.name for load in rows],
        [(_("Occupancy"), [round(load.occupancy * 100, 1) for load in rows])],
        unit="%",
    )


def forecast_chart(report):
    """Forecast (after adjustments) against calls offered per day, the team's queues together."""
    forecast: dict = defaultdict(float)
    actual: dict = defaultdict(int)
    for row in report.queue_days:
        forecast[row.day] += row.forecast or 0.0
        actual[row.day] += row.actual
    days = sorted(actual)
    if not days:
        return None
    return charts.bar_chart(
        _("Forecast against calls offered per day"),
        [day.strftime("%d.%m") for day in days],
        [
            (_("Forecast"), [round(forecast[day], 1) for day in days]),
            (_("Offered"), [float(actual[day]) for day in days]),
        ],
        unit=_("calls"),
    )


def workload_context(report) -> dict:
    return {
        "report": report,
        "occupancy_chart": occupancy_chart(report),
        "forecast_chart": forecast_chart(report),
    }


def workload_pdf(report) -> bytes:
    from weasyprint import CSS, HTML

    context = {**workload_context(report), "agency": report.unit.agency}
    html = render_to_string("workforce/workload/pdf.html", context)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
