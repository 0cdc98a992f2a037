"""The contact analysis (job description 003 point 3.8): contacts by topic, channel and outcome for a
period, against the previous period and the same period a year before, the topics that grew most,
the escalation share per topic and the customers' feedback per topic. Reads only; the free-text
notes, when asked for, are a look at the customers they are about (logged)."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.contacts.models import Channel, Contact, Outcome, Topic
from teenindus.org.models import Unit
from teenindus.org.selectors import employments_current
from teenindus.surveys.selectors import survey_comments, survey_stats_by_topic

GROWTH_SHOWN = 5
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """Local days [start, end)."""

    start: date
    end: date

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == _month_after(self.start)

    def previous(self) -> "Period":
        """The period before: the month before for a month, else as many days just before."""
        if self.is_month:
            first = _month_before(self.start)
            return Period(first, self.start)
        return Period(self.start - (self.end - self.start), self.start)

    def year_before(self) -> "Period":
        return Period(_year_before(self.start), _year_before(self.end))


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_before(day: date) -> date:
    return date(day.year - (day.month == 1), 12 if day.month == 1 else day.month - 1, 1)


def _year_before(day: date) -> date:
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return day.replace(year=day.year - 1, day=min(day.day, last))  # 29.02 -> 28.02


def period_comparable(start: date, end: date) -> bool:
    """Whether the period, the period before it and the same period a year before all lie within
    the calendar's range (year 1 to 9999): the report compares all three."""
    try:
        period = Period(start, end)
        period.previous()
        period.year_before()
    except (ValueError, OverflowError):
        return False
    return True


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    return Period(start, _month_after(start))


def month_before(today: date) -> Period:
    first = _month_before(today.replace(day=1))
    return Period(first, _month_after(first))


@dataclass
class TopicRow:
    topic_id: int
    topic: str
    contacts: int = 0
    previous: int = 0
    last_year: int = 0
    escalated: int = 0
    answers: int = 0
    mean_satisfaction: float | None = None
    solved_share: float | None = None

    @property
    def change(self) -> int:
        return self.contacts - self.previous

    @property
    def change_share(self) -> float | None:
        return self.change / self.previous if self.previous else None

    @property
    def change_year(self) -> int:
        return self.contacts - self.last_year

    @property
    def change_year_share(self) -> float | None:
        return self.change_year / self.last_year if self.last_year else None

    @property
    def escalation_share(self) -> float | None:
        return self.escalated / self.contacts if self.contacts else None


@dataclass
class CountRow:
    key: str
    label: str
    contacts: int = 0
    previous: int = 0
    last_year: int = 0

    @property
    def change(self) -> int:
        return self.contacts - self.previous

    @property
    def change_year(self) -> int:
        return self.contacts - self.last_year


@dataclass
class Report:
    period: Period
    previous: Period
    last_year: Period
    unit: Unit | None
    topics: list[TopicRow]
    channels: list[CountRow]
    outcomes: list[CountRow]
    growth: list[TopicRow]
    total: CountRow
    include_notes: bool = False
    notes: list[dict] = field(default_factory=list)


