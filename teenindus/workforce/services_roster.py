"""Writes of the roster area: shift templates, day-off requests, a roster's creation and its solve
(in the worker), a shift changed by hand (re-checked against the rules), and publishing with a
notice to each person whose shifts it tells or changes.

Concurrency: the solve claims the roster with SELECT … FOR UPDATE and does nothing unless it is
still "solving" (a second worker, a task run twice); an edit and a publish lock the roster row and
check its `row_version` under the lock; a publication number is unique per roster and a notice per
publication and person, and its mail is keyed by both, so it goes out once."""

import time as clock
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ConcurrentEditError, NotFound, ValidationFailed
from teenindus.core.ids import id_ok
from teenindus.core.models import OutboxMail
from teenindus.core.outbox import mail_queue, mail_render
from teenindus.org.models import Employee
from teenindus.workforce import scope
from teenindus.workforce import selectors_roster as sel
from teenindus.workforce.models import (
    DayOffRequest,
    Roster,
    RosterPublication,
    Shift,
    ShiftNotice,
    ShiftTemplate,
    StaffingPlan,
)
from teenindus.workforce.problem import BREAK_MIN, LONG_SHIFT, SLOT, Assignment, ShiftOption, Unsolvable

MAX_WEEKS = 4


def _unit_or_404(actor, unit_id):
    unit = scope.unit_in_scope(actor, unit_id)
    if unit is None:
        raise NotFound(_("No such team."))
    return unit


# ---- shift templates ------------------------------------------------------------------------


def template_create(
    *, actor, unit_id: int, name: str, starts: time, length_minutes: int, break_minutes: int = 0
) -> ShiftTemplate:
    unit = _unit_or_404(actor, unit_id)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Give the shift a name."), field="name")
    if not 60 <= length_minutes <= 13 * 60:
        raise ValidationFailed(_("A shift is 1 to 13 hours long."), field="length_minutes")
    if break_minutes < 0 or break_minutes >= length_minutes:
        raise ValidationFailed(_("The break must be shorter than the shift."), field="break_minutes")
    if length_minutes > LONG_SHIFT and break_minutes < BREAK_MIN:
        raise ValidationFailed(
            _("A shift over 6 hours needs a break of at least 30 minutes (Employment Contracts Act)."),
            field="break_minutes",
        )
    with transaction.atomic():
        if ShiftTemplate.objects.filter(unit=unit, name=name).exists():
            raise ValidationFailed(
                _("The team already has a shift named %(name)s.") % {"name": name}, field="name"
            )
        return ShiftTemplate.objects.create(
            unit=unit, name=name, starts=starts, length_minutes=length_minutes, break_minutes=break_minutes
        )


def template_set_active(*, actor, unit_id: int, template_id: int, active: bool) -> ShiftTemplate:
    unit = _unit_or_404(actor, unit_id)
    if not id_ok(template_id):
        raise NotFound(_("No such shift."))
    updated = ShiftTemplate.objects.filter(unit=unit, pk=template_id).update(active=active)
    if not updated:
        raise NotFound(_("No such shift."))
    return ShiftTemplate.objects.get(pk=template_id)


# ---- days off -------------------------------------------------------------------------------


def day_off_request(*, actor, day: date, note: str = "") -> DayOffRequest:
    employee = scope.own_employee(actor)
    if employee is None:
        raise ValidationFailed(_("Your account is not linked to an employee."), field="day")
    if day < timezone.localdate():
        raise ValidationFailed(_("A day off cannot be asked for a day in the past."), field="day")
    with transaction.atomic():
        request, created = DayOffRequest.objects.get_or_create(
            employee=employee, day=day, defaults={"note": (note or "").strip()[:200]}
        )
    if not created:
        raise ValidationFailed(
            _("You have already asked for %(day)s off.") % {"day": day.strftime("%d.%m.%Y")}, field="day"
        )
    return request


def day_off_withdraw(*, actor, request_id: int) -> None:
    employee = scope.own_employee(actor)
    if employee is None or not id_ok(request_id):
        raise NotFound(_("No such request."))
    deleted, _rows = DayOffRequest.objects.filter(
        employee=employee, pk=request_id, day__gte=timezone.localdate()
    ).delete()
    if not deleted:
        raise NotFound(_("No such request."))


# ---- creating and solving -------------------------------------------------------------------


