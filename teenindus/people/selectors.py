"""Reads for people: job descriptions, substitution, conversations (logged: they are personal data)."""

import difflib
import html
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import mark_safe

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.org.models import Employee, Position
from teenindus.org.selectors import employments_current
from teenindus.people import search
from teenindus.people.models import (
    Absence,
    Conversation,
    ConversationKind,
    ConversationTemplate,
    JobDescription,
    JobDescriptionVersion,
    Signature,
)
from teenindus.people.rendering import render_text

# --- job descriptions -------------------------------------------------------------------------


def job_descriptions_search(*, query: str = "") -> list[JobDescriptionVersion]:
    """Current versions whose title, unit or duties contain every query word in any form."""
    versions = JobDescriptionVersion.objects.filter(
        number=F("job_description__current_number")
    ).select_related("job_description__position__unit")
    for prefix in search.query_prefixes(query):
        versions = versions.filter(search_text__contains=prefix)
    return sorted(versions, key=lambda v: (v.content["title"].casefold(), v.pk))


def job_description_current(*, job_description: JobDescription) -> JobDescriptionVersion | None:
    return job_description.versions.filter(number=job_description.current_number).first()


def reviews_due(*, on: date | None = None, within_days: int = 30) -> QuerySet[JobDescription]:
    on = on or timezone.localdate()
    return (
        JobDescription.objects.filter(review_due__lte=on + timedelta(days=within_days))
        .select_related("position__unit")
        .order_by("review_due")
    )


def _holders(position_ids, *, on: date | None = None) -> QuerySet[Employee]:
    return Employee.objects.filter(
        employments__in=employments_current(on=on).filter(position_id__in=list(position_ids))
    ).distinct()


def user_positions(user, *, on: date | None = None) -> list[int]:
    employee = getattr(user, "employee", None) if user.is_authenticated else None
    if employee is None:
        return []
    return list(employments_current(on=on).filter(employee=employee).values_list("position_id", flat=True))


def may_sign(*, user, version: JobDescriptionVersion, party: str) -> bool:
    """The employee signs for their own position; the line manager or the HR partner for the employer."""
    position = version.job_description.position
    mine = user_positions(user)
    if party == Signature.Party.EMPLOYEE:
        return position.pk in mine
    if party == Signature.Party.EMPLOYER:
        return user.has_perm("people.analyse_conversation") or (
            user.has_perm("people.review_jobdescription") and position.manager_id in mine
        )
    return False


def may_review(*, user, job_description: JobDescription) -> bool:
    if user.has_perm("people.change_jobdescription"):
        return True
    return user.has_perm("people.review_jobdescription") and (
        job_description.position.manager_id in user_positions(user)
    )


@dataclass
class DiffRow:
    left: str
    right: str
    change: str  # "same", "changed", "removed", "added"


