"""Publishing a roster and what follows: the publication and its notices (mail through the outbox,
once), a change after publishing (versioned, only those affected told, agents see the published
version until then), hand edits refused on a rule break or a stale version, scope, the access log,
the agent's own pages and start page, shift templates and days off."""

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from teenindus.audit.models import AccessLog
from teenindus.core.exceptions import ConcurrentEditError, ValidationFailed
from teenindus.core.models import OutboxMail
from teenindus.people.models import Absence
from teenindus.workforce import selectors_roster as sel
from teenindus.workforce import services_roster
from teenindus.workforce.models import (
    DayOffRequest,
    Roster,
    RosterPublication,
    Shift,
    ShiftNotice,
    ShiftTemplate,
)
from teenindus.workforce.tests.roster_helpers import (
    HOLIDAY_WEEK,
    plan_for,
    run_worker,
    team_world,
    this_monday,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return team_world(users)


def solved(world, users, *, first_day=HOLIDAY_WEEK, weeks=1) -> Roster:
    roster = services_roster.roster_create(
        actor=users["teamlead"],
        unit_id=world["team"].pk,
        first_day=first_day,
        weeks=weeks,
        plan_id=plan_for(world["team"], first_day, weeks).pk,
        template_ids=[t.pk for t in world["templates"].values()],
    )
    assert services_roster.roster_solve(roster_id=roster.pk) == "solved"
    roster.refresh_from_db()
    return roster


def publish(users, roster) -> RosterPublication:
    roster.refresh_from_db()
    publication = services_roster.roster_publish(
        actor=users["teamlead"], roster_id=roster.pk, row_version=roster.row_version
    )
    services_roster.publication_notices(publication_id=publication.pk)
    return publication


def _movable(roster, world) -> Shift:
    """A day shift (08:30) that may become a late one (12:00–20:30): the same hours, and 12 h or
    more to any next start (08:30 at the earliest)."""
    shift = roster.shifts.filter(template=world["templates"]["day"]).order_by("day", "employee_id").first()
    assert shift is not None
    return shift


def test_publish_tells_each_person_their_shifts_once(world, users):
    roster = solved(world, users)
    publication = publish(users, roster)
    roster.refresh_from_db()
    assert (publication.number, roster.publication, roster.status) == (1, 1, Roster.Status.PUBLISHED)
    people = set(roster.shifts.values_list("employee_id", flat=True))
    assert {c["employee"] for c in publication.changes} == people
    assert len(publication.shifts) == roster.shifts.count()
    notices = ShiftNotice.objects.filter(publication=publication)
    assert set(notices.values_list("employee_id", flat=True)) == people
    assert all(n.mail_id for n in notices)
    anna = world["people"]["anna"]
    letter = OutboxMail.objects.get(key=f"workforce:roster:{roster.pk}:publication:1:employee:{anna.pk}")
    assert letter.to == "anna@amet.example.ee"
    first = roster.shifts.filter(employee=anna).first()
    assert sel.times_label(first.starts_at, first.ends_at) in letter.body
    # Again (a second click, the task run twice): the same publication, no new notice or mail.
    again = publish(users, roster)
    assert again.pk == publication.pk
    assert ShiftNotice.objects.count() == len(people) and OutboxMail.objects.count() == len(people)


def test_a_change_after_publishing_is_versioned_and_told_only_to_whom_it_concerns(world, users, client):
    roster = solved(world, users)
    publish(users, roster)
    shift = _movable(roster, world)
    person, day = shift.employee, shift.day
    before = sel.times_label(shift.starts_at, shift.ends_at)
    roster.refresh_from_db()
    services_roster.roster_shift_edit(
        actor=users["teamlead"],
        roster_id=roster.pk,
        employee_id=person.pk,
        day=day,
        template_id=world["templates"]["late"].pk,
        row_version=roster.row_version,
    )
    roster.refresh_from_db()
    assert roster.status == Roster.Status.PUBLISHED and roster.publication == 1
    assert sel.unpublished_changes(roster) == {(person.pk, day.isoformat())}
    # The agent still sees the published shift; the planner sees the change marked.
    seen = sel.published_shifts(person, first=day, last=day)
    assert [s.label for s in seen] == [before]
    client.force_login(users["teamlead"])
    page = client.get(reverse("workforce:roster_detail", args=[roster.pk])).content.decode()
    assert "12:00–20:30 *" in page
    mail_count = OutboxMail.objects.count()

    second = publish(users, roster)
    assert second.number == 2
    assert second.changes == [
        {"employee": person.pk, "day": day.isoformat(), "before": before, "after": "12:00–20:30"}
    ]
    assert list(ShiftNotice.objects.filter(publication=second).values_list("employee_id", flat=True)) == [
        person.pk
    ]
    assert OutboxMail.objects.count() == mail_count + 1
    letter = OutboxMail.objects.get(key__endswith=f":publication:2:employee:{person.pk}")
    assert before in letter.body and "12:00–20:30" in letter.body
    assert [s.label for s in sel.published_shifts(person, first=day, last=day)] == ["12:00–20:30"]
    assert sel.unpublished_changes(Roster.objects.get(pk=roster.pk)) == set()


def test_an_edit_breaking_a_rule_is_refused_naming_it(world, users, client):
    roster = solved(world, users)
    peeter = world["people"]["peeter"]
    off = next(
        d for d in sel.roster_days(roster) if not roster.shifts.filter(employee=peeter, day=d).exists()
    )
    Absence.objects.create(employee=peeter, kind="sick", start_date=off, end_date=off)
    count = roster.shifts.count()
    with pytest.raises(ValidationFailed) as caught:
        services_roster.roster_shift_edit(
            actor=users["teamlead"],
            roster_id=roster.pk,
            employee_id=peeter.pk,
            day=off,
            template_id=world["templates"]["day"].pk,
            row_version=roster.row_version,
        )
    assert "absence" in caught.value.extra["rules"]
    assert str(sel.rule_label("absence")) in caught.value.message and "Peeter Puu" in caught.value.message
    assert off.strftime("%d.%m.%Y") in caught.value.message  # when, as people read dates
    assert roster.shifts.count() == count
    assert Roster.objects.get(pk=roster.pk).row_version == roster.row_version
    # Through the page: 400 with the rule named, nothing changed.
    client.force_login(users["teamlead"])
    url = reverse("workforce:roster_shift_edit", args=[roster.pk, peeter.pk, off.isoformat()])
    response = client.post(url, {"template": world["templates"]["day"].pk, "row_version": roster.row_version})
    assert response.status_code == 422 and str(sel.rule_label("absence")) in response.content.decode()
    assert roster.shifts.count() == count


def test_a_stale_edit_or_publish_gets_a_conflict_and_changes_nothing(world, users, client):
    roster = solved(world, users)
    shift = _movable(roster, world)
    stale = roster.row_version
    services_roster.roster_shift_edit(
        actor=users["teamlead"],
        roster_id=roster.pk,
        employee_id=shift.employee_id,
        day=shift.day,
        template_id=world["templates"]["late"].pk,
        row_version=stale,
    )
    with pytest.raises(ConcurrentEditError):
        services_roster.roster_shift_edit(
            actor=users["teamlead"],
            roster_id=roster.pk,
            employee_id=shift.employee_id,
            day=shift.day,
            template_id=None,
            row_version=stale,
        )
    assert roster.shifts.filter(employee_id=shift.employee_id, day=shift.day).exists()
    with pytest.raises(ConcurrentEditError):
        services_roster.roster_publish(actor=users["teamlead"], roster_id=roster.pk, row_version=stale)
    assert not RosterPublication.objects.exists()
    client.force_login(users["teamlead"])
    url = reverse("workforce:roster_shift_edit", args=[roster.pk, shift.employee_id, shift.day.isoformat()])
    response = client.post(url, {"template": "off", "row_version": stale})
    assert response.status_code == 409
    assert roster.shifts.filter(employee_id=shift.employee_id, day=shift.day).exists()


def test_scope_404_and_403(world, users, client):
    roster = solved(world, users)
    anna = world["people"]["anna"]
    urls = [
        reverse("workforce:roster_detail", args=[roster.pk]),
        reverse("workforce:roster_shift_edit", args=[roster.pk, anna.pk, roster.first_day.isoformat()]),
        reverse("workforce:roster_templates", args=[world["team"].pk]),
        reverse("workforce:roster_list") + f"?unit={world['team'].pk}",
    ]
    client.force_login(world["other_lead"])
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("workforce:roster_publish", args=[roster.pk]), {"row_version": roster.row_version}
    )
    assert response.status_code == 404 and not RosterPublication.objects.exists()
    assert client.get(reverse("workforce:roster_list")).status_code == 200
    client.force_login(users["agent"])
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(users["teamlead"])
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("workforce:roster_detail", args=[roster.pk + 1000])).status_code == 404
    bad_day = reverse("workforce:roster_shift_edit", args=[roster.pk, anna.pk, "2026-13-40"])
    assert client.get(bad_day).status_code == 404