def roster_create(*, actor, unit_id: int, first_day: date, weeks: int, plan_id: int, template_ids) -> Roster:
    """A roster to be solved by the worker: checked here so a request that cannot work is told why
    at once (no agents, no shift, a plan of another team or period, not a Monday, 1–4 weeks)."""
    unit = _unit_or_404(actor, unit_id)
    if first_day.weekday() != 0:
        raise ValidationFailed(_("A roster starts on a Monday."), field="first_day")
    if not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise ValidationFailed(_("A roster is 1 to 4 weeks long."), field="weeks")
    if not sel.team_people(unit, on=first_day, days=weeks * 7):
        raise ValidationFailed(
            _("The team %(team)s has no agents from %(day)s: there is nobody to roster.")
            % {"team": unit.name, "day": first_day.strftime("%d.%m.%Y")},
            field="unit",
        )
    ids = [int(t) for t in template_ids or () if id_ok(t)]
    templates = list(ShiftTemplate.objects.filter(unit=unit, active=True, pk__in=ids))
    if not templates or len(templates) != len(set(ids)):
        raise ValidationFailed(
            _("Choose at least one shift in use by the team %(team)s.") % {"team": unit.name},
            field="templates",
        )
    last_day = first_day + timedelta(days=weeks * 7 - 1)
    plan = StaffingPlan.objects.filter(pk=plan_id, unit=unit).first() if id_ok(plan_id) else None
    if plan is None:
        raise ValidationFailed(
            _("Choose a staffing plan of the team %(team)s.") % {"team": unit.name}, field="plan"
        )
    if plan.first_day > first_day or plan.last_day < last_day:
        raise ValidationFailed(
            _("The staffing plan covers %(start)s–%(end)s, not the whole roster period %(first)s–%(last)s.")
            % {
                "start": plan.first_day.strftime("%d.%m.%Y"),
                "end": plan.last_day.strftime("%d.%m.%Y"),
                "first": first_day.strftime("%d.%m.%Y"),
                "last": last_day.strftime("%d.%m.%Y"),
            },
            field="plan",
        )
    from teenindus.workforce.tasks_roster import roster_solve_task

    with transaction.atomic():
        roster = Roster.objects.create(
            unit=unit,
            first_day=first_day,
            weeks=weeks,
            plan=plan,
            status=Roster.Status.SOLVING,
            created_by=actor,
        )
        roster.templates.set(templates)
        transaction.on_commit(lambda: roster_solve_task.enqueue(roster.pk))
    return roster


def _shift_row(roster: Roster, problem, assignment: Assignment) -> Shift:
    from teenindus.workforce.solver import pay_marks

    on_holiday, night = pay_marks(problem, assignment)
    return Shift(
        roster=roster,
        employee_id=assignment.person,
        day=roster.first_day + timedelta(days=assignment.day),
        starts_at=assignment.starts_at,
        ends_at=assignment.ends_at,
        break_starts_at=assignment.break_starts_at,
        break_minutes=assignment.break_minutes,
        template_id=int(assignment.option) if str(assignment.option).isdigit() else None,
        on_holiday=on_holiday,
        night_minutes=night,
    )


def roster_solve(*, roster_id: int, time_limit: float = 30.0) -> str:
    """Solve a roster (run by the worker). Returns the status stored, or "skipped" when the roster
    is no longer waiting to be solved (another worker did it)."""
    from teenindus.workforce.solver import solve

    with transaction.atomic():
        roster = Roster.objects.select_for_update().filter(pk=roster_id).first()
        if roster is None or roster.status != Roster.Status.SOLVING:
            return "skipped"
        started = clock.monotonic()
        problem = sel.roster_problem(roster, time_limit=time_limit)
        try:
            solution = solve(problem)
        except Unsolvable as exc:
            roster.status = Roster.Status.FAILED
            roster.problem = exc.message
            roster.result = {
                "rule": exc.rule,
                "person": exc.person,
                # Whom the page names, for its access log (two people may share a name).
                "person_ids": [p.key for p in problem.people if exc.person and p.name == exc.person],
                "params": exc.params,  # the page says why in the reader's language
                "seconds": round(clock.monotonic() - started, 2),
            }
            roster.save(update_fields=["status", "problem", "result", "updated_at"])
            return roster.status
        Shift.objects.filter(roster=roster).delete()
        Shift.objects.bulk_create(_shift_row(roster, problem, a) for a in solution.assignments)
        roster.status = Roster.Status.SOLVED
        roster.problem = ""
        roster.result = {
            "uncovered": solution.uncovered,
            "over": solution.over,
            "requests_unmet": solution.requests_unmet,
            "seconds": round(solution.seconds, 2),
            "status": solution.status,
        }
        roster.row_version += 1
        roster.save(update_fields=["status", "problem", "result", "row_version", "updated_at"])
        return roster.status


