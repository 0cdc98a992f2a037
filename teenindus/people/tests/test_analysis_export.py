"""The conversation analysis downloads: training needs typed by a manager never become formulas."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.people.models import Conversation
from teenindus.people.services.conversations import conversation_record, conversations_schedule

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NEEDS = ['=HYPERLINK("http://evil.example/","Klõpsa")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-1+1"]


@pytest.fixture
def held(users):
    unit = Unit.objects.create(agency=Agency.objects.create(name="Amet"), name="Talitus", kind="section")
    position = Position.objects.create(unit=unit, title="Kliendinõustaja")
    employee = Employee.objects.create(first_name="Mari", last_name="Test")
    Employment.objects.create(
        employee=employee,
        position=position,
        start_date=date(2024, 1, 1),
        probation_end=TODAY - timedelta(days=1),
    )
    conversations_schedule()
    conversation = Conversation.objects.get(employment__employee=employee, kind="probation")
    conversation_record(
        actor=users["hr"],
        conversation=conversation,
        held_on=TODAY,
        answers=[],
        goals="",
        training_needs=NEEDS,
        exit_reasons=[],
        expected_version=1,
    )


def _get(client_for, file_format):
    return client_for("hr").get(
        reverse("people:analysis"), {"year": TODAY.year, "table": "needs", "format": file_format}
    )


def test_training_needs_csv_is_neutralised(held, client_for):
    rows = list(csv.reader(io.StringIO(_get(client_for, "csv").content.decode("utf-8-sig"), newline="")))
    needs = {row[0]: row[1] for row in rows[2:]}
    assert needs == {"'" + need: "1" for need in NEEDS}


def test_training_needs_xlsx_has_no_formula_cell(held, client_for):
    sheet = load_workbook(io.BytesIO(_get(client_for, "xlsx").content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert sorted(cell.value for cell in cells[3:] if cell.column == 1) == sorted("'" + n for n in NEEDS)
    assert [cell.value for cell in cells[3:] if cell.column == 2] == [1, 1, 1, 1]


def test_units_xlsx_has_the_on_time_share_as_a_percent_cell(users, client_for):
    unit = Unit.objects.create(agency=Agency.objects.create(name="Amet"), name="Talitus", kind="section")
    position = Position.objects.create(unit=unit, title="Kliendinõustaja")
    employee = Employee.objects.create(first_name="Mari", last_name="Test")
    Employment.objects.create(
        employee=employee,
        position=position,
        start_date=date(2024, 1, 1),
        probation_end=TODAY - timedelta(days=1),
    )
    conversations_schedule()
    conversation = Conversation.objects.get(employment__employee=employee, kind="probation")
    conversation_record(
        actor=users["hr"],
        conversation=conversation,
        held_on=conversation.due_date,  # on time
        answers=[],
        goals="",
        training_needs=[],
        exit_reasons=[],
        expected_version=1,
    )
    response = client_for("hr").get(reverse("people:analysis"), {"table": "units", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    headings = [cell.value for cell in sheet[1]]
    rows = [dict(zip(headings, line, strict=True)) for line in sheet.iter_rows(min_row=2)]
    # The year of the talk held on time (earlier years hold the annual talks still due).
    row = next(r for r in rows if r[headings[4]].value)
    share = row["Tähtajaks, %"]
    assert share.data_type == "n" and share.number_format == "0.0%"
    assert share.value == pytest.approx(row[headings[4]].value / row[headings[2]].value)
    assert 0 < share.value <= 1  # a share, not a number of percent
