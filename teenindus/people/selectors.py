"""Reads for people: job descriptions, substitution, conversations (logged: they are personal data)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.models import EMPLOYEE
from teenindus.audit.services import access_log_record
from teenindus.core.textdiff import DiffRow, lines_diff
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
    return sorted(versions, key=lambda v: (v.job_description.position.title.casefold(), v.pk))


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


def _may_see_signer_codes(*, user, signature: Signature, position: Position) -> bool:
    """Personal codes read from a signed container: the one who signed, HR, the position's line manager."""
    if signature.signer_id is not None and signature.signer_id == user.pk:
        return True
    if user.has_perm("people.change_jobdescription"):
        return True
    return position.manager_id is not None and position.manager_id in user_positions(user)


def signatures_shown(*, ctx: AccessContext, version: JobDescriptionVersion) -> list[Signature]:
    """The version's signatures, each with `shown_signers`: the container's signers, whose personal
    codes are kept only for those they concern (see _may_see_signer_codes); each showing of a code
    is logged for the employee who uploaded the container (the signer's own record)."""
    position = version.job_description.position
    signatures = list(version.signatures.select_related("signer__employee"))
    logged: list[int] = []
    for signature in signatures:
        signers = signature.container_signers or []
        employee = getattr(signature.signer, "employee", None) if signature.signer_id else None
        show = (
            bool(signers)
            and employee is not None
            and _may_see_signer_codes(user=ctx.actor, signature=signature, position=position)
        )
        signature.shown_signers = [
            {**signer, "id_code": signer.get("id_code", "") if show else ""} for signer in signers
        ]
        if show and any(signer.get("id_code") for signer in signers):
            logged.append(employee.pk)
    access_log_record(ctx=ctx, subjects=[(EMPLOYEE, pk) for pk in logged], action="signer_codes")
    return signatures


def job_descriptions_to_review(
    *, user, on: date | None = None, within_days: int = 30
) -> list[JobDescription]:
    """The job descriptions whose review is due within `within_days` (or overdue) that the user may
    review (see may_review): all for the HR partner, the positions they manage for a line manager."""
    due = reviews_due(on=on, within_days=within_days)
    if user.has_perm("people.change_jobdescription"):
        return list(due)
    if not user.has_perm("people.review_jobdescription"):
        return []
    return list(due.filter(position__manager_id__in=user_positions(user)))


@dataclass
class ToSign:
    version: JobDescriptionVersion
    party: str  # Signature.Party


def job_descriptions_to_sign(*, user) -> list[ToSign]:
    """The current versions still waiting for a signature the user may give (see may_sign): their
    own position's as the employee; as the employer, the positions they manage (all for HR)."""
    current = JobDescriptionVersion.objects.filter(
        number=F("job_description__current_number")
    ).select_related("job_description__position__unit")
    mine = user_positions(user)
    employee = current.filter(job_description__position_id__in=mine) if mine else current.none()
    if user.has_perm("people.analyse_conversation"):
        employer = current
    elif user.has_perm("people.review_jobdescription") and mine:
        employer = current.filter(job_description__position__manager_id__in=mine)
    else:
        employer = current.none()
    out = [
        ToSign(v, Signature.Party.EMPLOYEE)
        for v in employee.exclude(signatures__party=Signature.Party.EMPLOYEE).order_by("pk")
    ]
    out += [
        ToSign(v, Signature.Party.EMPLOYER)
        for v in employer.exclude(signatures__party=Signature.Party.EMPLOYER).order_by("pk")
    ]
    return out


def may_review(*, user, job_description: JobDescription) -> bool:
    if user.has_perm("people.change_jobdescription"):
        return True
    return user.has_perm("people.review_jobdescription") and (
        job_description.position.manager_id in user_positions(user)
    )


def versions_diff(*, old: dict, new: dict) -> list[DiffRow]:
    """Two versions side by side, line by line of the standard text, with the differences marked."""
    return lines_diff(render_text(old), render_text(new))


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
    When none of them is there (no substitute position, or one that names only the position itself
    and has no other holder), the line manager stands in: the nearest position up the line-manager
    chain with a holder at work. `away`: who is absent that day, when the caller has it already."""
    on = on or timezone.localdate()
    positions = Position.objects.filter(employments__in=employments_current(on=on).filter(employee=employee))
    substitute_positions = Position.objects.filter(substitutes__in=positions).values_list("pk", flat=True)
    away = absent_ids(on=on) if away is None else away

    def present(position_ids) -> list[Employee]:
        return [
            holder
            for holder in _holders(position_ids, on=on).order_by("last_name", "first_name")
            if holder.pk != employee.pk and holder.pk not in away
        ]

    found = present(substitute_positions)
    seen = set(positions.values_list("pk", flat=True))
    managers = set(positions.exclude(manager=None).values_list("manager_id", flat=True)) - seen
    while not found and managers:
        found = present(managers)
        seen |= managers
        managers = (
            set(
                Position.objects.filter(pk__in=managers, manager__isnull=False).values_list(
                    "manager_id", flat=True
                )
            )
            - seen
        )
    return found


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


# Who works with every absence (the HR partner); managers only with their line's.
ALL_ABSENCES = "people.change_absence"


def positions_below(*, position_ids) -> set[int]:
    """The positions below these ones in the line-manager chain, at any depth (not these ones)."""
    seen: set[int] = set()
    frontier = set(position_ids)
    while frontier:
        found = set(Position.objects.filter(manager_id__in=frontier).values_list("pk", flat=True)) - seen
        found -= set(position_ids)
        seen |= found
        frontier = found
    return seen


def employees_below(*, user, on: date | None = None) -> set[int]:
    """The employees who hold a position below the user's positions, at any depth."""
    below = positions_below(position_ids=user_positions(user, on=on))
    return set(_holders(below, on=on).exclude(user=user).values_list("pk", flat=True)) if below else set()