def roster_solve_again(*, actor, roster_id: int, row_version: int) -> Roster:
    """Solve a roster again, from the database as it is now (a contract, an absence, a request or
    the team's tolerance changed since), while it is unpublished: solved or failed. A published
    roster is changed shift by shift, each change versioned and notified, never re-solved under
    the agents' feet. `row_version` is the one the lead saw: a stale one changes nothing."""
    from teenindus.workforce.tasks_roster import roster_solve_task

    sel.roster_get(user=actor, roster_id=roster_id)  # scope: NotFound when out of it
    with transaction.atomic():
        roster = Roster.objects.select_for_update().get(pk=roster_id)
        # The version first: a lead whose page is stale is told someone else acted meanwhile.
        if roster.row_version != row_version:
            raise ConcurrentEditError(
                _("Someone changed this roster after you opened it. Nothing was saved; look at it again.")
            )
        if roster.status not in (Roster.Status.SOLVED, Roster.Status.FAILED) or roster.publication:
            raise ValidationFailed(
                _("Only an unpublished roster, solved or not, can be solved again."), field="status"
            )
        Shift.objects.filter(roster=roster).delete()
        roster.status, roster.problem, roster.result = Roster.Status.SOLVING, "", {}
        roster.row_version += 1
        roster.save(update_fields=["status", "problem", "result", "row_version", "updated_at"])
        transaction.on_commit(lambda: roster_solve_task.enqueue(roster.pk))
    return roster


# ---- editing a shift by hand ----------------------------------------------------------------


def _violation_key(v) -> tuple:
    return (v.rule, v.person, v.day, v.detail)


def _violation_text(v, names: dict[int, str], first_day: date) -> str:
    """The rule, the person and when, in the reader's language (`v.detail` is the validator's
    English, for logs and tests)."""
    if v.day is None:
        when = _("over the period")
    else:
        day = date_format(first_day + timedelta(days=v.day), "d.m.Y")
        when = (_("in the week from %(day)s") if v.rule == "weekly_rest" else _("on %(day)s")) % {"day": day}
    return _("%(rule)s: %(person)s, %(when)s") % {
        "rule": sel.rule_label(v.rule),
        "person": names.get(v.person, str(v.person)),
        "when": when,
    }


def _locked_roster(actor, roster_id: int, row_version: int) -> Roster:
    sel.roster_get(user=actor, roster_id=roster_id)  # scope: NotFound when out of it
    roster = Roster.objects.select_for_update().select_related("unit").get(pk=roster_id)
    if roster.status not in (Roster.Status.SOLVED, Roster.Status.PUBLISHED):
        raise ValidationFailed(_("Only a solved roster can be changed or published."), field="status")
    if roster.row_version != row_version:
        raise ConcurrentEditError(
            _("Someone changed this roster after you opened it. Nothing was saved; look at it again.")
        )
    return roster


def break_after(option: ShiftOption) -> int:
    """Minutes into the shift its break starts: as stated, else the middle on a 15-minute mark
    (where the solver puts it)."""
    if option.break_after is not None:
        return option.break_after
    return (option.length - option.break_minutes) // 2 // SLOT * SLOT


def roster_shift_edit(
    *, actor, roster_id: int, employee_id: int, day: date, template_id: int | None, row_version: int
) -> Roster:
    """Give a person another shift on a day (a template of the roster) or the day off. The whole
    roster is checked against the rules again; a change that breaks one is refused naming it."""
    from teenindus.workforce import rules

    with transaction.atomic():
        roster = _locked_roster(actor, roster_id, row_version)
        if not roster.first_day <= day < roster.first_day + timedelta(days=roster.weeks * 7):
            raise ValidationFailed(_("The day is not in this roster."), field="day")
        problem = sel.roster_problem(roster)
        if (
            not any(p.key == employee_id for p in problem.people)
            and not roster.shifts.filter(employee_id=employee_id).exists()
        ):
            raise NotFound(_("This person is not in the roster."))
        shifts = list(roster.shifts.all())
        before = sel.shift_assignments(roster, shifts)
        kept = [a for a in before if not (a.person == employee_id and a.day == (day - roster.first_day).days)]
        new = None
        if template_id is not None:
            template = roster.templates.filter(pk=template_id).first() if id_ok(template_id) else None
            if template is None:
                raise ValidationFailed(_("Choose one of the roster's shifts."), field="template")
            option = sel.option_for(template)
            index = (day - roster.first_day).days
            starts_at = problem.local(index, option.start)
            ends_at = starts_at + timedelta(minutes=option.length)
            break_at = starts_at + timedelta(minutes=break_after(option)) if option.break_minutes else None
            new = Assignment(
                person=employee_id,
                day=index,
                option=option.key,
                starts_at=starts_at,
                ends_at=ends_at,
                break_starts_at=break_at,
                break_minutes=option.break_minutes,
            )
        after = kept + ([new] if new else [])
        old_keys = {_violation_key(v) for v in rules.violations(problem, before)}
        broken = [v for v in rules.violations(problem, after) if _violation_key(v) not in old_keys]
        if broken:
            names = {p.key: p.name for p in problem.people}
            raise ValidationFailed(
                _("Not changed: it breaks the rule %(rules)s.")
                % {"rules": "; ".join(_violation_text(v, names, roster.first_day) for v in broken)},
                field="template",
                extra={"rules": sorted({v.rule for v in broken})},
            )
        Shift.objects.filter(roster=roster, employee_id=employee_id, day=day).delete()
        if new:
            _shift_row(roster, problem, new).save()
        roster.row_version += 1
        roster.save(update_fields=["row_version", "updated_at"])
        return roster


