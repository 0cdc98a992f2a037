"""Absences and substitution; the conversation calendar, records, visibility, analysis, reminders."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from teenindus.audit.models import AccessLog
from teenindus.core.exceptions import ConcurrentEditError, ValidationFailed
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.people.models import Conversation, ConversationTemplate
from teenindus.people.selectors import conversations_analysis, substitutes_for
from teenindus.people.services.conversations import (
    absence_add,
    conversation_record,
    conversations_schedule,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def team(users):
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskuse talitus", kind="section")
    lead = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    agent = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead)
    agent.substitutes.add(agent)  # colleagues in the same position stand in for each other
    lead.substituted_by.add(agent)

    def person(user, first, position, **employment):
        employee = Employee.objects.create(
            first_name=first, last_name="Test", user=user, email=f"{first}@x.ee"
        )
        Employment.objects.create(
            employee=employee, position=position, **{"start_date": date(2024, 1, 1), **employment}
        )
        return employee

    users["teamlead"].email = "lead@x.ee"
    users["teamlead"].save()
    users["hr"].email = "hr@x.ee"
    users["hr"].save()
    return {
        "lead": person(users["teamlead"], "Juht", lead),
        "mari": person(users["agent"], "Mari", agent, probation_end=TODAY - timedelta(days=3)),
        "jaan": person(users["info"], "Jaan", agent, start_date=TODAY - timedelta(days=30)),
        "unit": unit,
    }


def test_the_substitute_follows_the_positions_and_skips_the_absent(team, users):
    absence_add(actor=users["hr"], employee=team["lead"], kind="vacation", start_date=TODAY, end_date=TODAY)
    assert {e.first_name for e in substitutes_for(employee=team["lead"])} == {"Mari", "Jaan"}
    absence_add(actor=users["hr"], employee=team["jaan"], kind="sick", start_date=TODAY, end_date=TODAY)
    assert [e.first_name for e in substitutes_for(employee=team["lead"])] == ["Mari"]
    assert substitutes_for(employee=team["mari"]) == []  # Jaan, her colleague, is away too
    with pytest.raises(ValidationFailed) as caught:
        absence_add(
            actor=users["hr"],
            employee=team["mari"],
            kind="vacation",
            start_date=TODAY,
            end_date=TODAY - timedelta(days=1),
        )
    assert caught.value.field == "end_date"


def test_absences_page_shows_the_substitute_and_logs_whose_data(team, users, client_for):
    client = client_for("hr")
    response = client.post(
        reverse("people:absences"),
        {
            "employee": team["lead"].pk,
            "kind": "vacation",
            "start_date": TODAY,
            "end_date": TODAY + timedelta(days=2),
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Juht Test" in body and "Mari Test" in body
    assert AccessLog.objects.filter(employee=team["lead"], actor=users["hr"]).exists()
    assert client_for("agent").get(reverse("people:absences")).status_code == 403


def test_schedule_plans_probation_appraisal_and_exit_once(team):
    Employment.objects.filter(employee=team["jaan"]).update(end_date=TODAY + timedelta(days=10))
    # Mari: probation + appraisal; Jaan: exit only (he leaves before his first year); the lead: appraisal
    assert conversations_schedule() == 4
    assert conversations_schedule() == 0
    mari = {c.kind: c.due_date for c in Conversation.objects.filter(employment__employee=team["mari"])}
    assert mari == {
        "probation": TODAY - timedelta(days=3),
        "appraisal": date(2025, 1, 1),
    }  # a year after the start
    jaan = {c.kind: c.due_date for c in Conversation.objects.filter(employment__employee=team["jaan"])}
    assert jaan["exit"] == TODAY + timedelta(days=10)


def test_a_record_is_written_once_and_an_appraisal_plans_the_next(team, users):
    conversations_schedule()
    appraisal = Conversation.objects.get(employment__employee=team["mari"], kind="appraisal")
    conversation_record(
        actor=users["teamlead"],
        conversation=appraisal,
        held_on=TODAY,
        answers=[{"question": "K?", "answer": " V "}],
        goals="Eesmärk",
        training_needs=["Excel", " "],
        exit_reasons=[],
        expected_version=1,
    )
    appraisal.refresh_from_db()
    assert appraisal.status == "done" and appraisal.answers == [{"question": "K?", "answer": "V"}]
    assert appraisal.training_needs == ["Excel"]
    nxt = Conversation.objects.get(employment__employee=team["mari"], kind="appraisal", status="planned")
    assert nxt.due_date == TODAY + timedelta(days=365)
    with pytest.raises(ConcurrentEditError):
        conversation_record(
            actor=users["hr"],
            conversation=appraisal,
            held_on=TODAY,
            answers=[],
            goals="",
            training_needs=[],
            exit_reasons=[],
            expected_version=1,
        )
    with pytest.raises(ValidationFailed) as caught:
        conversation_record(
            actor=users["hr"],
            conversation=nxt,
            held_on=TODAY,
            answers=[],
            goals="",
            training_needs=[],
            exit_reasons=["pay"],
            expected_version=1,
        )
    assert caught.value.field == "exit_reasons"


def test_visible_to_the_employee_the_manager_and_hr_only_and_logged(team, users, client_for):
    conversations_schedule()
    probation = Conversation.objects.get(employment__employee=team["mari"], kind="probation")
    url = reverse("people:conversation", args=[probation.pk])
    for who, status in (("agent", 200), ("teamlead", 200), ("hr", 200), ("info", 404), ("manager", 404)):
        assert client_for(who).get(url).status_code == status, who
    assert AccessLog.objects.filter(employee=team["mari"], actor=users["teamlead"], action="detail").exists()
    # The employee reads the record but cannot write it.
    assert client_for("agent").post(url, {"held_on": TODAY, "version": 1}).status_code == 404
    overdue = client_for("hr").get(reverse("people:conversations") + "?overdue=1").content.decode()
    assert "Mari Test" in overdue and "Jaan Test" not in overdue  # Jaan's first appraisal is not due yet


def test_analysis_counts_on_time_and_reasons_and_exports(team, users, client_for):
    Employment.objects.filter(employee=team["jaan"]).update(end_date=TODAY - timedelta(days=1))
    conversations_schedule()
    probation = Conversation.objects.get(employment__employee=team["mari"], kind="probation")
    conversation_record(
        actor=users["hr"],
        conversation=probation,
        held_on=TODAY,
        answers=[],
        goals="",
        training_needs=["Excel"],
        exit_reasons=[],
        expected_version=1,
    )  # held 3 days late
    exit_ = Conversation.objects.get(employment__employee=team["jaan"], kind="exit")
    conversation_record(
        actor=users["hr"],
        conversation=exit_,
        held_on=TODAY - timedelta(days=1),
        answers=[],
        goals="",
        training_needs=["excel"],
        exit_reasons=["pay", "workload"],
        expected_version=1,
    )  # on time
    analysis = conversations_analysis(year=TODAY.year)
    row = next(r for r in analysis.rows if r.unit == "Kõnekeskuse talitus" and r.year == TODAY.year)
    assert (row.held, row.on_time) == (2, 1)
    assert dict(analysis.exit_reasons) == {"Palk": 1, "Töökoormus": 1} or dict(analysis.exit_reasons) == {
        "Pay": 1,
        "Workload": 1,
    }
    assert dict(analysis.training_needs) == {"Excel": 2}  # "Excel" and "excel" are one need
    response = client_for("hr").get(reverse("people:analysis"), {"year": TODAY.year, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] in ("Üksus", "Unit") and ("Kõnekeskuse talitus", TODAY.year) == rows[1][:2]
    needs = client_for("hr").get(
        reverse("people:analysis"), {"year": TODAY.year, "table": "needs", "format": "csv"}
    )
    assert needs.content.decode("utf-8-sig").splitlines()[1:] == ["Koolitusvajadused,Vestlused", "Excel,2"]
    page = client_for("hr").get(reverse("people:analysis"), {"year": TODAY.year}).content.decode()
    assert page.count("<svg") >= 2
    assert client_for("teamlead").get(reverse("people:analysis")).status_code == 403


def test_hr_sets_the_questions_and_new_records_use_them(team, users, client_for):
    url = reverse("people:templates")
    assert client_for("teamlead").get(url).status_code == 403
    client = client_for("hr")
    assert "Kuidas on sisseelamine läinud?" in client.get(url).content.decode()  # built-in until set
    # One empty list refuses the whole form: the good list beside it is not saved either.
    refused = client.post(url, {"questions_probation": "  \n ", "questions_exit": "Miks?"})
    assert refused.status_code == 422 and not ConversationTemplate.objects.exists()
    client.post(url, {"questions_probation": "Mis läks hästi?\n\nMida muuta?\n"})
    assert ConversationTemplate.objects.get(kind="probation").questions == ["Mis läks hästi?", "Mida muuta?"]
    conversations_schedule()
    probation = Conversation.objects.get(employment__employee=team["mari"], kind="probation")
    page = client_for("teamlead").get(reverse("people:conversation", args=[probation.pk])).content.decode()
    assert "Mis läks hästi?" in page and "Kuidas on sisseelamine läinud?" not in page


def test_the_job_description_shows_who_stands_in_and_logs_whose_absence_it_shows(team, users, client_for):
    from teenindus.people.services.job_descriptions import job_description_save
    from teenindus.people.tests.expected_fixtures import TEAM_LEAD

    lead_position = team["lead"].employments.get().position
    record = {**TEAM_LEAD, "substituted_by": "Kliendinõustaja", "substitutes": ""}
    jd = job_description_save(actor=None, record=record, position=lead_position).job_description
    url = reverse("people:jd_detail", args=[jd.pk])
    client_for("second").get(url)
    assert not AccessLog.objects.filter(employee=team["lead"]).exists()  # present: nothing personal shown
    absence_add(actor=users["hr"], employee=team["lead"], kind="sick", start_date=TODAY, end_date=TODAY)
    body = client_for("second").get(url).content.decode()
    assert "Mari Test" in body and "Haigusleht" not in body  # who stands in; never the type
    assert AccessLog.objects.filter(employee=team["lead"], actor=users["second"], action="absent").exists()
