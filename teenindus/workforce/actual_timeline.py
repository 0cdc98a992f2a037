"""Planned against actual, computed: one person's state spans set against their shifts. Pure
functions of the rows given (no database), so every figure can be checked by hand.

Definitions (the page shows them too):

- **Scheduled time** of a shift: its length minus its break. Up to now for a shift in progress.
- **Signed in**: any state but offline. Before a person's first span (and with no span at all)
  they count as offline.
- **Worked**: signed in, less the time in the break state. **Conformance** = worked / scheduled.
  Signed-in time is counted once: inside a shift (on the shift's day, even past midnight) or
  outside every shift (on the local day it happened).
- **Adherence** = the share of the shift (work time and scheduled break, up to now) spent in the
  scheduled activity: during work time the phone states (available, ringing, on a call, after-call
  work, missed) count; during the scheduled break the break state or being signed out counts.
  Training and meetings during work time do not count: the roster schedules no training or meeting
  per person (they are shrinkage in the staffing plan), so time away from the phones in them is
  not the scheduled activity; the page shows it in its own column so the lead can tell it apart.
  A shift with a break but no break start has its break in the middle of the shift.
- **Exceptions**: late start (first sign-in in the shift more than LATE_START_MINUTES after its
  start), early end (last signed-in moment more than EARLY_END_MINUTES before its end), long break
  (the break state longer than the scheduled break + LONG_BREAK_MINUTES, in one go or in total
  within the shift), unscheduled work (signed in more than UNSCHEDULED_MINUTES outside every shift
  on a day; on a day without a shift all of it is outside), absent (a shift over without any
  sign-in). The same tolerance on a day without a shift keeps a night shift's last minutes past
  its end (on the next, shift-less day) from being flagged when a day shift's would not be.
  Days without a shift but with signed-in time are listed whatever its length."""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _

from teenindus.core.localtime import local_midnight
from teenindus.telephony.models import AgentState as S

PHONE_STATES = frozenset({S.AVAILABLE, S.RINGING, S.ON_CALL, S.ACW, S.MISSED})
BREAK_OK_STATES = frozenset({S.BREAK, S.OFFLINE})
SIGNED_IN_STATES = frozenset(S.values) - {S.OFFLINE}
OTHER_WORK_STATES = frozenset({S.TRAINING, S.MEETING})

LATE_START_MINUTES = 5
EARLY_END_MINUTES = 5
LONG_BREAK_MINUTES = 5
UNSCHEDULED_MINUTES = 15

LATE = "late_start"
EARLY = "early_end"
LONG_BREAK = "long_break"
UNSCHEDULED = "unscheduled"
ABSENT = "absent"


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime
    state: str