# ---- publishing -----------------------------------------------------------------------------


def _diff(previous: list[dict], current: list[dict]) -> list[dict]:
    before = {sel.snapshot_key(e): e for e in previous}
    after = {sel.snapshot_key(e): e for e in current}
    changes = []
    for key in sorted(before.keys() | after.keys()):
        was, now = sel.snapshot_label(before.get(key)), sel.snapshot_label(after.get(key))
        if was != now or (before.get(key) or {}).get("break_minutes") != (after.get(key) or {}).get(
            "break_minutes"
        ):
            changes.append({"employee": key[0], "day": key[1], "before": was, "after": now})
    return changes


def roster_publish(*, actor, roster_id: int, row_version: int) -> RosterPublication:
    """Publish the roster as it is: publication 1, then n+1 for a change after it, with the
    difference per person and day. Publishing what is already published (a second click, a
    concurrent one) answers the publication there is. Each person concerned is told by the worker."""
    from teenindus.workforce.tasks_roster import roster_notices_task

    with transaction.atomic():
        sel.roster_get(user=actor, roster_id=roster_id)
        roster = Roster.objects.select_for_update().get(pk=roster_id)
        current = [sel.shift_snapshot(s) for s in roster.shifts.order_by("employee_id", "day")]
        previous = sel.last_publication(roster)
        if previous is not None and not _diff(previous.shifts, current):
            return previous
        roster = _locked_roster(actor, roster_id, row_version)
        publication = RosterPublication.objects.create(
            roster=roster,
            number=roster.publication + 1,
            published_by=actor,
            changes=_diff(previous.shifts if previous else [], current),
            shifts=current,
        )
        roster.publication = publication.number
        roster.published_at = timezone.now()
        roster.status = Roster.Status.PUBLISHED
        roster.save(update_fields=["publication", "published_at", "status", "updated_at"])
        transaction.on_commit(lambda: roster_notices_task.enqueue(publication.pk))
        return publication


def _recipient(employee: Employee) -> tuple[str, str]:
    user = employee.user
    address = employee.email or (user.email if user else "")
    language = getattr(user, "language", "") or "et"
    return address, language if language in ("et", "en", "ru") else "et"


def publication_notices(*, publication_id: int) -> int:
    """One notice per person whose shifts the publication tells (the first) or changes (later),
    with its mail in the outbox; run again, it adds nothing. Returns the notices made now."""
    publication = RosterPublication.objects.select_related("roster__unit").filter(pk=publication_id).first()
    if publication is None:
        return 0
    roster = publication.roster
    affected = sorted({c["employee"] for c in publication.changes})
    made = 0
    for employee in Employee.objects.filter(pk__in=affected).select_related("user"):
        with transaction.atomic():
            notice, created = ShiftNotice.objects.get_or_create(publication=publication, employee=employee)
            if not created:
                continue
            made += 1
            address, language = _recipient(employee)
            if not address:
                continue
            mine = [e for e in publication.shifts if e["employee"] == employee.pk]
            changes = [c for c in publication.changes if c["employee"] == employee.pk]
            subject, body = mail_render(
                "workforce/mail/shifts",
                {
                    "employee": employee,
                    "roster": roster,
                    "first": publication.number == 1,
                    "number": publication.number,
                    "shifts": [
                        {"day": date.fromisoformat(e["day"]), "label": sel.snapshot_label(e), **e}
                        for e in mine
                    ],
                    "changes": [{**c, "day": date.fromisoformat(c["day"])} for c in changes],
                },
                language,
            )
            key = f"workforce:roster:{roster.pk}:publication:{publication.number}:employee:{employee.pk}"
            mail_queue(key=key, to=address, subject=subject, body=body, language=language)
            notice.mail = OutboxMail.objects.filter(key=key).first()
            notice.save(update_fields=["mail"])
    return made
