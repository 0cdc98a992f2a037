"""The roster problem and its answer as plain values: what the solver (`solver.py`, OR-Tools
CP-SAT) and the independent rule check (`rules.py`) both read, with no database in sight.

Time is counted in real elapsed minutes from `Problem.start` (the first day's local midnight as
an aware datetime), so rest periods are right across a change of clock; `day_starts[d]` is the
minute at which local day d begins (1380 or 1500 minutes after day d-1 on a clock change)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

SLOT = 15  # minutes
DAILY_REST = 11 * 60
WEEKLY_REST = 36 * 60  # ECA § 52(2), summarised working time
# The weekly rest does not include the daily rest before it (CJEU C-477/21, 2 March 2023, as the
# Labour Inspectorate applies it): a week's rest is 11 + 36 = 47 hours in a row.
WEEKLY_REST_RUN = DAILY_REST + WEEKLY_REST
REST_WEEK = 7  # days: the weekly rest lies inside each of the period's weeks (CJEU C-306/16)
LONG_SHIFT = 6 * 60  # a shift over this needs a break of at least BREAK_MIN
BREAK_MIN = 30
WEEK_AVERAGE_MAX = 48 * 60  # minutes of work a week, on average over the period


@dataclass(frozen=True)
class ShiftOption:
    """A shift template: local start (minutes after midnight), paid length and unpaid break, in
    minutes. The break starts `break_after` minutes into the shift (the middle when None)."""

    key: str
    start: int
    length: int
    break_minutes: int = 0
    break_after: int | None = None

    @property
    def work_minutes(self) -> int:
        return self.length - self.break_minutes


@dataclass(frozen=True)
class Person:
    """A named agent. `contracted` is the minutes of work the period should hold (the contract's
    working-time norm of the period, less absences: selectors_roster.norm_minutes), within
    ± `tolerance`. `unavailable`: day indexes of approved absences; `requested_off`: day indexes
    asked off (honoured when possible); `skills`: queue keys served, best first (kept for the
    output; coverage is pooled over the team's queues)."""

    key: int
    name: str
    contracted: int
    tolerance: int
    unavailable: frozenset[int] = frozenset()
    requested_off: frozenset[int] = frozenset()
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    first_day: date
    days: int
    tz: str
    people: tuple[Person, ...]
    options: tuple[ShiftOption, ...]
    # required[d][s]: agents needed in slot s (0..95) of local day d.
    required: tuple[tuple[int, ...], ...]
    holidays: frozenset[int] = frozenset()  # day indexes of public holidays
    time_limit: float = 30.0
    workers: int = 2  # CP-SAT search workers

    def minute(self, moment: datetime) -> int:
        """Real elapsed minutes from `start` to the aware `moment` (UTC arithmetic, so an hour
        gained or lost at a clock change is counted as it is lived)."""
        return int((moment.timestamp() - self.start.timestamp()) // 60)

    @property
    def day_starts(self) -> tuple[int, ...]:
        """The real minute at which each local day begins; one more entry for the period's end."""
        return tuple(self.minute(self.local(d, 0)) for d in range(self.days + 1))

    @property
    def rest_weeks(self) -> range:
        """The first day of each of the period's whole weeks (a roster starts on a Monday, so
        these are calendar weeks): each must hold a weekly rest. A last part-week is left to the
        next period, whose first week holds it."""
        return range(0, self.days - REST_WEEK + 1, REST_WEEK)

    def at(self, minute: int) -> datetime:
        """The aware local datetime `minute` real minutes after `start`."""
        zone = ZoneInfo(self.tz)
        return (self.start.astimezone(UTC) + timedelta(minutes=minute)).astimezone(zone)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, datetime.min.time(), tzinfo=ZoneInfo(self.tz))

    def local(self, day: int, minute: int) -> datetime:
        """The aware datetime of local wall-clock `minute` on day index `day`."""
        return datetime.combine(
            self.first_day + timedelta(days=day), datetime.min.time(), tzinfo=ZoneInfo(self.tz)
        ) + timedelta(minutes=minute)


@dataclass(frozen=True)
class Assignment:
    person: int  # Person.key
    day: int  # day index
    option: str  # ShiftOption.key
    starts_at: datetime
    ends_at: datetime
    break_starts_at: datetime | None
    break_minutes: int


@dataclass
class Solution:
    status: str  # "OPTIMAL" / "FEASIBLE"
    assignments: list[Assignment]
    # covered[d][s]: agents working (not on break) in slot s of day d.
    covered: list[list[int]]
    uncovered: int  # sum over slots of max(0, required - covered)
    over: int  # sum over slots of max(0, covered - required)
    requests_unmet: int
    seconds: float
    short_slots: list[tuple[int, int, int]] = field(default_factory=list)  # (day, slot, missing)


class Unsolvable(Exception):
    """The rules cannot all hold: `rule` (one of RULES) for `person` (a name, or "" for the team)."""

    RULES = (
        "daily_rest",
        "weekly_rest",
        "break",
        "week_average",
        "contracted_hours",
        "absence",
        "no_agents",
        "no_shift",
    )

    def __init__(self, rule: str, person: str, message: str, params: dict | None = None):
        super().__init__(message)
        self.rule = rule
        self.person = person
        self.message = message
        # The figures behind the message (hours, days, ...), for a translated rendering.
        self.params = params or {}