def test_the_grid_writes_the_access_log(world, users, client):
    roster = solved(world, users)
    client.force_login(users["teamlead"])
    page = client.get(reverse("workforce:roster_detail", args=[roster.pk]))
    assert page.status_code == 200 and "no-store" in page.get("Cache-Control", "")
    logged = AccessLog.objects.filter(
        actor=users["teamlead"], action="shifts", view="workforce:roster_detail"
    )
    assert set(logged.values_list("subject_id", flat=True)) == {p.pk for p in world["people"].values()}
    body = page.content.decode()
    assert "<svg" in body and "Anna Aas" in body
    # The solver's own status words are not the reader's: said in Estonian.
    assert "OPTIMAL" not in body and "FEASIBLE" not in body
    assert "parim võimalik, tõestatud" in body or "parim ajaga leitud" in body
    assert "nädalat</h1>" in body or "nädal</h1>" in body


def test_the_agent_sees_published_shifts_on_the_start_page_and_their_page(world, users, client):
    roster = solved(world, users, first_day=this_monday(), weeks=2)
    client.force_login(users["agent"])
    anna = world["people"]["anna"]
    assert "workforce-my-shifts" not in client.get(reverse("home")).content.decode()  # not published yet
    publish(users, roster)
    home = client.get(reverse("home")).content.decode()
    assert "workforce-my-shifts" in home and reverse("workforce:roster_my_shifts") in home
    upcoming = sel.published_shifts(anna, first=date.today(), last=date.today() + timedelta(days=6))
    assert upcoming and all(s.label in home for s in upcoming)
    mine = client.get(reverse("workforce:roster_my_shifts")).content.decode()
    assert upcoming[0].label in mine
    # The planner's start page lists a solved roster not yet published.
    other = solved(world, users, first_day=this_monday() + timedelta(days=14))
    client.force_login(users["teamlead"])
    assert reverse("workforce:roster_detail", args=[other.pk]) in client.get(reverse("home")).content.decode()


