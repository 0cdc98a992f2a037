"""Where the team's staffing falls short: proposals from the workload figures, each a sentence with
its numbers (in the user's language, Estonian first) and the per-day figures behind it.

The rules (module constants below):
- Understaffed intervals: a 15-minute interval of a published roster's day is short when the
  agents rostered (breaks excluded) are at least STAFF_SHORT_MIN_AGENTS fewer than its staffing
  plan requires. Consecutive short intervals make a block; blocks with the same weekday, start and
  end across the period's weeks are one proposal. Size: mean shortage / mean requirement.
- Service level: a team queue's day is judged when at least SL_MIN_CALLS calls count in the SL
  denominator (offered − short-abandoned, threshold as set for the queue); a day below the team's
  target SL is listed, one proposal per queue. Size: (target − SL of those days) / target.
- Occupancy: an agent signed in at least OCCUPANCY_MIN_HOURS hours whose occupancy over the
  period is above the team's maximum. Size: (occupancy − maximum) / maximum.
- Forecast: a team queue's day with at least FORECAST_MIN_CALLS calls offered on which the
  forecast (after adjustments) was more than FORECAST_UNDER_SHARE below the calls offered
  ((actual − forecast) / actual > FORECAST_UNDER_SHARE), one proposal per queue. Size: the
  missing share over those days.
Proposals are ranked by size, largest first (ties: kind, then text)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teenindus.core.formatting import percent
from teenindus.telephony.intervals import slot_start

STAFF_SHORT_MIN_AGENTS = 0.5
SL_MIN_CALLS = 20
OCCUPANCY_MIN_HOURS = 4.0
FORECAST_UNDER_SHARE = 0.10
FORECAST_MIN_CALLS = 20

STAFFING, SERVICE_LEVEL, OCCUPANCY, FORECAST = "staffing", "service_level", "occupancy", "forecast"
KIND_ORDER = (STAFFING, SERVICE_LEVEL, OCCUPANCY, FORECAST)


@dataclass
class Proposal:
    kind: str
    size: float  # the relative gap (see the module's docstring)
    text: str
    details: list[str] = field(default_factory=list)


def _num(value: float, decimals: int = 1) -> str:
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def _day(day) -> str:
    return day.strftime("%d.%m.%Y")


def _clock(day, slot: int) -> str:
    """The local wall-clock time a slot starts (slots count real time from midnight, so on a day the
    clock changes the hour is right)."""
    return slot_start(day, slot).strftime("%H:%M")


def _blocks(day) -> list[tuple[int, int, float, float, float]]:
    """(first slot, end slot, mean required, mean rostered, mean short) of the day's runs of short
    intervals."""
    short = {s: (r, w) for s, (r, w) in day.slots.items() if r - w >= STAFF_SHORT_MIN_AGENTS}
    blocks, run = [], []
    for slot in sorted(short):
        if run and slot != run[-1] + 1:
            blocks.append(run)
            run = []
        run.append(slot)
    if run:
        blocks.append(run)
    out = []
    for slots in blocks:
        required = sum(short[s][0] for s in slots) / len(slots)
        rostered = sum(short[s][1] for s in slots) / len(slots)
        out.append((slots[0], slots[-1] + 1, required, rostered, required - rostered))
    return out


def _staffing(report) -> list[Proposal]:
    groups: dict[tuple[int, int, int], list] = defaultdict(list)
    for day in report.staffing:
        for first, end, required, rostered, short in _blocks(day):
            groups[(day.day.weekday(), first, end)].append((day.day, required, rostered, short))
    proposals = []
    for (_weekday, first, end), rows in groups.items():
        n = len(rows)
        required = sum(r[1] for r in rows) / n
        rostered = sum(r[2] for r in rows) / n
        short = sum(r[3] for r in rows) / n
        text = ngettext(
            "%(weekday)s %(start)s–%(end)s: %(short)s agents short on average (required %(required)s, "
            "rostered %(rostered)s), on %(count)s day: %(days)s.",
            "%(weekday)s %(start)s–%(end)s: %(short)s agents short on average (required %(required)s, "
            "rostered %(rostered)s), on %(count)s days: %(days)s.",
            n,
        ) % {
            "weekday": capfirst(dateformat.format(rows[0][0], "l")),
            "start": _clock(rows[0][0], first),
            "end": _clock(rows[0][0], end),
            "short": _num(short),
            "required": _num(required),
            "rostered": _num(rostered),
            "count": n,
            "days": ", ".join(_day(r[0]) for r in rows),
        }
        details = [
            _("%(day)s: required %(required)s, rostered %(rostered)s")
            % {"day": _day(d), "required": _num(r), "rostered": _num(w)}
            for d, r, w, _s in rows
        ]
        proposals.append(Proposal(STAFFING, short / required if required else 0.0, text, details))
    return proposals


def _service_level(report) -> list[Proposal]:
    target = float(report.settings.target_sl_percent) / 100
    by_queue: dict[str, list] = defaultdict(list)
    for row in report.queue_days:
        if row.sl_base >= SL_MIN_CALLS and row.service_level is not None and row.service_level < target:
            by_queue[row.queue].append(row)
    proposals = []
    for queue, rows in by_queue.items():
        calls = sum(r.sl_base for r in rows)
        level = sum(r.service_level * r.sl_base for r in rows) / calls
        text = ngettext(
            "Queue %(queue)s: service level below the target %(target)s on %(count)s day "
            "(%(days)s); on that day %(calls)s calls, service level %(sl)s.",
            "Queue %(queue)s: service level below the target %(target)s on %(count)s days "
            "(%(days)s); on those days %(calls)s calls, service level %(sl)s.",
            len(rows),
        ) % {
            "queue": queue,
            "target": percent(target),
            "count": len(rows),
            "days": ", ".join(_day(r.day) for r in rows),
            "calls": calls,
            "sl": percent(round(level, 4)),
        }
        details = [
            _("%(day)s: service level %(sl)s of %(calls)s calls")
            % {"day": _day(r.day), "sl": percent(r.service_level), "calls": r.sl_base}
            for r in rows
        ]
        proposals.append(Proposal(SERVICE_LEVEL, (target - level) / target, text, details))
    return proposals


def _occupancy(report) -> list[Proposal]:
    maximum = float(report.settings.max_occupancy_percent) / 100
    proposals = []
    for load in report.agents:
        if load.occupancy is None or load.signed_in_hours < OCCUPANCY_MIN_HOURS or load.occupancy <= maximum:
            continue
        text = _(
            "%(name)s: occupancy %(occupancy)s over the period, above the team's maximum %(max)s "
            "(%(hours)s hours signed in, %(answered)s calls answered)."
        ) % {
            "name": load.name,
            "occupancy": percent(load.occupancy),
            "max": percent(maximum),
            "hours": _num(load.signed_in_hours),
            "answered": load.answered,
        }
        proposals.append(Proposal(OCCUPANCY, (load.occupancy - maximum) / maximum, text))
    return proposals


def _forecast(report) -> list[Proposal]:
    by_queue: dict[str, list] = defaultdict(list)
    for row in report.queue_days:
        if row.forecast is None or row.actual < FORECAST_MIN_CALLS:
            continue
        if (row.actual - row.forecast) / row.actual > FORECAST_UNDER_SHARE:
            by_queue[row.queue].append(row)
    proposals = []
    for queue, rows in by_queue.items():
        actual = sum(r.actual for r in rows)
        forecast = sum(r.forecast for r in rows)
        missing = (actual - forecast) / actual
        text = ngettext(
            "Queue %(queue)s: the forecast under-estimated the calls by more than %(share)s on %(count)s "
            "day (%(days)s): forecast %(forecast)s, offered %(actual)s calls (%(missing)s fewer).",
            "Queue %(queue)s: the forecast under-estimated the calls by more than %(share)s on %(count)s "
            "days (%(days)s): forecast %(forecast)s, offered %(actual)s calls (%(missing)s fewer).",
            len(rows),
        ) % {
            "queue": queue,
            "share": percent(FORECAST_UNDER_SHARE, decimals=0),
            "count": len(rows),
            "days": ", ".join(_day(r.day) for r in rows),
            "forecast": _num(forecast),
            "actual": actual,
            "missing": percent(round(missing, 4)),
        }
        details = [
            _("%(day)s: forecast %(forecast)s, offered %(actual)s (error %(error)s)")
            % {
                "day": _day(r.day),
                "forecast": _num(r.forecast),
                "actual": r.actual,
                "error": percent(r.error),
            }
            for r in rows
        ]
        proposals.append(Proposal(FORECAST, missing, text, details))
    return proposals


def proposals_make(report) -> list[Proposal]:
    """Every proposal the figures support, largest gap first."""
    proposals = _staffing(report) + _service_level(report) + _occupancy(report) + _forecast(report)
    proposals.sort(key=lambda p: (-round(p.size, 6), KIND_ORDER.index(p.kind), p.text))
    return proposals
