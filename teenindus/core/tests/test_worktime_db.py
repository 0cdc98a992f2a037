"""The stored calendar: the migration's defaults, the services that change it (version, hooks after
commit, nothing changed on bad input), the admin going through them, and concurrent changes on
PostgreSQL."""

import threading
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from teenindus.accounts.models import User
from teenindus.core.exceptions import NotFound, ValidationFailed
from teenindus.core.models import CalendarDay, OpeningHours, WorkCalendarState
from teenindus.core.services import calendar_day_delete, calendar_day_set, opening_hours_set
from teenindus.core.worktime import calendar_load, calendar_version, on_change, on_change_unregister

TALLINN = ZoneInfo("Europe/Tallinn")


def version() -> int:
    return WorkCalendarState.objects.get(pk=1).version


@pytest.fixture
def hook_calls():
    calls: list[str] = []

    def hook():
        calls.append("recompute")

    on_change(hook)
    on_change(hook)  # registered once however often
    yield calls
    on_change_unregister(hook)


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser(username="calendar-admin", password="x-Salas0na-x")


@pytest.mark.django_db
def test_migration_seeds_the_defaults_and_load_only_reads(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        cal = calendar_load()
    assert cal.version == 0
    assert cal.day_hours(date(2026, 11, 23)) == (time(8, 30), time(17, 0))  # Monday
    assert cal.day_hours(date(2026, 11, 21)) is None and cal.day_hours(date(2026, 11, 22)) is None
    assert OpeningHours.objects.count() == 7
    assert version() == 0  # loading wrote nothing


@pytest.mark.django_db
def test_opening_hours_change_bumps_version_and_runs_hooks_after_commit_only(
    hook_calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        opening_hours_set(actor=None, weekday=5, opens=time(10), closes=time(14))
    assert hook_calls == []  # nothing before the commit
    assert version() == 1
    for callback in callbacks:
        callback()
    assert hook_calls == ["recompute"]
    cal = calendar_load()
    assert cal.version == calendar_version() == 1
    assert cal.day_hours(date(2026, 11, 21)) == (time(10), time(14))
    # Setting what is already there is no change: no version, no recompute.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        opening_hours_set(actor=None, weekday=5, opens=time(10), closes=time(14))
        calendar_day_set(actor=None, day=date(2026, 11, 23), kind="closed", note="Training")
        calendar_day_set(actor=None, day=date(2026, 11, 23), kind="closed", note="Staff training")
    assert hook_calls == ["recompute", "recompute"] and version() == 2  # one more change, not three
    assert CalendarDay.objects.get(day=date(2026, 11, 23)).note == "Staff training"


@pytest.mark.django_db
def test_bad_hours_change_nothing_and_schedule_nothing(hook_calls, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationFailed) as error:
            opening_hours_set(actor=None, weekday=0, opens=time(17), closes=time(9))
        assert error.value.field == "closes"
        with pytest.raises(ValidationFailed):
            opening_hours_set(actor=None, weekday=0, opens=time(9), closes=None)
        with pytest.raises(ValidationFailed):
            opening_hours_set(actor=None, weekday=7, opens=None, closes=None)
        with pytest.raises(ValidationFailed):
            calendar_day_set(actor=None, day=date(2026, 11, 21), kind="open")
        with pytest.raises(ValidationFailed):
            calendar_day_set(actor=None, day=date(2026, 11, 21), kind="sometimes")
        with pytest.raises(NotFound):
            calendar_day_delete(actor=None, day=date(2026, 11, 21))
    assert callbacks == [] and hook_calls == []
    assert version() == 0
    assert OpeningHours.objects.get(weekday=0).opens == time(8, 30)
    assert not CalendarDay.objects.exists()


@pytest.mark.django_db
def test_days_off_and_extra_working_days_are_loaded(
    hook_calls, django_capture_on_commit_callbacks, admin_user
):
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(actor=admin_user, day=date(2026, 11, 23), kind="closed", note="Moving the office")
        calendar_day_set(
            actor=admin_user, day=date(2026, 11, 21), kind="open", opens=time(10), closes=time(13)
        )
    assert hook_calls == ["recompute", "recompute"]
    assert CalendarDay.objects.get(day=date(2026, 11, 23)).changed_by == "calendar-admin"
    cal = calendar_load()
    assert cal.version == 2
    friday_afternoon = datetime(2026, 11, 20, 16, 0, tzinfo=TALLINN)
    assert cal.add(friday_afternoon, 2 * 3600) == datetime(2026, 11, 21, 11, 0, tzinfo=TALLINN)
    assert cal.add_days(friday_afternoon, 2) == datetime(2026, 11, 24, 17, 0, tzinfo=TALLINN)
    # Setting the same date again replaces its row; deleting it restores the weekday table.
    calendar_day_set(actor=admin_user, day=date(2026, 11, 23), kind="open", opens=time(12), closes=time(15))
    assert CalendarDay.objects.filter(day=date(2026, 11, 23)).count() == 1
    calendar_day_delete(actor=admin_user, day=date(2026, 11, 23))
    assert calendar_load().day_hours(date(2026, 11, 23)) == (time(8, 30), time(17, 0))
    assert version() == 4


@pytest.mark.django_db
def test_admin_saves_and_deletes_go_through_the_services(
    client, admin_user, hook_calls, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    monday = OpeningHours.objects.get(weekday=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/core/openinghours/{monday.pk}/change/", {"opens": "09:00", "closes": "16:00"}
        )
    assert response.status_code == 302
    assert hook_calls == ["recompute"] and version() == 1
    assert OpeningHours.objects.get(weekday=0).changed_by == "calendar-admin"

    tuesday = OpeningHours.objects.get(weekday=1)
    response = client.post(
        f"/admin/core/openinghours/{tuesday.pk}/change/", {"opens": "16:00", "closes": "09:00"}
    )
    assert response.status_code == 200  # the form shows the error; nothing saved
    assert version() == 1 and OpeningHours.objects.get(weekday=1).opens == time(8, 30)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/core/calendarday/add/", {"day": "2026-12-28", "kind": "closed", "opens": "", "closes": ""}
        )
    assert response.status_code == 302
    row = CalendarDay.objects.get(day=date(2026, 12, 28))
    assert version() == 2 and len(hook_calls) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/core/calendarday/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert version() == 3 and len(hook_calls) == 3

    # The list's "delete selected" action too, one change per date.
    for day in (date(2027, 1, 4), date(2027, 1, 5)):
        calendar_day_set(actor=admin_user, day=day, kind="closed")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/core/calendarday/",
            {
                "action": "delete_selected",
                "_selected_action": list(CalendarDay.objects.values_list("pk", flat=True)),
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert version() == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_each_get_a_version_and_one_row_per_date():
    WorkCalendarState.objects.get_or_create(pk=1)
    start_version = version()
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def change(n: int) -> None:
        try:
            barrier.wait()
            calendar_day_set(
                actor=None, day=date(2026, 12, 28), kind="open", opens=time(9), closes=time(10 + n)
            )
            opening_hours_set(actor=None, weekday=n, opens=time(9), closes=time(12))
        except BaseException as exc:  # noqa: BLE001 - every failure counts
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert version() == start_version + 12
    assert CalendarDay.objects.filter(day=date(2026, 12, 28)).count() == 1
