"""The roster from the database to the agent: the problem as built from people, contracts,
absences, requests, skills, templates and the staffing plan; solving (every shift checked by the
independent rule check, with holiday and night marks); a failure naming the rule and the person;
bad requests refused with nothing made."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from teenindus.audit.models import AccessLog
from teenindus.core.exceptions import NotFound, ValidationFailed
from teenindus.org.models import Employee, Employment
from teenindus.people.models import Absence
from teenindus.workforce import rules, services_roster
from teenindus.workforce import selectors_roster as sel
from teenindus.workforce.models import DayOffRequest, Roster, Shift, TeamSettings
from teenindus.workforce.tests.roster_helpers import HOLIDAY_WEEK, plan_for, team_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return team_world(users)


def _create(world, users, *, first_day=HOLIDAY_WEEK, weeks=1, templates=None, plan=None, actor="teamlead"):
    plan = plan or plan_for(world["team"], first_day, weeks)
    return services_roster.roster_create(
        actor=users[actor],
        unit_id=world["team"].pk,
        first_day=first_day,
        weeks=weeks,
        plan_id=plan.pk,
        template_ids=[t.pk for t in (templates or world["templates"].values())],
    )


def test_problem_from_the_database(world, users):
    people = world["people"]
    # Anna: vacation Wed 23.12–Sun 27.12: Wednesday is a working day, 24–26 are holidays, 27 a Sunday.
    Absence.objects.create(
        employee=people["anna"], kind="vacation", start_date="2026-12-23", end_date="2026-12-27"
    )
    # Peeter: training Mon–Tue (two working days), starting before the period.
    Absence.objects.create(
        employee=people["peeter"], kind="training", start_date="2026-12-18", end_date="2026-12-22"
    )
    DayOffRequest.objects.create(employee=people["mari"], day=date(2026, 12, 22))
    DayOffRequest.objects.create(employee=people["mari"], day=date(2027, 1, 5))  # after the period
    roster = _create(world, users)
    problem = sel.roster_problem(roster)

    assert problem.first_day == HOLIDAY_WEEK and problem.days == 7 and problem.tz == "Europe/Tallinn"
    by_name = {p.name: p for p in problem.people}
    assert set(by_name) == {"Anna Aas", "Mari Maasikas", "Peeter Puu"}  # not the lead above the team
    anna, mari, peeter = by_name["Anna Aas"], by_name["Mari Maasikas"], by_name["Peeter Puu"]
    # The week's norm (ECA): Mon 21 and Tue 22 are 8 h, Wed 23 (before Christmas Eve) 8 - 3 = 5 h,
    # 24-26 are public holidays, 27 a Sunday: 21 h for a full-time contract, not 40.
    assert anna.contracted == (8 + 8) * 60  # absent on the shortened Wednesday: its 5 h off
    assert anna.unavailable == frozenset({2, 3, 4, 5, 6})
    assert peeter.contracted == 5 * 60 and peeter.unavailable == frozenset({0, 1})  # Wednesday only
    assert mari.contracted == 6 * 60 + 6 * 60 + (6 * 60 - 135)  # 30 h: 6 h a day, 3 h x 30/40 less
    assert mari.requested_off == frozenset({1})
    assert {p.tolerance for p in problem.people} == {8 * 60}
    assert anna.skills == ("toetused", "pensionid")  # by priority
    assert problem.holidays == frozenset({3, 4, 5})  # 24., 25., 26. December
    assert [o.key for o in problem.options] == [str(t.pk) for t in world["templates"].values()]
    day = problem.options[0]
    assert (day.start, day.length, day.break_minutes) == (8 * 60 + 30, 510, 30)
    assert problem.required[0][36] == 2 and problem.required[0][35] == 0 and problem.required[5][36] == 0
    assert problem.required[6][85] == 1


def test_an_absence_on_a_part_time_contract_takes_off_its_days_share(world, users):
    Absence.objects.create(
        employee=world["people"]["mari"], kind="sick", start_date="2026-12-21", end_date="2026-12-21"
    )
    TeamSettings.objects.filter(unit=world["team"]).update(hours_tolerance=6)
    problem = sel.roster_problem(_create(world, users))
    mari = next(p for p in problem.people if p.name == "Mari Maasikas")
    assert mari.contracted == 6 * 60 + (6 * 60 - 135) and mari.tolerance == 6 * 60  # Tue, shortened Wed


def test_who_joins_or_leaves_within_the_period_is_rostered_only_while_employed(world, users):
    position = Employment.objects.filter(employee=world["people"]["anna"]).get().position
    # Peeter leaves on Tuesday 22.12; Kalle joins on Wednesday 30.12 (the second week).
    Employment.objects.filter(employee=world["people"]["peeter"]).update(end_date=date(2026, 12, 22))
    kalle = Employee.objects.create(first_name="Kalle", last_name="Kask")
    Employment.objects.create(employee=kalle, position=position, start_date="2026-12-30", weekly_hours=40)
    # Someone who left before the period and someone who starts after it are not in it.
    for first, start, end in (("Vana", "2024-01-01", "2026-12-18"), ("Uus", "2027-01-04", None)):
        Employment.objects.create(
            employee=Employee.objects.create(first_name=first, last_name="Tegelane"),
            position=position,
            start_date=start,
            end_date=end,
        )
    problem = sel.roster_problem(_create(world, users, weeks=2))
    by_name = {p.name: p for p in problem.people}
    assert set(by_name) == {"Anna Aas", "Kalle Kask", "Mari Maasikas", "Peeter Puu"}
    peeter, kalle = by_name["Peeter Puu"], by_name["Kalle Kask"]
    assert peeter.unavailable == frozenset(range(2, 14)) and peeter.contracted == 16 * 60  # Mon, Tue
    # Kalle: Wed 30.12 8 h, Thu 31.12 (before New Year's Day) 5 h, 1.1 a holiday, then the weekend.
    assert kalle.unavailable == frozenset(range(0, 9)) and kalle.contracted == 13 * 60
    # The second week's norm for the others: 28-30.12 8 h each, 31.12 5 h, 1.1 a holiday.
    assert by_name["Anna Aas"].contracted == (21 + 29) * 60


def test_solved_shifts_keep_every_rule_and_carry_holiday_and_night_marks(world, users):
    # The Christmas week's norm is 21 h (15.75 h part-time); with room above it the holidays'
    # demand is worth covering, so someone works on a holiday.
    TeamSettings.objects.filter(unit=world["team"]).update(hours_tolerance=20)
    roster = _create(world, users)
    assert services_roster.roster_solve(roster_id=roster.pk) == "solved"
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SOLVED
    assert set(roster.result) >= {"uncovered", "over", "requests_unmet", "seconds", "status"}
    problem = sel.roster_problem(roster)
    shifts = list(roster.shifts.all())
    assert shifts
    assert rules.violations(problem, sel.shift_assignments(roster, shifts)) == []
    holidays = {date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)}
    for shift in shifts:
        assert shift.on_holiday == (shift.day in holidays)
        evening = shift.template == world["templates"]["evening"]
        assert shift.night_minutes == (30 if evening else 0)  # 14:00–22:30
    # The evening requirement (to 22:30) needs the evening shift: someone has night minutes.
    assert any(s.night_minutes for s in shifts)
    assert any(s.on_holiday for s in shifts)
    # A second run (the task enqueued twice) does nothing.
    assert services_roster.roster_solve(roster_id=roster.pk) == "skipped"
    assert Shift.objects.filter(roster=roster).count() == len(shifts)


def test_a_rule_set_that_cannot_hold_names_the_rule_and_the_person(world, users, client):
    # No tolerance: the Christmas week's 21 h (Anna's norm, the first by name) cannot be made of
    # 8-hour shifts.
    TeamSettings.objects.filter(unit=world["team"]).update(hours_tolerance=0)
    roster = _create(world, users)
    assert services_roster.roster_solve(roster_id=roster.pk) == "failed"
    roster.refresh_from_db()
    assert roster.status == Roster.Status.FAILED
    assert roster.result["rule"] == "contracted_hours" and roster.result["person"] == "Anna Aas"
    assert "Anna Aas" in roster.problem
    assert not roster.shifts.exists()
    client.force_login(users["teamlead"])
    page = client.get(f"/workforce/rosters/{roster.pk}/").content.decode()
    assert "Anna Aas" in page and str(sel.rule_label("contracted_hours")) in page
    # Why, in the reader's language (the solver's own text is English):
    assert "Anna Aas: 21 lepingujärgset tundi (± 0 h): ükski vahetusmallide kombinatsioon" in page
    # The page names Anna and her hours: a look at her, in the access log.
    logged = AccessLog.objects.filter(actor=users["teamlead"], action="roster_failure")
    assert list(logged.values_list("subject_id", flat=True)) == [world["people"]["anna"].pk]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/workforce/rosters/{roster.pk}/").content.decode()
    assert "Anna Aas: 21 contracted hours (± 0 h): no combination of the shift templates" in english


def test_the_reason_is_said_with_the_readers_numbers():
    from django.utils import translation

    from teenindus.workforce.rule_texts import why_text

    params = {"why": "daily_rest", "contracted_hours": "37.5", "tolerance_hours": "2", "max_hours": "30.5"}
    with translation.override("et"):
        assert why_text("Mari Mets", params) == (
            "Mari Mets: 37,5 lepingujärgset tundi (± 2 h) ei mahu vahetustevahelise 11-tunnise "
            "igapäevase puhkeaja kõrvale: mahub kõige rohkem 30,5 h."
        )
    with translation.override("en"):
        assert "37.5 contracted hours" in why_text("Mari Mets", params)
    assert why_text("Mari Mets", {}) is None  # a roster that failed before reasons were kept


def test_a_failed_roster_is_solved_again_after_the_cause_is_put_right(
    world, users, client, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    TeamSettings.objects.filter(unit=world["team"]).update(hours_tolerance=0)
    roster = _create(world, users)
    assert services_roster.roster_solve(roster_id=roster.pk) == "failed"
    roster.refresh_from_db()
    url = reverse("workforce:roster_solve_again", args=[roster.pk])
    client.force_login(users["teamlead"])
    page = client.get(reverse("workforce:roster_detail", args=[roster.pk])).content.decode()
    assert url in page  # the failed roster offers it
    # A stale version (someone solved it again meanwhile) changes nothing.
    response = client.post(url, {"row_version": roster.row_version - 1})
    assert response.status_code == 409
    assert Roster.objects.get(pk=roster.pk).status == Roster.Status.FAILED
    # Another team's lead does not reach it.
    client.force_login(world["other_lead"])
    assert client.post(url, {"row_version": roster.row_version}).status_code == 404
    assert Roster.objects.get(pk=roster.pk).status == Roster.Status.FAILED

    TeamSettings.objects.filter(unit=world["team"]).update(hours_tolerance=8)  # the cause put right
    client.force_login(users["teamlead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"row_version": roster.row_version})
    assert response.status_code == 302
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SOLVING and roster.result == {} and roster.problem == ""
    assert DBTaskResult.objects.filter(
        task_path__endswith="roster_solve_task", args_kwargs__args=[roster.pk]
    ).exists()
    assert services_roster.roster_solve(roster_id=roster.pk) == "solved"
    roster.refresh_from_db()
    problem = sel.roster_problem(roster)
    assert roster.shifts.exists()
    assert rules.violations(problem, sel.shift_assignments(roster, list(roster.shifts.all()))) == []


def test_a_published_roster_is_not_solved_again(world, users):
    TeamSettings.objects.filter(unit=world["team"]).update(hours_tolerance=20)
    roster = _create(world, users)
    services_roster.roster_solve(roster_id=roster.pk)
    roster.refresh_from_db()
    services_roster.roster_publish(
        actor=users["teamlead"], roster_id=roster.pk, row_version=roster.row_version
    )
    roster.refresh_from_db()
    shifts = roster.shifts.count()
    with pytest.raises(ValidationFailed) as refused:
        services_roster.roster_solve_again(
            actor=users["teamlead"], roster_id=roster.pk, row_version=roster.row_version
        )
    assert refused.value.field == "status"
    roster.refresh_from_db()
    assert roster.status == Roster.Status.PUBLISHED and roster.shifts.count() == shifts


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_day": HOLIDAY_WEEK + timedelta(days=1)}, "first_day"),
        ({"weeks": 5}, "weeks"),
        ({"weeks": 0}, "weeks"),
        ({"templates": []}, "templates"),
    ],
)
def test_bad_requests_are_refused_and_make_nothing(world, users, change, field):
    plan = plan_for(world["team"], HOLIDAY_WEEK, 4)
    kwargs = {"first_day": HOLIDAY_WEEK, "weeks": 1, "plan": plan, **change}
    templates = kwargs.pop("templates", None)
    with pytest.raises(ValidationFailed) as caught:
        services_roster.roster_create(
            actor=users["teamlead"],
            unit_id=world["team"].pk,
            first_day=kwargs["first_day"],
            weeks=kwargs["weeks"],
            plan_id=plan.pk,
            template_ids=[t.pk for t in world["templates"].values()] if templates is None else templates,
        )
    assert caught.value.field == field
    assert not Roster.objects.exists()


def test_a_team_without_agents_is_named(world, users):
    from teenindus.org.models import Unit

    empty = Unit.objects.create(
        agency=world["team"].agency, name="Tühi tiim", kind="section", parent=world["department"]
    )
    with pytest.raises(ValidationFailed) as caught:
        services_roster.roster_create(
            actor=users["teamlead"],
            unit_id=empty.pk,
            first_day=HOLIDAY_WEEK,
            weeks=1,
            plan_id=plan_for(empty, HOLIDAY_WEEK, 1).pk,
            template_ids=[],
        )
    assert caught.value.field == "unit" and "Tühi tiim" in caught.value.message
    assert not Roster.objects.exists()


def test_a_plan_of_another_team_or_too_short_is_refused(world, users):
    short = plan_for(world["team"], HOLIDAY_WEEK, 1)
    with pytest.raises(ValidationFailed) as caught:
        _create(world, users, weeks=2, plan=short)
    assert caught.value.field == "plan" and "21.12.2026" in caught.value.message
    foreign = plan_for(world["other"], HOLIDAY_WEEK, 1)
    with pytest.raises(ValidationFailed) as caught:
        _create(world, users, plan=foreign)
    assert caught.value.field == "plan"
    with pytest.raises(NotFound):  # a team out of the lead's scope
        services_roster.roster_create(
            actor=users["teamlead"],
            unit_id=world["other"].pk,
            first_day=HOLIDAY_WEEK,
            weeks=1,
            plan_id=foreign.pk,
            template_ids=[],
        )
    assert not Roster.objects.exists()


def test_the_create_form_answers_bad_input_with_400(world, users, client):
    client.force_login(users["teamlead"])
    plan = plan_for(world["team"], HOLIDAY_WEEK, 1)
    form = {
        "unit": world["team"].pk,
        "first_day": "2026-12-22",
        "weeks": 1,
        "plan": plan.pk,
        "templates": [t.pk for t in world["templates"].values()],
    }
    response = client.post("/workforce/rosters/new/", form)
    assert response.status_code == 400
    assert not Roster.objects.exists()
    response = client.post("/workforce/rosters/new/", {**form, "first_day": "2026-12-21", "weeks": 5})
    assert response.status_code == 400 and not Roster.objects.exists()
    response = client.post("/workforce/rosters/new/", {**form, "first_day": "2026-12-21"})
    assert response.status_code == 302
    roster = Roster.objects.get()
    assert response["Location"] == f"/workforce/rosters/{roster.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "data-roster-refresh" in page and "workforce-roster.js" in page and "<script>" not in page


def test_the_staffing_plan_leads_to_a_roster_form_filled_from_it(world, users, client):
    plan = plan_for(world["team"], HOLIDAY_WEEK, 2)
    client.force_login(users["teamlead"])
    page = client.get(reverse("workforce:staffing_detail", args=[plan.pk])).content.decode()
    link = f"{reverse('workforce:roster_create')}?plan={plan.pk}"
    assert link in page
    form = client.get(link).context["form"]
    assert form.initial["plan"] == plan.pk and form.initial["unit"] == world["team"].pk
    assert form.initial["first_day"] == HOLIDAY_WEEK and form.initial["weeks"] == 2
    # Another team's plan is not offered, so nothing is filled from it.
    other = plan_for(world["other"], HOLIDAY_WEEK, 1)
    assert (
        "plan"
        not in client.get(f"{reverse('workforce:roster_create')}?plan={other.pk}").context["form"].initial
    )
