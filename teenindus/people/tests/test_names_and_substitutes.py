"""Issue 9 §3 "Demo and names": a substitute when the document names only the position itself, the
position's own title instead of the document's typo, and a version comparison with one version."""

import io
from datetime import date, timedelta

import pdfplumber
import pytest
from django.urls import reverse

from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.people.jd_sources import document_lines
from teenindus.people.models import Absence
from teenindus.people.rendering import render_docx, shown_content
from teenindus.people.selectors import substitutes_for
from teenindus.people.services.job_descriptions import job_description_save
from teenindus.people.tests.expected_fixtures import TEAM_LEAD

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


@pytest.fixture
def org(db):
    agency = Agency.objects.create(name="Sotsiaalkindlustusamet", short_name="SKA")
    department = Unit.objects.create(
        agency=agency, name="Kliendisuhete ja teabehalduse osakond", kind="department"
    )
    centre = Unit.objects.create(agency=agency, parent=department, name="Kõnekeskuse talitus", kind="section")
    top = Position.objects.create(unit=department, title="Osakonnajuhataja", is_manager=True)
    lead = Position.objects.create(unit=centre, title="Talitusejuhataja", manager=top, is_manager=True)
    agent = Position.objects.create(unit=centre, title="Kliendinõustaja", manager=lead)
    lead.substituted_by.set([lead])  # what the team lead's document says: "Kes asendab: Talitusejuhataja"
    people = {}
    for name, position in (("Liina", lead), ("Helen", top), ("Kadri", agent)):
        people[name] = Employee.objects.create(first_name=name, last_name="Test")
        Employment.objects.create(employee=people[name], position=position, start_date=date(2020, 1, 1))
    return {"top": top, "lead": lead, "agent": agent, "people": people}


def away(employee):
    Absence.objects.create(
        employee=employee, kind="vacation", start_date=DAY, end_date=DAY + timedelta(days=10)
    )


def test_a_position_that_substitutes_only_itself_falls_back_to_the_line_manager(org):
    people = org["people"]
    away(people["Liina"])
    assert substitutes_for(employee=people["Liina"], on=DAY) == [people["Helen"]]


def test_the_fallback_climbs_the_line_past_an_absent_manager(org):
    people = org["people"]
    grand = Position.objects.create(unit=org["top"].unit, title="Peadirektor")
    org["top"].manager = grand
    org["top"].save()
    director = Employee.objects.create(first_name="Direktor", last_name="Test")
    Employment.objects.create(employee=director, position=grand, start_date=date(2020, 1, 1))
    away(people["Liina"])
    away(people["Helen"])
    assert substitutes_for(employee=people["Liina"], on=DAY) == [director]


def test_a_named_substitute_comes_before_the_line_manager(org):
    people = org["people"]
    senior = Position.objects.create(unit=org["lead"].unit, title="Vanemspetsialist", manager=org["lead"])
    senior.substitutes.add(org["lead"])
    andres = Employee.objects.create(first_name="Andres", last_name="Test")
    Employment.objects.create(employee=andres, position=senior, start_date=date(2020, 1, 1))
    away(people["Liina"])
    assert substitutes_for(employee=people["Liina"], on=DAY) == [andres]
    # A colleague in a position that substitutes itself still stands in (two agents).
    colleague = Employee.objects.create(first_name="Mari", last_name="Test")
    Employment.objects.create(employee=colleague, position=org["agent"], start_date=date(2020, 1, 1))
    org["agent"].substitutes.add(org["agent"])
    away(people["Kadri"])
    assert substitutes_for(employee=people["Kadri"], on=DAY) == [colleague]


def test_the_absence_list_names_the_line_manager_not_nobody(org, users, client_for):
    people = org["people"]
    today_away = Absence.objects.create(
        employee=people["Liina"], kind="vacation", start_date=date(2020, 1, 1), end_date=date(2099, 1, 1)
    )
    assert today_away.pk
    html = client_for("hr").get(reverse("people:absences")).content.decode()
    row = html[html.index("Liina Test") :]
    row = row[: row.index("</tr>")]
    assert "Helen Test" in row and "kedagi pole saadaval" not in row


def test_the_position_title_is_shown_everywhere_not_the_documents_typo(org, client_for):
    saved = job_description_save(actor=None, record=TEAM_LEAD, position=org["lead"])
    jd, version = saved.job_description, saved.version
    assert version.content["title"] == "Talitusejuhtaja"  # the document's text is kept as written
    client = client_for("agent")
    for url in (reverse("people:jd_list"), reverse("people:jd_detail", args=[jd.pk])):
        html = client.get(url).content.decode()
        assert "Talitusejuhataja" in html and "Talitusejuhtaja" not in html, url
    pdf = client.get(reverse("people:jd_pdf", args=[jd.pk, 1])).content
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    assert "Talitusejuhataja" in text and "Talitusejuhtaja" not in text
    for docx in (
        client.get(reverse("people:jd_docx", args=[jd.pk, 1])).content,
        render_docx(shown_content(version.content, version=version)),
    ):
        text = " ".join(
            f"{line.text} {' '.join(line.cells or ())}" for line in document_lines("x.docx", docx)
        )
        assert "Talitusejuhataja" in text and "Talitusejuhtaja" not in text
    api = client.get("/api/v1/people/job-descriptions").json()
    assert [row["title"] for row in api] == ["Talitusejuhataja"]


def test_comparing_a_single_version_says_there_is_nothing_to_compare(org, client_for):
    jd = job_description_save(actor=None, record=TEAM_LEAD, position=org["lead"]).job_description
    html = client_for("agent").get(reverse("people:jd_diff", args=[jd.pk])).content.decode()
    assert "versioonid 1 ja 1" not in html and 'id="nothing-to-compare"' in html
    assert "ainult üks versioon" in html
    job_description_save(actor=None, record=TEAM_LEAD, position=org["lead"])
    html = client_for("agent").get(reverse("people:jd_diff", args=[jd.pk])).content.decode()
    assert "versioonid 1 ja 2" in html and 'id="nothing-to-compare"' not in html
    html = client_for("agent").get(reverse("people:jd_diff", args=[jd.pk]), {"a": 2, "b": 2}).content.decode()
    assert "versioonid 2 ja 2" not in html and "Vali võrdlemiseks kaks eri versiooni" in html
