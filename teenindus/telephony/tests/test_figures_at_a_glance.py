"""The call figures page and its exports as the team lead reads them: in Estonian (English when
chosen), rates in percent with one decimal, every abbreviation explained, outcomes by name, and
spreadsheets whose cells are real dates and percents."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from teenindus.contacts.services import contact_record
from teenindus.telephony.queue_log import import_queue_log
from teenindus.telephony.tests.test_queue_log_import import line
from teenindus.telephony.tests.test_startpage import _today_calls

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _query(granularity: str = "hour") -> dict:
    today = timezone.localdate()
    return {
        "start": today.isoformat(),
        "end": (today + timedelta(days=1)).isoformat(),
        "granularity": granularity,
    }


def _one_call_answered_in_time() -> list[str]:
    day = timezone.localdate().isoformat()
    return [
        line(f"{day} 00:01:00", "A", "pensionid", "NONE", "ENTERQUEUE", "", "5551234", "1"),
        line(f"{day} 00:01:10", "A", "pensionid", "PJSIP/201", "CONNECT", "10", "A2", "3"),
        line(f"{day} 00:04:10", "A", "pensionid", "PJSIP/201", "COMPLETECALLER", "10", "180", "1"),
    ]


@pytest.fixture
def contacts(users, topic):
    for outcome in ("solved", "call_back", "escalated", "referred"):
        contact_record(actor=users["agent"], channel="phone", topic_id=topic.pk, outcome=outcome)


def _page(client, **extra) -> str:
    return client.get(reverse("telephony:dashboard"), _query(), **extra).content.decode()


def test_the_page_reads_in_estonian_with_rates_in_percent_and_abbreviations_explained(
    client_for, queue, contacts
):
    import_queue_log(_today_calls())  # SL = 1 / (5 − 1), abandon rate = 1 / (5 − 1)
    html = _page(client_for("teamlead"), HTTP_ACCEPT_LANGUAGE="et")
    assert "Teenindustase (SL) = lävendi T jooksul vastatud kõned" in html
    assert "SL = answered" not in html and "Service level (SL)" not in html
    table = html.split("<table>")[1].split("</table>")[0]
    assert f"25,0{NBSP}%" in table and "0,25" not in table and "0.25" not in table
    assert '<abbr title="teenindustase: järjekorra lävendi T jooksul vastatud kõned' in html
    assert (
        '<abbr title="keskmine vastamisaeg: vastatud kõnede keskmine ootamise aeg sekundites">ASA</abbr>'
        in html
    )
    assert '<abbr title="keskmine käsitlusaeg: kõne, ootele panek ja järeltöö' in html
    legend = html.split('id="abbreviations"')[1].split("</dl>")[0]
    assert legend.count("<dt>") == 3 and "keskmine käsitlusaeg" in legend
    outcomes = html.split("Pöördumised teema ja tulemuse järgi")[1]
    for label in (
        "Lahendatud esimesel pöördumisel",
        "Tagasihelistamine",
        "Edastatud II tasemele",
        "Suunatud mujale",
    ):
        assert label in outcomes
    for code in ("solved", "call_back", "escalated", "referred"):
        assert f"<td>{code}</td>" not in outcomes


def test_service_level_today_reads_100_percent_not_1(client_for, queue):
    import_queue_log(_one_call_answered_in_time())
    now = client_for("teamlead").get(reverse("telephony:dashboard_now"), HTTP_ACCEPT_LANGUAGE="et")
    assert f'<strong id="now-service-level">100,0{NBSP}%</strong>' in now.content.decode()


def test_no_calls_today_reads_a_dash(client_for, queue):
    now = client_for("teamlead").get(reverse("telephony:dashboard_now"), HTTP_ACCEPT_LANGUAGE="et")
    assert '<strong id="now-service-level">—</strong>' in now.content.decode()


def test_the_page_reads_in_english_when_chosen(client_for, queue, contacts):
    import_queue_log(_today_calls())
    client = client_for("teamlead")
    client.cookies["django_language"] = "en"
    html = _page(client)
    assert "Service level (SL) = calls answered within the threshold T" in html
    assert f"25.0{NBSP}%" in html and "Call back" in html and "Solved at first contact" in html
    assert '<abbr title="average speed of answer: the average wait of answered calls, in seconds">' in html


def _sheet(client, table: str, granularity: str = "hour"):
    response = client.get(reverse("telephony:stats_export", args=[table, "xlsx"]), _query(granularity))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_the_calls_spreadsheet_has_estonian_headings_date_cells_and_percent_cells(client_for, queue):
    day = timezone.localdate().isoformat()
    # At 02:00 one caller hangs up after 2 s: a short abandon, so that hour has no service level.
    short = [
        line(f"{day} 02:00:00", "F", "pensionid", "NONE", "ENTERQUEUE", "", "5550006", "1"),
        line(f"{day} 02:00:02", "F", "pensionid", "NONE", "ABANDON", "1", "1", "2"),
    ]
    import_queue_log([*_today_calls(), *short])
    sheet = _sheet(client_for("teamlead"), "calls")
    assert sheet["A1"].value.startswith("Teenindustase (SL) = lävendi T jooksul vastatud kõned")
    headings = [cell.value for cell in sheet[2]]
    assert headings[:3] == ["Perioodi algus", "Saabunud", "Vastatud"]
    assert "Teenindustase (SL)" in headings and "Keskmine vastamisaeg (ASA), s" in headings
    assert not [h for h in headings if "_" in h]  # no field names
    assert sheet.freeze_panes == "A3"
    start = sheet["A3"]
    assert start.is_date and start.number_format == "dd.mm.yyyy hh:mm"
    assert start.value == datetime.combine(timezone.localdate(), datetime.min.time())  # local midnight
    row = {heading: cell for heading, cell in zip(headings, sheet[3], strict=True)}
    for rate in ("Teenindustase (SL)", "Katkestamise määr"):
        assert row[rate].data_type == "n" and row[rate].value == 0.25 and row[rate].number_format == "0.0%"
    # No service level where every call was a short abandon: an empty cell, never the text "None".
    at_two = next(
        dict(zip(headings, line, strict=True))
        for line in sheet.iter_rows(min_row=3)
        if line[0].value.hour == 2
    )
    assert at_two["Saabunud"].value == 1 and at_two["Teenindustase (SL)"].value is None
    values = [cell.value for line in sheet.iter_rows() for cell in line]
    assert "None" not in values
    for index, heading in enumerate(headings, start=1):
        width = sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width
        assert width >= len(heading), heading


def test_a_day_starts_as_a_date_cell(client_for, queue):
    import_queue_log(_today_calls())
    start = _sheet(client_for("teamlead"), "calls", "day")["A3"]
    assert start.is_date and start.number_format == "dd.mm.yyyy"


def test_the_definition_heads_only_the_call_table(client_for, queue, contacts):
    import_queue_log(_today_calls())
    client = client_for("teamlead")
    agents = _sheet(client, "agents")
    assert agents["A1"].value == "Nõustaja" and agents.freeze_panes == "A2"
    topics = _sheet(client, "topics")
    assert [cell.value for cell in topics[1]] == ["Teema", "Tulemus", "Pöördumisi"]
    assert {row[1] for row in topics.iter_rows(min_row=2, values_only=True)} == {
        "Lahendatud esimesel pöördumisel",
        "Tagasihelistamine",
        "Edastatud II tasemele",
        "Suunatud mujale",
    }


def test_agents_spreadsheet_rates_are_percent_cells(client_for, queue):
    day = timezone.localdate().isoformat()
    import_queue_log(
        [
            line(f"{day} 00:00:00", "NONE", "pensionid", "PJSIP/201", "ADDMEMBER", ""),
            *_today_calls(),
            line(f"{day} 00:20:00", "NONE", "pensionid", "PJSIP/201", "REMOVEMEMBER", ""),
        ]
    )
    sheet = _sheet(client_for("teamlead"), "agents")
    headings = [cell.value for cell in sheet[1]]
    row = {heading: cell for heading, cell in zip(headings, sheet[2], strict=True)}
    for rate in ("Hõivatus", "Kasutatus"):
        assert row[rate].data_type == "n" and 0 < row[rate].value <= 1 and row[rate].number_format == "0.0%"


def test_the_csv_keeps_working_with_the_same_headings(client_for, queue):
    import_queue_log(_today_calls())
    response = client_for("teamlead").get(reverse("telephony:stats_export", args=["calls", "csv"]), _query())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0].startswith("Teenindustase (SL) =")
    assert rows[1][:2] == ["Perioodi algus", "Saabunud"]
    assert datetime.fromisoformat(rows[2][0]).tzinfo is not None  # ISO 8601 with its offset
    assert rows[2][rows[1].index("Teenindustase (SL)")] == "0.25"