def _marked(a: str, b: str) -> tuple[str, str]:
    """Word-level marks: <del> in the old line, <ins> in the new one."""
    left, right = [], []
    a_words, b_words = a.split(" "), b.split(" ")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False).get_opcodes():
        old, new = html.escape(" ".join(a_words[i1:i2])), html.escape(" ".join(b_words[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
        else:
            if old:
                left.append(f"<del>{old}</del>")
            if new:
                right.append(f"<ins>{new}</ins>")
    return " ".join(left), " ".join(right)


def versions_diff(*, old: dict, new: dict) -> list[DiffRow]:
    """Two versions side by side, line by line of the standard text, with the differences marked."""
    a, b = render_text(old).split("\n"), render_text(new).split("\n")
    rows: list[DiffRow] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [DiffRow(html.escape(x), html.escape(x), "same") for x in a[i1:i2]]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for index in range(max(len(olds), len(news))):
            x = olds[index] if index < len(olds) else None
            y = news[index] if index < len(news) else None
            if x is not None and y is not None:
                left, right = _marked(x, y)
                rows.append(DiffRow(left, right, "changed"))
            elif x is not None:
                rows.append(DiffRow(f"<del>{html.escape(x)}</del>", "", "removed"))
            else:
                rows.append(DiffRow("", f"<ins>{html.escape(y)}</ins>", "added"))
    for row in rows:
        row.left, row.right = mark_safe(row.left), mark_safe(row.right)  # noqa: S308 - escaped above
    return rows


# --- substitution -----------------------------------------------------------------------------


def absent_ids(*, on: date) -> set[int]:
    return set(
        Absence.objects.filter(start_date__lte=on, end_date__gte=on).values_list("employee_id", flat=True)
    )


def substitutes_for(
    *, employee: Employee, on: date | None = None, away: set[int] | None = None
) -> list[Employee]:
    """Who stands in for the employee on a day: holders of the positions that substitute theirs
    (including colleagues in the same position when it substitutes itself), not absent themselves.
    `away`: who is absent that day, when the caller has it already."""
    on = on or timezone.localdate()
    positions = Position.objects.filter(employments__in=employments_current(on=on).filter(employee=employee))
    substitute_positions = Position.objects.filter(substitutes__in=positions).values_list("pk", flat=True)
    away = absent_ids(on=on) if away is None else away
    return [
        holder
        for holder in _holders(substitute_positions, on=on).order_by("last_name", "first_name")
        if holder.pk != employee.pk and holder.pk not in away
    ]


@dataclass
class Holder:
    employee: Employee
    absent: bool
    substitutes: list[Employee]


def substitution_of_position(
    *, ctx: AccessContext, position: Position, on: date | None = None
) -> list[Holder]:
    """The position's current holders; for an absent one, who stands in today. That someone is
    away is their data: showing it writes the access log (the type of absence is never shown)."""
    on = on or timezone.localdate()
    away = absent_ids(on=on)
    holders = [
        Holder(e, e.pk in away, substitutes_for(employee=e, on=on, away=away) if e.pk in away else [])
        for e in _holders([position.pk], on=on).order_by("last_name", "first_name")
    ]
    access_log_record(ctx=ctx, employee_ids=[h.employee.pk for h in holders if h.absent], action="absent")
    return holders


@dataclass
class AbsenceRow:
    absence: Absence
    substitutes: list[Employee]


def absences_with_substitutes(*, ctx: AccessContext, on: date | None = None) -> list[AbsenceRow]:
    on = on or timezone.localdate()
    absences = list(
        Absence.objects.filter(end_date__gte=on).select_related("employee").order_by("start_date", "employee")
    )
    access_log_record(ctx=ctx, employee_ids=[a.employee_id for a in absences], action="absences")
    return [
        AbsenceRow(absence, substitutes_for(employee=absence.employee, on=max(on, absence.start_date)))
        for absence in absences
    ]


# --- conversations ----------------------------------------------------------------------------


def conversations_visible(*, user) -> QuerySet[Conversation]:
    """The employee's own, the ones of the people the user manages, or all for the HR partner."""
    qs = Conversation.objects.select_related("employment__employee", "employment__position__unit")
    if user.has_perm("people.analyse_conversation"):
        return qs
    own = Q(employment__employee__user=user) if user.is_authenticated else Q(pk__in=[])
    managed = (
        Q(employment__position__manager_id__in=user_positions(user))
        if user.has_perm("people.view_conversation")
        else Q(pk__in=[])
    )
    return qs.filter(own | managed)


def conversations_list(*, ctx: AccessContext, overdue_only: bool = False) -> list[Conversation]:
    qs = conversations_visible(user=ctx.actor).exclude(status=Conversation.Status.CANCELLED)
    if overdue_only:
        qs = qs.filter(status=Conversation.Status.PLANNED, due_date__lt=timezone.localdate())
    rows = list(qs.order_by("due_date", "pk"))
    # What is still to be held first (earliest due on top), then the record, newest first.
    planned = [c for c in rows if c.status == Conversation.Status.PLANNED]
    rows = planned + [c for c in reversed(rows) if c.status != Conversation.Status.PLANNED]
    access_log_record(ctx=ctx, employee_ids=[c.employment.employee_id for c in rows], action="list")
    return rows


def conversation_get(*, ctx: AccessContext, pk: int) -> Conversation | None:
    conversation = conversations_visible(user=ctx.actor).filter(pk=pk).first()
    if conversation is not None:
        access_log_record(ctx=ctx, employee_ids=[conversation.employment.employee_id], action="detail")
    return conversation


@dataclass
class UnitYear:
    unit: str
    year: int
    due: int
    held: int
    on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass
class Analysis:
    rows: list[UnitYear]
    exit_reasons: list[tuple[str, int]]
    training_needs: list[tuple[str, int]]


def conversations_analysis(*, year: int | None = None, kind: str | None = None) -> Analysis:
    """Completion on time per unit and year, recurring exit reasons, training needs summed.

    A conversation counts in the year of its due date; "on time" = held on or before the due
    date. Only the figures leave this function, no one's answers.
    """
    qs = Conversation.objects.exclude(status=Conversation.Status.CANCELLED).select_related(
        "employment__position__unit"
    )
    if year:
        qs = qs.filter(due_date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    today = timezone.localdate()
    table: dict[tuple[str, int], UnitYear] = {}
    reasons: Counter = Counter()
    needs: Counter = Counter()
    shown: dict[str, str] = {}  # a need as first written, counted regardless of case
    labels = dict(Conversation.ExitReason.choices)
    for c in qs:
        if c.due_date > today and c.status != Conversation.Status.DONE:
            continue  # not due yet
        key = (c.employment.position.unit.name, c.due_date.year)
        row = table.setdefault(key, UnitYear(key[0], key[1], 0, 0, 0))
        row.due += 1
        if c.status == Conversation.Status.DONE:
            row.held += 1
            row.on_time += c.held_on <= c.due_date
        if c.kind == ConversationKind.EXIT:
            reasons.update(str(labels.get(r, r)) for r in c.exit_reasons)
        for need in (n.strip() for n in c.training_needs if n.strip()):
            needs[shown.setdefault(need.casefold(), need)] += 1
    return Analysis(
        rows=sorted(table.values(), key=lambda r: (r.year, r.unit)),
        exit_reasons=reasons.most_common(),
        training_needs=needs.most_common(),
    )


# Questions until the HR partner sets their own (people:templates).
DEFAULT_QUESTIONS = {
    ConversationKind.PROBATION: [
        "Kuidas on sisseelamine läinud?",
        "Millised ülesanded on hästi õnnestunud?",
        "Mis vajab veel arendamist?",
        "Kas katseaeg on edukalt läbitud?",
    ],
    ConversationKind.APPRAISAL: [
        "Kuidas möödunud perioodi eesmärgid täideti?",
        "Millised on töötaja tugevused?",
        "Mida arendada järgmisel perioodil?",
        "Tagasiside juhile ja meeskonnale",
    ],
    ConversationKind.EXIT: [
        "Mis on lahkumise peamine põhjus?",
        "Mis oli töös hea?",
        "Mida peaks amet muutma?",
    ],
}


def conversation_questions(*, kind: str) -> list[str]:
    template = ConversationTemplate.objects.filter(kind=kind).first()
    return list(template.questions) if template and template.questions else list(DEFAULT_QUESTIONS[kind])