def test_shift_templates_keep_the_break_rule(world, users, client):
    team = world["team"]
    with pytest.raises(ValidationFailed) as caught:
        services_roster.template_create(
            actor=users["teamlead"],
            unit_id=team.pk,
            name="Pikk",
            starts=time(8),
            length_minutes=420,
            break_minutes=15,
        )
    assert caught.value.field == "break_minutes"
    client.force_login(users["teamlead"])
    url = reverse("workforce:roster_templates", args=[team.pk])
    bad = {"action": "add", "name": "Pikk", "starts": "08:00", "length_minutes": 420, "break_minutes": 0}
    assert client.post(url, bad).status_code == 400
    assert not ShiftTemplate.objects.filter(name="Pikk").exists()
    assert client.post(url, {**bad, "break_minutes": 30}).status_code == 302
    assert client.post(url, {**bad, "break_minutes": 30}).status_code == 400  # the same name again
    lyhike = {"action": "add", "name": "Lühike", "starts": "10:00", "length_minutes": 360, "break_minutes": 0}
    assert client.post(url, lyhike).status_code == 302  # 6 h exactly needs no break
    template = ShiftTemplate.objects.get(name="Pikk")
    assert client.post(url, {"action": "deactivate", "template": template.pk}).status_code == 302
    assert not ShiftTemplate.objects.get(pk=template.pk).active


def test_days_off_own_not_past_not_twice(world, users, client):
    client.force_login(users["agent"])
    url = reverse("workforce:roster_days_off")
    anna = world["people"]["anna"]
    tomorrow = date.today() + timedelta(days=1)
    assert client.post(url, {"action": "add", "day": tomorrow.isoformat(), "note": "Arst"}).status_code == 302
    assert list(DayOffRequest.objects.filter(employee=anna).values_list("day", flat=True)) == [tomorrow]
    again = client.post(url, {"action": "add", "day": tomorrow.isoformat()})
    assert again.status_code == 400 and tomorrow.strftime("%d.%m.%Y") in again.content.decode()
    past = client.post(url, {"action": "add", "day": (date.today() - timedelta(days=1)).isoformat()})
    assert past.status_code == 400 and DayOffRequest.objects.count() == 1
    request = DayOffRequest.objects.get()
    client.force_login(users["teamlead"])  # not theirs: not found, nothing withdrawn
    assert client.post(url, {"action": "remove", "request": request.pk}).status_code == 404
    client.force_login(users["agent"])
    assert client.post(url, {"action": "remove", "request": request.pk}).status_code == 302
    assert not DayOffRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_solves_publish_and_mails_once(users):
    world = team_world(users)
    roster = services_roster.roster_create(
        actor=users["teamlead"],
        unit_id=world["team"].pk,
        first_day=HOLIDAY_WEEK,
        weeks=1,
        plan_id=plan_for(world["team"], HOLIDAY_WEEK, 1).pk,
        template_ids=[t.pk for t in world["templates"].values()],
    )
    assert Roster.objects.get(pk=roster.pk).status == Roster.Status.SOLVING
    run_worker()
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SOLVED and roster.shifts.exists()
    services_roster.roster_publish(
        actor=users["teamlead"], roster_id=roster.pk, row_version=roster.row_version
    )
    run_worker()  # the notices, then their mails
    run_worker()
    people = set(roster.shifts.values_list("employee_id", flat=True))
    assert ShiftNotice.objects.count() == len(people)
    assert len(mail.outbox) == len(people)
    assert OutboxMail.objects.filter(sent_at__isnull=False).count() == len(people)