@dataclass(frozen=True)
class PlannedShift:
    """A shift as planned (the fields of workforce.Shift this module reads)."""

    day: date
    starts_at: datetime
    ends_at: datetime
    break_starts_at: datetime | None = None
    break_minutes: int = 0
    on_holiday: bool = False
    night_minutes: int = 0

    @property
    def break_window(self) -> tuple[datetime, datetime] | None:
        if not self.break_minutes:
            return None
        length = timedelta(minutes=self.break_minutes)
        start = self.break_starts_at or self.starts_at + (self.ends_at - self.starts_at - length) / 2
        window = max(start, self.starts_at), min(start + length, self.ends_at)
        return window if window[1] > window[0] else None

    @property
    def planned_seconds(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() - self.break_minutes * 60


@dataclass(frozen=True)
class Exception_:
    kind: str
    starts: datetime
    ends: datetime | None
    minutes: int
    text: str


@dataclass
class DayFigures:
    """One person's day: their shift of that day (if any) and what they did."""

    day: date
    shift: PlannedShift | None
    planned: float = 0.0  # seconds: the whole shift's work time
    scheduled: float = 0.0  # seconds of work time up to now
    shift_elapsed: float = 0.0  # seconds of the shift (work and break) up to now
    adherent: float = 0.0
    inside: float = 0.0  # signed in within the shift
    outside: float = 0.0  # signed in outside every shift, on this local day
    breaks: float = 0.0  # in the break state (inside and outside)
    other_work: float = 0.0  # training and meetings within the shift's work time
    exceptions: list[Exception_] = field(default_factory=list)
    absent: bool = False
    upcoming: bool = False  # the shift has not started yet

    @property
    def signed_in(self) -> float:
        return self.inside + self.outside

    @property
    def worked(self) -> float:
        return self.inside + self.outside - self.breaks

    @property
    def adherence(self) -> float | None:
        return self.adherent / self.shift_elapsed if self.shift_elapsed > 0 else None

    @property
    def conformance(self) -> float | None:
        return self.worked / self.scheduled if self.scheduled > 0 else None


class Timeline:
    """A person's spans, made consecutive: a span ends at the latest where the next begins (a later
    state replaces an earlier one), an open span (end None) runs until now, nothing runs past now."""

    def __init__(self, spans, *, now: datetime):
        ordered = sorted(spans, key=lambda s: s[1])
        cleaned: list[Span] = []
        for i, (state, start, end) in enumerate(ordered):
            end = now if end is None else min(end, now)
            if i + 1 < len(ordered):
                end = min(end, ordered[i + 1][1])
            if end > start:
                cleaned.append(Span(start, end, state))
        self.spans = cleaned
        # as POSIX seconds: the figures are sums of differences, exact for whole seconds
        self._starts = [s.start.timestamp() for s in cleaned]
        self._ends = [s.end.timestamp() for s in cleaned]
        self._states = [s.state for s in cleaned]

    def by_state(self, a: datetime, b: datetime) -> dict[str, float]:
        """Seconds per state within [a, b), in one pass over the spans there."""
        out: dict[str, float] = {}
        lo, hi = a.timestamp(), b.timestamp()
        starts, ends, states = self._starts, self._ends, self._states
        i = max(bisect_right(starts, lo) - 1, 0)
        while i < len(starts) and starts[i] < hi:
            piece = (ends[i] if ends[i] < hi else hi) - (starts[i] if starts[i] > lo else lo)
            if piece > 0:
                out[states[i]] = out.get(states[i], 0.0) + piece
            i += 1
        return out

    def seconds(self, a: datetime, b: datetime, states) -> float:
        counted = self.by_state(a, b)
        return sum(counted.get(state, 0.0) for state in states)

    def stretches(self, a: datetime, b: datetime, states=SIGNED_IN_STATES) -> list[tuple[datetime, datetime]]:
        """The time within [a, b) in the given states, adjacent spans joined."""
        out: list[list[float]] = []
        lo, hi = a.timestamp(), b.timestamp()
        starts, ends, kinds = self._starts, self._ends, self._states
        i = max(bisect_right(starts, lo) - 1, 0)
        while i < len(starts) and starts[i] < hi:
            s, e = max(starts[i], lo), min(ends[i], hi)
            if e > s and kinds[i] in states:
                if out and out[-1][1] == s:
                    out[-1][1] = e
                else:
                    out.append([s, e])
            i += 1
        return [(datetime.fromtimestamp(s, UTC), datetime.fromtimestamp(e, UTC)) for s, e in out]


def _sum(counted: dict[str, float], states) -> float:
    return sum(counted.get(state, 0.0) for state in states)


def _minus(
    a: datetime, b: datetime, holes: list[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """[a, b) without the holes."""
    parts = [(a, b)]
    for ha, hb in holes:
        nxt = []
        for pa, pb in parts:
            if hb <= pa or ha >= pb:
                nxt.append((pa, pb))
                continue
            if ha > pa:
                nxt.append((pa, ha))
            if hb < pb:
                nxt.append((hb, pb))
        parts = nxt
    return [(pa, pb) for pa, pb in parts if pb > pa]


def _secs(a: datetime, b: datetime) -> float:
    return max((b - a).total_seconds(), 0.0)


def _mins(seconds: float) -> int:
    return int(round(seconds / 60))


def _hm(moment: datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M")


def _shift_figures(row: DayFigures, shift: PlannedShift, line: Timeline, now: datetime) -> None:
    start, end = shift.starts_at, shift.ends_at
    until = min(end, now)
    window = shift.break_window
    work = _minus(start, until, [window] if window else [])
    row.planned = shift.planned_seconds
    row.scheduled = sum(_secs(a, b) for a, b in work)
    row.shift_elapsed = _secs(start, until)
    row.upcoming = now <= start
    for a, b in work:
        counted = line.by_state(a, b)
        row.adherent += _sum(counted, PHONE_STATES)
        row.other_work += _sum(counted, OTHER_WORK_STATES)
        row.inside += _sum(counted, SIGNED_IN_STATES)
        row.breaks += counted.get(S.BREAK, 0.0)
    if window and window[0] < until:
        ba, bb = window[0], min(window[1], until)
        counted = line.by_state(ba, bb)
        row.adherent += _secs(ba, bb) - _sum(counted, SIGNED_IN_STATES - BREAK_OK_STATES)
        row.inside += _sum(counted, SIGNED_IN_STATES)
        row.breaks += counted.get(S.BREAK, 0.0)
    signed = line.stretches(start, until)
    late_by = timedelta(minutes=LATE_START_MINUTES)
    if not signed:
        if now >= end:
            row.absent = True
            row.exceptions.append(
                Exception_(ABSENT, start, end, _mins(row.planned), _("No sign-in during the shift."))
            )
        elif now > start + late_by:
            row.exceptions.append(
                Exception_(LATE, start, None, _mins(_secs(start, now)), _("Not signed in yet."))
            )
    else:
        first, last = signed[0][0], signed[-1][1]
        if first > start + late_by:
            row.exceptions.append(
                Exception_(
                    LATE,
                    start,
                    first,
                    _mins(_secs(start, first)),
                    _("Signed in at %(at)s, %(minutes)s min after the shift began.")
                    % {"at": _hm(first), "minutes": _mins(_secs(start, first))},
                )
            )
        if now >= end and last < end - timedelta(minutes=EARLY_END_MINUTES):
            row.exceptions.append(
                Exception_(
                    EARLY,
                    last,
                    end,
                    _mins(_secs(last, end)),
                    _("Signed out at %(at)s, %(minutes)s min before the shift ended.")
                    % {"at": _hm(last), "minutes": _mins(_secs(last, end))},
                )
            )
    allowed = (shift.break_minutes + LONG_BREAK_MINUTES) * 60
    breaks = line.stretches(start, until, {S.BREAK})
    long_ones = [(a, b) for a, b in breaks if _secs(a, b) > allowed]
    for a, b in long_ones:
        row.exceptions.append(
            Exception_(
                LONG_BREAK,
                a,
                b,
                _mins(_secs(a, b)),
                _("A break of %(minutes)s min (%(scheduled)s min scheduled).")
                % {"minutes": _mins(_secs(a, b)), "scheduled": shift.break_minutes},
            )
        )
    total = sum(_secs(a, b) for a, b in breaks)
    if not long_ones and total > allowed:
        row.exceptions.append(
            Exception_(
                LONG_BREAK,
                breaks[0][0],
                breaks[-1][1],
                _mins(total),
                _("Breaks of %(minutes)s min in total (%(scheduled)s min scheduled).")
                % {"minutes": _mins(total), "scheduled": shift.break_minutes},
            )
        )


def person_days(
    *, spans, shifts: list[PlannedShift], first: date, last: date, now: datetime
) -> list[DayFigures]:
    """One person's days from `first` to `last`: every day with a shift, and every day signed in
    outside their shifts. `spans`: (state, started_at, ended_at or None); `shifts`: every shift of
    theirs that may reach into those days (include the day before `first`), at most one a day."""
    line = Timeline(spans, now=now)
    by_day = {shift.day: shift for shift in shifts}
    holes = sorted((s.starts_at, s.ends_at) for s in shifts)
    rows = []
    day = first
    while day <= last:
        shift = by_day.get(day)
        row = DayFigures(day=day, shift=shift)
        if shift is not None:
            _shift_figures(row, shift, line, now)
        day_start, day_end = local_midnight(day), min(local_midnight(day + timedelta(days=1)), now)
        outside = _minus(day_start, day_end, holes) if day_end > day_start else []
        stretches = [s for a, b in outside for s in line.stretches(a, b)]
        row.outside = sum(_secs(a, b) for a, b in stretches)
        row.breaks += sum(line.seconds(a, b, {S.BREAK}) for a, b in outside)
        if row.outside > UNSCHEDULED_MINUTES * 60:
            for a, b in stretches:
                row.exceptions.append(
                    Exception_(
                        UNSCHEDULED,
                        a,
                        b,
                        _mins(_secs(a, b)),
                        _("Signed in outside the shifts, %(minutes)s min.") % {"minutes": _mins(_secs(a, b))},
                    )
                )
        row.exceptions.sort(key=lambda e: e.starts)
        if shift is not None or row.outside > 0:
            rows.append(row)
        day += timedelta(days=1)
    return rows


def hours_minutes(seconds: float | None) -> str:
    """Seconds as h:mm ("7:30", "−0:15"); "—" when there is no figure."""
    if seconds is None:
        return "—"
    minutes = int(round(seconds / 60))
    sign = "−" if minutes < 0 else ""
    minutes = abs(minutes)
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"
