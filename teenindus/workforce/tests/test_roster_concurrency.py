"""Races on a roster (PostgreSQL, threads with their own connections): two workers solving the
same roster store one set of shifts; four publish clicks make one publication and one notice per
person; two edits from the same page version save one; four "solve again" clicks enqueue one
solve, and one racing a publish lets one of the two through."""

import pytest
from django.db import connection

from teenindus.core.exceptions import ConcurrentEditError
from teenindus.core.models import OutboxMail
from teenindus.core.testing import race
from teenindus.workforce import rules, services_roster
from teenindus.workforce import selectors_roster as sel
from teenindus.workforce.models import Roster, RosterPublication, Shift, ShiftNotice
from teenindus.workforce.tests.roster_helpers import HOLIDAY_WEEK, plan_for, team_world

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _roster(users, world) -> Roster:
    return services_roster.roster_create(
        actor=users["teamlead"],
        unit_id=world["team"].pk,
        first_day=HOLIDAY_WEEK,
        weeks=1,
        plan_id=plan_for(world["team"], HOLIDAY_WEEK, 1).pk,
        template_ids=[t.pk for t in world["templates"].values()],
    )


def test_two_workers_solving_one_roster_store_one_set_of_shifts(users):
    world = team_world(users)
    roster = _roster(users, world)
    results, errors = race(lambda i: services_roster.roster_solve(roster_id=roster.pk), 2)
    assert errors == []
    assert sorted(results) == ["skipped", "solved"]
    roster.refresh_from_db()
    shifts = list(Shift.objects.filter(roster=roster))
    assert roster.status == Roster.Status.SOLVED and shifts
    assert len({(s.employee_id, s.day) for s in shifts}) == len(shifts)
    assert rules.violations(sel.roster_problem(roster), sel.shift_assignments(roster, shifts)) == []


def test_four_publish_clicks_make_one_publication_and_one_notice_each(users):
    world = team_world(users)
    roster = _roster(users, world)
    services_roster.roster_solve(roster_id=roster.pk)
    roster.refresh_from_db()
    results, errors = race(
        lambda i: (
            services_roster.roster_publish(
                actor=users["teamlead"], roster_id=roster.pk, row_version=roster.row_version
            ).pk
        ),
        4,
    )
    assert errors == [] and len(set(results)) == 1
    publication = RosterPublication.objects.get()
    assert publication.number == 1
    # The notice task run by several workers at once (the task enqueued by each click that won).
    made, errors = race(lambda i: services_roster.publication_notices(publication_id=publication.pk), 4)
    assert errors == []
    people = set(roster.shifts.values_list("employee_id", flat=True))
    assert sum(made) == len(people)
    assert set(ShiftNotice.objects.values_list("employee_id", flat=True)) == people
    assert ShiftNotice.objects.count() == len(people) == OutboxMail.objects.count()


def test_two_edits_from_the_same_page_save_one(users):
    world = team_world(users)
    roster = _roster(users, world)
    services_roster.roster_solve(roster_id=roster.pk)
    roster.refresh_from_db()
    shift = roster.shifts.filter(template=world["templates"]["day"]).order_by("day").first()

    def edit(i):
        return services_roster.roster_shift_edit(
            actor=users["teamlead"],
            roster_id=roster.pk,
            employee_id=shift.employee_id,
            day=shift.day,
            template_id=world["templates"]["late"].pk,
            row_version=roster.row_version,
        ).row_version

    results, errors = race(edit, 2)
    assert len(errors) == 1 and isinstance(errors[0], ConcurrentEditError)
    assert [r for r in results if r] == [roster.row_version + 1]
    assert Roster.objects.get(pk=roster.pk).row_version == roster.row_version + 1


def test_four_solve_again_clicks_enqueue_one_solve(users):
    from django_tasks_db.models import DBTaskResult

    from teenindus.workforce.models import TeamSettings

    world = team_world(users, tolerance=0)  # Christmas week's 21 h cannot be made of 8 h shifts
    roster = _roster(users, world)
    assert services_roster.roster_solve(roster_id=roster.pk) == "failed"
    roster.refresh_from_db()
    TeamSettings.objects.filter(unit=world["team"]).update(hours_tolerance=8)
    queued = DBTaskResult.objects.filter(task_path__endswith="roster_solve_task").count()

    results, errors = race(
        lambda i: (
            services_roster.roster_solve_again(
                actor=users["teamlead"], roster_id=roster.pk, row_version=roster.row_version
            ).row_version
        ),
        4,
    )
    assert results.count(roster.row_version + 1) == 1
    assert len(errors) == 3 and all(isinstance(e, ConcurrentEditError) for e in errors)
    assert DBTaskResult.objects.filter(task_path__endswith="roster_solve_task").count() == queued + 1
    # The worker's solve, twice at once (the task claimed by two workers): one solves it.
    done, errors = race(lambda i: services_roster.roster_solve(roster_id=roster.pk), 2)
    assert errors == [] and sorted(done) == ["skipped", "solved"]


def test_solve_again_racing_a_publish_from_the_same_page_lets_one_through(users):
    world = team_world(users, tolerance=20)
    roster = _roster(users, world)
    services_roster.roster_solve(roster_id=roster.pk)
    roster.refresh_from_db()
    actions = [services_roster.roster_publish, services_roster.roster_solve_again]
    results, errors = race(
        lambda i: actions[i](actor=users["teamlead"], roster_id=roster.pk, row_version=roster.row_version),
        2,
    )
    assert len(results) - results.count(None) == 1 and len(errors) == 1
    roster.refresh_from_db()
    published = RosterPublication.objects.filter(roster=roster).exists()
    # Either it was published (and was not emptied), or it is being solved again (and not published).
    assert (roster.status, published) in ((Roster.Status.PUBLISHED, True), (Roster.Status.SOLVING, False))
    assert roster.shifts.exists() == published
