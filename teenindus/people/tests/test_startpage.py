"""People's part of the start page: conversations due and overdue, job descriptions to review or to
sign, absences starting — each for the person whose work it is, each person shown logged."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.people import selectors
from teenindus.people.models import Absence, Conversation, JobDescription, Signature
from teenindus.people.services.job_descriptions import job_description_save
from teenindus.people.tests.expected_fixtures import TEAM_LEAD

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def team(users):
    """Team lead › agent (Mari) in one unit; the info specialist elsewhere with no manager."""
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section")
    lead = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    agent = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead)
    desk = Position.objects.create(unit=unit, title="Infospetsialist")

    def person(user, first, position):
        employee = Employee.objects.create(first_name=first, last_name="Tammsalu", user=user)
        employment = Employment.objects.create(
            employee=employee, position=position, start_date=date(2024, 1, 1)
        )
        return employee, employment

    lead_employee, _ = person(users["teamlead"], "Liis", lead)
    mari, mari_job = person(users["agent"], "Mari", agent)
    jaan, jaan_job = person(users["info"], "Jaan", desk)
    return {
        "agent_position": agent,
        "lead_position": lead,
        "mari": mari,
        "mari_job": mari_job,
        "jaan": jaan,
        "jaan_job": jaan_job,
    }


def _ctx(user):
    return AccessContext(actor=user, view="test", purpose="test")


def test_conversations_due_soon_or_overdue_for_the_employee_and_their_manager(team, users):
    overdue = Conversation.objects.create(
        employment=team["mari_job"], kind="probation", due_date=TODAY - timedelta(days=3)
    )
    soon = Conversation.objects.create(
        employment=team["mari_job"], kind="appraisal", due_date=TODAY + timedelta(days=10)
    )
    Conversation.objects.create(employment=team["mari_job"], kind="exit", due_date=TODAY + timedelta(days=60))
    Conversation.objects.create(
        employment=team["mari_job"], kind="appraisal", due_date=TODAY - timedelta(days=1), status="cancelled"
    )
    Conversation.objects.create(employment=team["jaan_job"], kind="appraisal", due_date=TODAY)  # not hers
    for who in ("teamlead", "agent"):
        rows, total = selectors.conversations_due(ctx=_ctx(users[who]), on=TODAY)
        assert [c.pk for c in rows] == [overdue.pk, soon.pk] and total == 2, who
    assert AccessLog.objects.filter(employee=team["mari"], actor=users["teamlead"], action="due").exists()
    rows, total = selectors.conversations_due(ctx=_ctx(users["hr"]), on=TODAY)
    assert total == 3  # HR: everyone's


def test_the_start_page_marks_an_overdue_conversation_and_links_it(team, users, client_for):
    overdue = Conversation.objects.create(
        employment=team["mari_job"], kind="probation", due_date=TODAY - timedelta(days=3)
    )
    body = client_for("teamlead").get(reverse("home")).content.decode()
    section = body.split('id="work-conversations"')[1].split("</section>")[0]
    assert reverse("people:conversation", args=[overdue.pk]) in section and 'class="overdue"' in section
    assert "Mari Tammsalu" in section
    assert AccessLog.objects.filter(employee=team["mari"], actor=users["teamlead"], view="home").exists()


@pytest.fixture
def jd(team, users):
    saved = job_description_save(actor=users["hr"], record=TEAM_LEAD, position=team["agent_position"])
    # The document names its own line manager; here the team lead's position manages it.
    Position.objects.filter(pk=team["agent_position"].pk).update(manager=team["lead_position"])
    return saved.job_description


def test_reviews_due_go_to_the_line_manager_and_hr_not_to_others(jd, users):
    JobDescription.objects.filter(pk=jd.pk).update(review_due=TODAY + timedelta(days=5))
    for who, expected in (("teamlead", [jd.pk]), ("hr", [jd.pk]), ("agent", []), ("info", [])):
        assert [j.pk for j in selectors.job_descriptions_to_review(user=users[who], on=TODAY)] == expected, (
            who
        )
    JobDescription.objects.filter(pk=jd.pk).update(review_due=TODAY + timedelta(days=90))
    assert selectors.job_descriptions_to_review(user=users["hr"], on=TODAY) == []


def test_signatures_wait_for_the_employee_and_for_the_employer_until_given(jd, users):
    def waiting(who):
        return [
            (s.version.job_description_id, s.party)
            for s in selectors.job_descriptions_to_sign(user=users[who])
        ]

    assert waiting("agent") == [(jd.pk, "employee")]
    assert waiting("teamlead") == [(jd.pk, "employer")]
    assert waiting("info") == []
    version = jd.versions.get(number=jd.current_number)
    Signature.objects.create(
        version=version, party="employee", signer_name="Mari", signer=users["agent"],
        signed_at=timezone.now(), method="in_system",
    )  # fmt: skip
    assert waiting("agent") == []
    assert waiting("teamlead") == [(jd.pk, "employer")]


def test_the_start_page_links_each_job_description_to_its_page(jd, client_for):
    body = client_for("agent").get(reverse("home")).content.decode()
    section = body.split('id="work-job-descriptions"')[1].split("</section>")[0]
    assert reverse("people:jd_version", args=[jd.pk, jd.current_number]) in section


def test_absences_starting_this_week_for_the_manager_with_the_type_shown_as_allowed(team, users, client_for):
    Absence.objects.create(employee=team["mari"], kind="sick", start_date=TODAY + timedelta(days=2),
                           end_date=TODAY + timedelta(days=4))  # fmt: skip
    Absence.objects.create(employee=team["mari"], kind="vacation", start_date=TODAY + timedelta(days=20),
                           end_date=TODAY + timedelta(days=24))  # fmt: skip
    Absence.objects.create(
        employee=team["mari"],
        kind="training",
        start_date=TODAY - timedelta(days=2),
        end_date=TODAY + timedelta(days=1),
    )  # fmt: skip  (started before: not "starting")
    rows = selectors.absences_with_substitutes(
        ctx=_ctx(users["teamlead"]), on=TODAY, starting_by=TODAY + timedelta(days=7)
    )
    assert [r.absence.kind for r in rows] == ["sick"] and rows[0].kind_shown
    logged = AccessLog.objects.filter(employee=team["mari"], actor=users["teamlead"], action="absences")
    assert logged.count() == 1
    body = client_for("teamlead").get(reverse("home")).content.decode()
    assert 'id="work-absences"' in body and "Mari Tammsalu" in body.split('id="work-absences"')[1]
    # An agent does not arrange cover: no absences section for her.
    assert 'id="work-absences"' not in client_for("agent").get(reverse("home")).content.decode()
