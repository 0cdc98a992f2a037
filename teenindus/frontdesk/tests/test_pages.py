import csv
import io
from datetime import date, datetime, timedelta

import openpyxl
import pdfplumber
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teenindus.audit.models import AccessLog
from teenindus.frontdesk.models import Service, Visit
from teenindus.frontdesk.moves import State
from teenindus.frontdesk.services.queue import visit_move, visitor_call_next
from teenindus.frontdesk.stats import p90, visit_stats
from teenindus.frontdesk.tests.helpers import at_desk, check_in

pytestmark = pytest.mark.django_db


def _en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# The waiting-room display


def test_the_display_shows_numbers_and_desks_never_names_or_needs(client, fd, sentinel):
    check_in(fd, "A", customer_id=sentinel.pk, note="Salajane mure")
    check_in(fd, "B", customer_id=sentinel.pk)
    desk = at_desk(fd, 0)
    visitor_call_next(actor=fd["info"], desk_id=desk.pk)
    page = client.get(reverse("display:display", args=["tartu"]))
    state = client.get(reverse("display:display_state", args=["tartu"]))
    assert page.status_code == 200 and state.status_code == 200
    for body in (page.content.decode(), state.content.decode()):
        assert "A001" in body and "Laud 1" in body and "B002" in body
        for secret in (sentinel.name, sentinel.last_name, sentinel.isikukood, "Salajane", "Pensionid"):
            assert secret not in body
    assert "frontdesk-display.js" in page.content.decode()
    assert AccessLog.objects.count() == 0


def test_the_display_json_changes_right_after_a_call_and_reading_it_writes_nothing(client, fd):
    check_in(fd, "A")
    url = reverse("display:display_state", args=["tartu"])
    before = client.get(url).json()
    assert before["calls"] == [] and before["waiting"] == ["A001"] and before["last_call"] == 0
    desk = at_desk(fd, 1)
    visitor_call_next(actor=fd["info"], desk_id=desk.pk)
    with CaptureQueriesContext(connection) as queries:
        after = client.get(url).json()
    assert after["calls"][0]["number"] == "A001" and after["calls"][0]["desk"] == "Laud 2"
    assert after["last_call"] > before["last_call"] and after["waiting"] == []
    written = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert written == []
    # Called again: the display's last call moves on (it beeps again), the number is shown once.
    visit_move(actor=fd["info"], visit_id=Visit.objects.get().pk, move="recall", desk_id=desk.pk)
    again = client.get(url).json()
    assert again["last_call"] > after["last_call"] and [c["number"] for c in again["calls"]] == ["A001"]


def test_a_display_of_an_office_that_does_not_exist_says_so(client, fd):
    response = _en(client).get(reverse("display:display", args=["narva"]))
    assert response.status_code == 404
    assert "No office with the code narva" in response.content.decode()
    assert client.get(reverse("display:display_state", args=["narva"])).status_code == 404


# Check-in, the ticket, the desk