def user_ids_below(*, user, on: date | None = None) -> set[int]:
    """The user accounts of the people below the user in the line (employees_below)."""
    below = employees_below(user=user, on=on)
    if not below:
        return set()
    return set(Employee.objects.filter(pk__in=below, user__isnull=False).values_list("user_id", flat=True))


def absence_employees(*, user) -> QuerySet[Employee]:
    """Whom the user may record an absence for: the people below them; everyone for HR."""
    employees = Employee.objects.order_by("last_name", "first_name")
    if user.has_perm(ALL_ABSENCES):
        return employees
    if not user.has_perm("people.add_absence"):
        return employees.none()
    return employees.filter(pk__in=employees_below(user=user))


def absences_visible(*, user) -> QuerySet[Absence]:
    """HR: all. A manager: the people below them in the line, and their own. Others: their own."""
    own = Q(employee__user=user) if user.is_authenticated else Q(pk__in=[])
    if user.has_perm(ALL_ABSENCES):
        return Absence.objects.all()
    below = employees_below(user=user) if user.has_perm("people.view_absence") else set()
    return Absence.objects.filter(own | Q(employee_id__in=below))


@dataclass
class AbsenceRow:
    absence: Absence
    substitutes: list[Employee]
    kind_shown: bool = True  # the type of a sick leave only to the employee, line manager, HR

    @property
    def kind_label(self) -> str:
        return self.absence.get_kind_display() if self.kind_shown else _("Absent")


def _direct_reports(user) -> set[int]:
    mine = user_positions(user)
    if not mine:
        return set()
    return set(
        _holders(Position.objects.filter(manager_id__in=mine).values_list("pk", flat=True)).values_list(
            "pk", flat=True
        )
    )


def absences_with_substitutes(
    *, ctx: AccessContext, on: date | None = None, starting_by: date | None = None
) -> list[AbsenceRow]:
    """The absences the user may see (absences_visible) from today on, each with who stands in.
    With `starting_by`: only those that start from `on` until that day (the start page's list).
    A sick leave's type is shown to the employee, their line manager and HR; to managers higher up
    the line only that the person is absent. Every person shown is logged."""
    on = on or timezone.localdate()
    user = ctx.actor
    absences = absences_visible(user=user).filter(end_date__gte=on)
    if starting_by is not None:
        absences = absences.filter(start_date__gte=on, start_date__lte=starting_by)
    absences = list(absences.select_related("employee").order_by("start_date", "employee"))
    access_log_record(ctx=ctx, employee_ids=[a.employee_id for a in absences], action="absences")
    sees_all = user.has_perm(ALL_ABSENCES)
    direct = set() if sees_all else _direct_reports(user)

    def kind_shown(absence: Absence) -> bool:
        if absence.kind != Absence.Kind.SICK or sees_all:
            return True
        return absence.employee_id in direct or absence.employee.user_id == user.pk

    return [
        AbsenceRow(
            absence,
            substitutes_for(employee=absence.employee, on=max(on, absence.start_date)),
            kind_shown(absence),
        )
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


def conversations_due(
    *, ctx: AccessContext, on: date | None = None, within_days: int = 14, limit: int = 10
) -> tuple[list[Conversation], int]:
    """Planned conversations the user takes part in (conversations_visible) that are overdue or due
    within `within_days`, earliest first: at most `limit` of them (each person shown is logged) and
    how many there are in all."""
    on = on or timezone.localdate()
    due = (
        conversations_visible(user=ctx.actor)
        .filter(status=Conversation.Status.PLANNED, due_date__lte=on + timedelta(days=within_days))
        .select_related("employment__employee")
        .order_by("due_date", "pk")
    )
    rows = list(due[:limit])
    total = len(rows) if len(rows) < limit else due.count()
    access_log_record(ctx=ctx, employee_ids=[c.employment.employee_id for c in rows], action="due")
    return rows, total


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
