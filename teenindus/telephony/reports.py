"""The call figures as a team lead reads them: the headings, the abbreviations explained and the
service-level definition in the user's language, and the export's columns (times as date cells,
rates as percent cells). The figures themselves come from selectors (domain.md's definitions)."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from teenindus.core.exports import DATE, DATETIME, PERCENT, Column

# The contact-centre abbreviations on the page, each with what it means (shown as its title and
# in the legend under the table).
ABBREVIATIONS = {
    "SL": _("service level: calls answered within the queue's threshold T / (offered − short abandons)"),
    "ASA": _("average speed of answer: the average wait of answered calls, in seconds"),
    "AHT": _("average handle time: talk, hold and after-call work per handled call, in seconds"),
}
SL_DEFINITION = _(
    "Service level (SL) = calls answered within the threshold T / (calls offered − short abandons). "
    "Service level threshold and short abandons as set for each queue; "
    "a call counts in the interval in which it entered the queue."
)

CALL_COLUMNS = [
    Column("period_start", _("Period start"), DATETIME),
    Column("offered", _("Offered")),
    Column("answered", _("Answered")),
    Column("abandoned", _("Abandoned")),
    Column("short_abandoned", _("Short abandons")),
    Column("timed_out", _("Timed out")),
    Column("withdrawn", _("Withdrawn")),
    Column("service_level", _("Service level (SL)"), PERCENT),
    Column("asa_seconds", _("Average speed of answer (ASA), s")),
    Column("aht_seconds", _("Average handle time (AHT), s")),
    Column("max_wait_seconds", _("Longest wait, s")),
    Column("abandon_rate", _("Abandon rate"), PERCENT),
    Column("occupancy", _("Occupancy"), PERCENT),
    Column("utilisation", _("Utilisation"), PERCENT),
]
AGENT_COLUMNS = [
    Column("name", _("Agent")),
    Column("extension", _("Extension")),
    Column("answered", _("Answered")),
    Column("asa_seconds", _("Average speed of answer (ASA), s")),
    Column("aht_seconds", _("Average handle time (AHT), s")),
    Column("occupancy", _("Occupancy"), PERCENT),
    Column("utilisation", _("Utilisation"), PERCENT),
    Column("signed_in_hours", _("Signed in, h")),
    Column("break_hours", _("Breaks, h")),
]
TOPIC_COLUMNS = [
    Column("topic", _("Topic")),
    Column("outcome_label", _("Outcome")),
    Column("contacts", _("Number of contacts")),
]


def call_columns(granularity: str) -> list[Column]:
    """A day, week or month starts at midnight: its start reads as a date."""
    if granularity in ("day", "week", "month"):
        return [Column("period_start", _("Period start"), DATE), *CALL_COLUMNS[1:]]
    return CALL_COLUMNS


def call_rows_for_export(rows: list[dict]) -> list[dict]:
    """The rows with each period's start as a time (a date/time cell), not its ISO text."""
    return [{**row, "period_start": datetime.fromisoformat(row["period_start"])} for row in rows]