def test_the_info_specialist_checks_a_found_customer_in_and_prints_the_ticket(client_for, fd, sentinel):
    client = client_for("info")
    page = client.get(reverse("frontdesk:office", args=["tartu"]), {"q": sentinel.isikukood})
    assert sentinel.name in page.content.decode()
    assert AccessLog.objects.filter(subject_id=sentinel.pk, action="search").exists()
    response = client.post(
        reverse("frontdesk:check_in", args=["tartu"]),
        {"service": fd["services"]["B"].pk, "note": "Lapsetoetus", "customer": sentinel.pk},
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("frontdesk:visit", args=[visit.pk])
    assert (visit.number, visit.customer, visit.note) == ("B001", sentinel, "Lapsetoetus")
    pdf = client.get(reverse("frontdesk:visit_ticket", args=[visit.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = document.pages[0].extract_text()
    assert "B001" in text and "Peretoetused" in text and "Tartu esindus" in text
    assert sentinel.last_name not in text  # the paper ticket carries no name


def test_check_in_with_an_unknown_service_says_so_and_saves_nothing(client_for, fd):
    client = _en(client_for("info"))
    response = client.post(reverse("frontdesk:check_in", args=["tartu"]), {"service": 99999}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    assert Visit.objects.count() == 0


def test_the_desk_page_calls_serves_and_a_stale_press_is_refused(client_for, fd, sentinel):
    check_in(fd, "A", customer_id=sentinel.pk)
    client = _en(client_for("info"))
    desk = fd["desks"][0]
    client.post(reverse("frontdesk:desk_sign_in", args=[desk.pk]))
    response = client.post(reverse("frontdesk:desk_next", args=[desk.pk]), follow=True)
    assert "Called A001" in response.content.decode() and sentinel.name in response.content.decode()
    visit = Visit.objects.get()
    assert visit.state == State.CALLED
    form = {"move": "serve", "version": visit.version, "desk": desk.pk, "outcome": "solved"}
    client.post(reverse("frontdesk:visit_move", args=[visit.pk]), form)
    assert Visit.objects.get().state == State.SERVED
    again = client.post(reverse("frontdesk:visit_move", args=[visit.pk]), form, follow=True)
    assert "Someone" in again.content.decode() or "changed meanwhile" in again.content.decode()
    empty = client.post(reverse("frontdesk:desk_next", args=[desk.pk]), follow=True)
    assert "No one is waiting" in empty.content.decode()


def test_a_served_visit_is_in_the_customers_contact_history_with_the_access_logged(client_for, fd, sentinel):
    check_in(fd, "A", customer_id=sentinel.pk, note="Vanaduspension")
    desk = at_desk(fd, 0)
    visit = visitor_call_next(actor=fd["info"], desk_id=desk.pk)
    visit_move(actor=fd["info"], visit_id=visit.pk, move="serve", desk_id=desk.pk)
    client = _en(client_for("teamlead"))
    history = client.get(reverse("contacts:customer_history", args=[sentinel.pk]))
    body = history.content.decode()
    assert history.status_code == 200 and "Visit" in body and "Pensionid" in body and "Vanaduspension" in body
    row = AccessLog.objects.filter(subject_id=sentinel.pk, action="contacts").get()
    assert row.actor.username == "teamlead"


def test_appointments_are_booked_by_an_agent_and_checked_in_at_the_office(client_for, fd, users):
    from teenindus.core import worktime

    day = worktime.calendar_load().add_working_days(timezone.localdate(), 1)
    client = _en(client_for("agent"))
    url = reverse("frontdesk:appointments", args=["tartu"])
    form = {"service": fd["services"]["A"].pk, "desk": fd["desks"][0].pk, "starts_at": f"{day}T09:00"}
    assert client.post(url, form).status_code == 302
    twice = client.post(url, form)
    assert twice.status_code == 409 and "already booked" in twice.content.decode()
    past = client.post(url, {**form, "starts_at": "2020-01-06T09:00"})
    assert past.status_code == 422 and "passed" in past.content.decode()
    listed = client.get(url, {"day": day.isoformat()}).content.decode()
    assert "09:00" in listed and "Pensionid" in listed
    # The agent may book, not check visitors in.
    appointment = fd["office"].appointments.get()
    assert client.post(reverse("frontdesk:appointment_check_in", args=[appointment.pk])).status_code == 403


# Figures


def _visit(fd, *, service, desk, checked_in, wait, service_time=None, state=State.SERVED):
    sequence = Visit.objects.count() + 1
    called = checked_in + timedelta(seconds=wait) if wait is not None else None
    return Visit.objects.create(
        office=fd["office"],
        local_date=timezone.localtime(checked_in).date(),
        sequence=sequence,
        number=f"{service.prefix}{sequence:03d}",
        service=service,
        state=state,
        checked_in_at=checked_in,
        checked_in_by=fd["info"],
        desk=desk,
        called_at=called,
        finished_at=called + timedelta(seconds=service_time or 0) if called else None,
    )


@pytest.fixture
def known_day(fd):
    """A Tuesday: ten served pension visits at desk 1 (waits 60..600 s, service 300 s), between 9 and
    10; a no-show of family benefits at desk 2 at 10 (wait 900 s); one still waiting at 11."""
    day = date(2026, 11, 17)
    tz = timezone.get_current_timezone()
    a, b = fd["services"]["A"], fd["services"]["B"]
    desk1, desk2 = fd["desks"][0], fd["desks"][1]
    for n in range(10):
        at = datetime(2026, 11, 17, 9, n * 5, tzinfo=tz)
        _visit(fd, service=a, desk=desk1, checked_in=at, wait=60 * (n + 1), service_time=300)
    _visit(
        fd,
        service=b,
        desk=desk2,
        checked_in=datetime(2026, 11, 17, 10, 5, tzinfo=tz),
        wait=900,
        state=State.NO_SHOW,
    )
    _visit(
        fd,
        service=b,
        desk=None,
        checked_in=datetime(2026, 11, 17, 11, 0, tzinfo=tz),
        wait=None,
        state=State.WAITING,
    )
    return day


def test_the_90th_percentile_is_by_nearest_rank():
    assert p90([]) is None
    assert p90([5]) == 5
    assert p90(list(range(1, 11))) == 9
    assert p90(list(range(1, 12))) == 10


def test_figures_per_service_desk_and_hour_are_exact(fd, known_day):
    end = known_day + timedelta(days=1)
    by_service = {
        r["key"]: r for r in visit_stats(office=fd["office"], start=known_day, end=end, by="service")
    }
    pensions = by_service["Pensionid"]
    assert (pensions["visitors"], pensions["served"], pensions["no_shows"]) == (10, 10, 0)
    assert pensions["wait_mean"] == 330.0 and pensions["wait_p90"] == 540 and pensions["wait_max"] == 600
    assert pensions["service_mean"] == 300.0
    family = by_service["Peretoetused"]
    assert (family["visitors"], family["no_shows"], family["waiting"], family["wait_max"]) == (2, 1, 1, 900)
    assert family["service_mean"] is None
    everyone = by_service["All"]
    assert everyone["visitors"] == 12 and everyone["wait_p90"] == 600 and everyone["wait_max"] == 900
    by_hour = {
        r["key"]: r["visitors"] for r in visit_stats(office=fd["office"], start=known_day, end=end, by="hour")
    }
    assert by_hour == {"09:00": 10, "10:00": 1, "11:00": 1, "All": 12}
    by_desk = {
        r["key"]: r["visitors"] for r in visit_stats(office=fd["office"], start=known_day, end=end, by="desk")
    }
    assert by_desk == {"Laud 1": 10, "Laud 2": 1, "—": 1, "All": 12}
    # Another day has none of them.
    assert (
        visit_stats(office=fd["office"], start=end, end=end + timedelta(days=1), by="service")[-1]["visitors"]
        == 0
    )


def test_figures_page_and_exports_with_a_formula_neutralised(client_for, fd, known_day):
    Service.objects.filter(pk=fd["services"]["A"].pk).update(name="=HYPERLINK(1)")
    client = _en(client_for("manager"))
    query = {
        "start": known_day.isoformat(),
        "end": (known_day + timedelta(days=1)).isoformat(),
        "by": "service",
    }
    page = client.get(reverse("frontdesk:figures", args=["tartu"]), query)
    assert page.status_code == 200 and "540" in page.content.decode()
    url = reverse("frontdesk:figures_export", args=["tartu"])
    rows = list(
        csv.reader(io.StringIO(client.get(url, {**query, "format": "csv"}).content.decode("utf-8-sig")))
    )
    assert rows[1][0] == "Service" and rows[2][0] == "'=HYPERLINK(1)" and rows[2][1] == "10"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, {**query, "format": "xlsx"}).content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    found = next(row for row in values if row[0] and str(row[0]).endswith("HYPERLINK(1)"))
    assert found[0] == "'=HYPERLINK(1)" and found[6] == 540
    # Today live is the default.
    assert client.get(reverse("frontdesk:figures", args=["tartu"])).status_code == 200


# Roles


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("info", True),
        ("teamlead", True),
        ("manager", True),
        ("agent", False),
        ("second", False),
        ("hr", False),
    ],
)
def test_who_works_the_front_desk(client_for, fd, role, allowed):
    client = client_for(role)
    check_in(fd, "A")
    office = client.get(reverse("frontdesk:office", args=["tartu"]))
    desk = client.get(reverse("frontdesk:desk", args=[fd["desks"][0].pk]))
    assert (office.status_code, desk.status_code) == ((200, 200) if allowed else (403, 403))


@pytest.mark.parametrize(
    ("role", "allowed"), [("info", False), ("agent", False), ("teamlead", True), ("senior", True)]
)
def test_who_sees_the_figures(client_for, fd, role, allowed):
    response = client_for(role).get(reverse("frontdesk:figures", args=["tartu"]))
    assert response.status_code == (200 if allowed else 403)


def test_an_outsider_is_refused_everywhere(client_for, fd, sentinel):
    visit = check_in(fd, "A", customer_id=sentinel.pk)
    client = client_for("outsider")
    desk = fd["desks"][0].pk
    urls = [
        reverse("frontdesk:index"),
        reverse("frontdesk:office", args=["tartu"]),
        reverse("frontdesk:check_in", args=["tartu"]),
        reverse("frontdesk:appointments", args=["tartu"]),
        reverse("frontdesk:figures", args=["tartu"]),
        reverse("frontdesk:figures_export", args=["tartu"]),
        reverse("frontdesk:visit", args=[visit.pk]),
        reverse("frontdesk:visit_ticket", args=[visit.pk]),
        reverse("frontdesk:visit_move", args=[visit.pk]),
        reverse("frontdesk:desk", args=[desk]),
        reverse("frontdesk:desk_next", args=[desk]),
        reverse("frontdesk:desk_sign_in", args=[desk]),
    ]
    for url in urls:
        for method in (client.get, client.post):
            assert method(url).status_code in (403, 405), url
    assert Visit.objects.get().state == State.WAITING and AccessLog.objects.count() == 0


# API


def test_the_api_checks_in_calls_next_and_refuses_in_one_shape(client_for, fd):
    client = client_for("info")
    created = client.post(
        "/api/v1/frontdesk/offices/tartu/visits",
        {"service_id": fd["services"]["A"].pk, "note": "Pension"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["number"] == "A001"
    unknown = client.post(
        "/api/v1/frontdesk/offices/tartu/visits", {"service_id": 99999}, content_type="application/json"
    )
    assert unknown.status_code == 422 and unknown.json()["field"] == "service"
    desk = fd["desks"][0].pk
    assert client.post(f"/api/v1/frontdesk/desks/{desk}/sign-in").status_code == 200
    called = client.post(f"/api/v1/frontdesk/desks/{desk}/next")
    assert (
        called.status_code == 200 and called.json()["state"] == "called" and called.json()["desk"] == "Laud 1"
    )
    visit = called.json()
    move = {"move": "serve", "desk_id": desk, "version": visit["version"]}
    served = client.post(
        f"/api/v1/frontdesk/visits/{visit['id']}/moves", move, content_type="application/json"
    )
    assert served.status_code == 200 and served.json()["state"] == "served"
    stale = client.post(
        f"/api/v1/frontdesk/visits/{visit['id']}/moves", move, content_type="application/json"
    )
    assert stale.status_code == 409 and set(stale.json()) >= {"detail", "field"}
    empty = client.post(f"/api/v1/frontdesk/desks/{desk}/next")
    assert empty.status_code == 404 and empty.json()["field"] == "queue"
    display = client.get("/api/v1/frontdesk/offices/tartu/display")
    assert display.status_code == 200 and display.json()["calls"][0]["number"] == "A001"
    assert client_for("agent").post(f"/api/v1/frontdesk/desks/{desk}/next").status_code == 403


def test_the_start_page_shows_the_offices_queue_to_who_works_there(client_for, fd, sentinel):
    check_in(fd, "A", customer_id=sentinel.pk)
    check_in(fd, "B")
    at_desk(fd, 0)
    home = _en(client_for("info")).get(reverse("home")).content.decode()
    assert "Tartu esindus" in home and "Waiting now" in home and "Laud 1" in home
    assert sentinel.last_name not in home
    assert "Waiting now" not in _en(client_for("agent")).get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    "day", ["2026-13-45", "eile", "", "2026-11-30T10", "9999-12-31", "0001-01-01", "0001-01-02"]
)
def test_the_appointment_list_takes_any_day_text(client_for, fd, day):
    assert (
        client_for("info").get(reverse("frontdesk:appointments", args=["tartu"]), {"day": day}).status_code
        == 200
    )


def test_a_day_far_off_shows_the_nearest_day_the_list_can_show(client_for, fd):
    url = reverse("frontdesk:appointments", args=["tartu"])
    last = timezone.localdate() + timedelta(days=365)
    far = client_for("info").get(url, {"day": "9999-12-31"}).content.decode()
    assert f"{last:%d.%m.%Y}</h1>" in far and "31.12.9999" not in far
    early = client_for("info").get(url, {"day": "0001-01-01"}).content.decode()
    assert "01.01.2000</h1>" in early and "31.12.1999" not in early


def test_a_booking_beyond_the_window_or_off_the_grid_is_refused_on_the_page(client_for, fd):
    from teenindus.core import worktime

    day = worktime.calendar_load().add_working_days(timezone.localdate(), 1)
    client = _en(client_for("agent"))
    url = reverse("frontdesk:appointments", args=["tartu"])
    form = {"service": fd["services"]["A"].pk, "desk": fd["desks"][0].pk}
    far = client.post(url, {**form, "starts_at": "9999-12-31T10:00"})
    assert far.status_code == 422 and "at most 365 days ahead" in far.content.decode()
    off = client.post(url, {**form, "starts_at": f"{day}T10:23"})
    assert off.status_code == 422 and "every 15 minutes" in off.content.decode()
    assert not fd["office"].appointments.exists()
    assert client.get(url, {"day": "9999-12-31"}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"start": "0001-01-01"},
        {"end": "9999-12-31"},
        {"start": "0001-01-01", "end": "0001-01-02"},
        {"start": "9999-12-30", "end": "9999-12-31"},
        {"start": "9999-12-31", "end": "9999-12-31"},
    ],
)
def test_figures_of_any_date_range_never_fail(client_for, fd, query):
    client = client_for("manager")
    assert client.get(reverse("frontdesk:figures", args=["tartu"]), query).status_code in (200, 400)
    export = client.get(reverse("frontdesk:figures_export", args=["tartu"]), {**query, "format": "csv"})
    assert export.status_code in (200, 400)


def test_every_seconds_figure_is_rounded_alike_on_the_page_and_in_the_exports(client_for, fd):
    """A wait of 1136.566868 s is 1136,6 everywhere (the page cut it to 1136,5; the exports gave the
    90th percentile and the longest wait unrounded)."""
    tz = timezone.get_current_timezone()
    checked_in = datetime(2026, 11, 17, 9, 0, tzinfo=tz)
    _visit(
        fd,
        service=fd["services"]["A"],
        desk=fd["desks"][0],
        checked_in=checked_in,
        wait=1136.566868,
        service_time=200.25,
    )
    query = {"start": "2026-11-17", "end": "2026-11-18", "by": "service"}
    row = visit_stats(office=fd["office"], start=date(2026, 11, 17), end=date(2026, 11, 18), by="service")[0]
    assert (row["wait_mean"], row["wait_p90"], row["wait_max"]) == (1136.6, 1136.6, 1136.6)
    assert row["service_mean"] == 200.3
    client = client_for("manager")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "et"  # comma decimals
    page = client.get(reverse("frontdesk:figures", args=["tartu"]), query).content.decode()
    assert page.count("1136,6") == 6 and "1136,5" not in page  # three figures, two rows
    assert "200,3" in page
    url = reverse("frontdesk:figures_export", args=["tartu"])
    text = client.get(url, {**query, "format": "csv"}).content.decode("utf-8-sig")
    assert "1136.566868" not in text and "1136,56" not in text and "1136.56" not in text
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, {**query, "format": "xlsx"}).content)).active
    found = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Pensionid")
    assert found[5:9] == (1136.6, 1136.6, 1136.6, 200.3)


def test_a_refused_check_in_names_the_field_and_keeps_what_was_typed(client_for, fd, sentinel):
    client = client_for("info")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "et"
    url = reverse("frontdesk:check_in", args=["tartu"])
    response = client.post(url, {"note": "Soovib pensioni ümberarvutust", "customer": sentinel.pk})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Teenus: See väli on kohustuslik." in body
    assert "Soovib pensioni ümberarvutust" in body
    assert f'value="{sentinel.pk}"' in body and "Jälgitavsalu" in body  # the chosen customer kept
    assert Visit.objects.count() == 0
    english = _en(client).post(url, {"note": "x" * 2001}).content.decode()
    assert "Service: This field is required." in english and "Need: " in english