def topic_ids_of_unit(*, unit_id: int) -> set[int]:
    """The topics a unit owns, each owned topic with everything below it."""
    owned = set(Topic.objects.filter(owners__unit_id=unit_id).values_list("pk", flat=True))
    found, frontier = set(owned), set(owned)
    while frontier:
        frontier = set(Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def units_owning_topics() -> list[Unit]:
    return list(Unit.objects.filter(owned_topics__isnull=False).distinct().order_by("name"))


def unit_heads(*, unit_id: int) -> list[dict]:
    """Who heads a unit today (the holders of its positions marked as heading it), with the address
    to mail them at: [{"user": User | None, "email": str, "name": str}]."""
    heads = []
    for employment in (
        employments_current()
        .filter(position__unit_id=unit_id, position__is_manager=True)
        .select_related("employee__user")
        .order_by("employee__last_name", "pk")
    ):
        employee = employment.employee
        email = employee.email or (employee.user.email if employee.user_id else "")
        if email:
            heads.append({"user": employee.user, "email": email, "name": str(employee)})
    return heads


def _counts(contacts, period: Period, key: str) -> dict:
    rows = (
        contacts.filter(local_date__gte=period.start, local_date__lt=period.end)
        .values(key)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r[key]: r["n"] for r in rows}


def analysis_report(
    *,
    ctx: AccessContext | None,
    start: date,
    end: date,
    unit_id: int | None = None,
    include_notes: bool = False,
) -> Report:
    """The contact analysis of local days [start, end), of one unit's topics or of all. With
    `include_notes` (needs a ctx) the contact notes and the customers' free texts come too."""
    period = Period(start, end)
    previous, last_year = period.previous(), period.year_before()
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    topic_ids = topic_ids_of_unit(unit_id=unit_id) if unit_id else None
    contacts = Contact.objects.all()
    if topic_ids is not None:
        contacts = contacts.filter(topic_id__in=topic_ids)

    by_topic = {
        "now": _counts(contacts, period, "topic_id"),
        "prev": _counts(contacts, previous, "topic_id"),
        "year": _counts(contacts, last_year, "topic_id"),
    }
    escalated = _counts(contacts.filter(outcome=Outcome.ESCALATED), period, "topic_id")
    feedback = survey_stats_by_topic(start=start, end=end, topic_ids=topic_ids)
    seen = set(by_topic["now"]) | set(by_topic["prev"]) | set(by_topic["year"])
    names = {t.pk: str(t) for t in Topic.objects.filter(pk__in=seen).select_related("parent")}
    topics = []
    for topic_id in seen:
        summary = feedback.get(topic_id)
        topics.append(
            TopicRow(
                topic_id=topic_id,
                topic=names[topic_id],
                contacts=by_topic["now"].get(topic_id, 0),
                previous=by_topic["prev"].get(topic_id, 0),
                last_year=by_topic["year"].get(topic_id, 0),
                escalated=escalated.get(topic_id, 0),
                answers=summary.count if summary else 0,
                mean_satisfaction=summary.mean_satisfaction if summary else None,
                solved_share=summary.solved_share if summary else None,
            )
        )
    topics.sort(key=lambda r: (-r.contacts, r.topic))
    growth = sorted(
        (r for r in topics if r.change > 0), key=lambda r: (-r.change, -(r.change_share or 0), r.topic)
    )[:GROWTH_SHOWN]

    def count_rows(key: str, choices) -> list[CountRow]:
        figures = {
            name: _counts(contacts, p, key)
            for name, p in (("now", period), ("prev", previous), ("year", last_year))
        }
        return [
            CountRow(
                key=value,
                label=str(label),
                contacts=figures["now"].get(value, 0),
                previous=figures["prev"].get(value, 0),
                last_year=figures["year"].get(value, 0),
            )
            for value, label in choices
        ]

    total = CountRow(
        key="total",
        label="",
        contacts=sum(by_topic["now"].values()),
        previous=sum(by_topic["prev"].values()),
        last_year=sum(by_topic["year"].values()),
    )
    report = Report(
        period=period,
        previous=previous,
        last_year=last_year,
        unit=unit,
        topics=topics,
        channels=count_rows("channel", Channel.choices),
        outcomes=count_rows("outcome", Outcome.choices),
        growth=growth,
        total=total,
        include_notes=include_notes,
    )
    if include_notes:
        if ctx is None:
            raise ValueError("free-text notes are a look at customers: give the access context")
        report.notes = _notes(contacts, period, topic_ids, names)
        customer_ids = {n["customer_id"] for n in report.notes if n["customer_id"]}
        access_log_record(ctx=ctx, customer_ids=sorted(customer_ids), action="analysis_notes")
    return report


def _notes(contacts, period: Period, topic_ids, names: dict) -> list[dict]:
    rows = [
        {
            "day": r["local_date"],
            "topic_id": r["topic_id"],
            "kind": "contact",
            "text": r["note"],
            "customer_id": r["customer_id"],
        }
        for r in contacts.filter(local_date__gte=period.start, local_date__lt=period.end)
        .exclude(note="")
        .values("local_date", "topic_id", "note", "customer_id")
        .order_by("local_date", "pk")
    ]
    rows += [
        {**c, "kind": "survey"}
        for c in survey_comments(start=period.start, end=period.end, topic_ids=topic_ids)
    ]
    for row in rows:
        row["topic"] = names.get(row["topic_id"]) or str(
            Topic.objects.select_related("parent").get(pk=row["topic_id"])
        )
    rows.sort(key=lambda r: (r["day"], r["kind"]))
    return rows
