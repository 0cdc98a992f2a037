"""Saving, searching, rendering, reviewing and signing job descriptions."""

import io
import json

import pdfplumber
import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from teenindus.core.exceptions import ConcurrentEditError, PermissionDeniedError, ValidationFailed
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.people.jd_parser import RECORD_KEYS, parse_job_description
from teenindus.people.jd_sources import document_lines
from teenindus.people.models import JobDescription, JobDescriptionVersion, Signature
from teenindus.people.rendering import render_docx
from teenindus.people.selectors import job_descriptions_search, may_sign, versions_diff
from teenindus.people.services.job_descriptions import (
    content_clean,
    job_description_review,
    job_description_save,
    signature_record,
    year_after,
)
from teenindus.people.tests.expected_fixtures import FILES, HR_PARTNER, SERVICE_MANAGER, TEAM_LEAD
from teenindus.people.tests.test_jd_parser import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the Estonian ones are checked by the page tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def agency(db):
    return Agency.objects.create(name="Sotsiaalkindlustusamet", short_name="SKA")


@pytest.mark.parametrize("name", FILES)
def test_docx_round_trip_gives_the_same_record(name):
    content = content_clean(FILES[name])
    parsed = parse_job_description(document_lines("round.docx", render_docx(content)))
    assert parsed.record["unplaced"] == []
    assert content_clean(parsed.record) == content


@pytest.mark.parametrize("name", FILES)
def test_pdf_in_the_standard_layout_reads_back_to_the_same_record(name):
    """Ruled tables in a real PDF (WeasyPrint → pdfplumber), rows cut by page breaks, running footers."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from teenindus.people.rendering import document_context

    content = content_clean(FILES[name])
    footer = "Talitusejuhataja (Kõnekeskuse talitus) · versioon 3 · 22.11.2026"
    html = render_to_string("people/jd_pdf.html", {**document_context(content), "footer": footer})
    parsed = parse_job_description(document_lines("x.pdf", HTML(string=html).write_pdf()))
    assert parsed.record["unplaced"] == []
    assert content_clean(parsed.record) == content


def test_command_dry_run_json_prints_the_record_and_saves_nothing(agency, capsys):
    call_command("import_job_description", str(FIXTURES / "personalipartner.txt"), "--dry-run", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert tuple(printed) == RECORD_KEYS
    assert printed["title"] == "Personalipartner"
    assert printed["requirements"]["languages"][0] == {"language": "eesti", "level": "C1"}
    assert set(printed["requirements"]) == {
        "education",
        "experience",
        "languages",
        "computer_skills",
        "competencies",
    }
    assert not JobDescription.objects.exists() and not Position.objects.exists()


def test_command_import_builds_units_positions_and_the_manager(agency, capsys):
    section_unit = Unit.objects.create(
        agency=agency, name="Kliendisuhete ja teabehalduse osakond", kind="department"
    )
    section = Unit.objects.create(
        agency=agency, parent=section_unit, name="Kõnekeskuse talitus", kind="section"
    )
    agent_position = Position.objects.create(unit=section, title="Kliendinõustaja")
    call_command("import_job_description", str(FIXTURES / "talitusejuhataja-konekeskus.txt"))
    out = capsys.readouterr().out
    jd = JobDescription.objects.get()
    position = jd.position
    assert position.title == "Talitusejuhtaja" and position.unit == section
    assert position.manager.title == "Osakonnajuhataja" and position.manager.unit == section_unit
    # "Kliendinõustajat" (partitive) is the existing "Kliendinõustaja"; the one it cannot match is reported.
    assert list(position.substitutes.all()) == [agent_position]
    assert "talitusejuhatajat" in out and "no position found" in out
    version = jd.versions.get()
    assert (
        version.number == 1
        and version.reason == "import"
        and version.content["duties"][11]["number"] == "3.12"
    )
    assert jd.review_due == year_after(timezone.localdate())
    # The same file again: a new version of the same position, nothing duplicated.
    call_command("import_job_description", str(FIXTURES / "talitusejuhataja-konekeskus.txt"))
    assert JobDescription.objects.count() == 1 and jd.versions.count() == 2
    assert Unit.objects.count() == 2 and Position.objects.filter(title="Osakonnajuhataja").count() == 1


def test_import_creates_the_unit_path_when_missing(agency):
    result = job_description_save(actor=None, record=HR_PARTNER)
    assert result.created_units == ["Personaliosakond"]
    assert result.job_description.position.manager.title == "Personaliosakonna osakonnajuhataja"
    # "Personalipartner" substitutes "Personalipartner": colleagues in the same position stand in.
    assert list(result.job_description.position.substitutes.all()) == [result.job_description.position]


def test_bad_record_is_refused_with_the_field_and_nothing_saved(agency):
    with pytest.raises(ValidationFailed) as caught:
        job_description_save(actor=None, record={**TEAM_LEAD, "title": " "})
    assert caught.value.field == "title"
    with pytest.raises(ValidationFailed) as caught:
        bad = {
            **TEAM_LEAD,
            "requirements": {
                **TEAM_LEAD["requirements"],
                "languages": [{"language": "eesti", "level": "kõrge"}],
            },
        }
        job_description_save(actor=None, record=bad)
    assert caught.value.field == "requirements.languages" and "kõrge" in caught.value.message
    assert not JobDescriptionVersion.objects.exists() and not Position.objects.exists()


def test_search_matches_estonian_word_forms(agency):
    job_description_save(actor=None, record=TEAM_LEAD)
    job_description_save(actor=None, record=SERVICE_MANAGER)
    job_description_save(actor=None, record={**HR_PARTNER, "unit": "Kõnekeskus"})

    def titles(query):
        return [v.content["title"] for v in job_descriptions_search(query=query)]

    # Title, unit and duty text: the call-centre lead's duties speak of "klienditeeninduse töö" too.
    assert titles("klienditeenindus") == ["Talitusejuhtaja", "Tallinna klienditeeninduse juht"]
    assert titles("tallinnas") == ["Tallinna klienditeeninduse juht"]
    assert titles("kõnekeskuses") == ["Personalipartner", "Talitusejuhtaja"]  # kõnekeskus, kõnekeskuse
    assert titles("värbamine valikutegevused") == ["Personalipartner"]  # duty text
    assert titles("sidelahendus") == ["Talitusejuhtaja"]
    assert titles("pagaritöökoda") == []


def test_pdf_is_the_standard_layout_and_stays_the_same_bytes(agency, client_for):
    jd = job_description_save(actor=None, record=TEAM_LEAD).job_description
    client = client_for("agent")  # everyone reads every job description
    first = client.get(reverse("people:jd_pdf", args=[jd.pk, 1]))
    assert first["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(first.content)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert (
        "1.1 Ametinimetus" in text
        and "Talitusejuhtaja" in text
        and "Infotelefoni sidelahendus toimib." in text
    )
    assert client.get(reverse("people:jd_pdf", args=[jd.pk, 1])).content == first.content
    docx = client.get(reverse("people:jd_docx", args=[jd.pk, 1]))
    parsed = parse_job_description(document_lines("x.docx", docx.content))
    assert content_clean(parsed.record) == content_clean(TEAM_LEAD)


def test_review_makes_the_next_version_and_the_diff_marks_the_change(agency, users):
    jd = job_description_save(actor=None, record=TEAM_LEAD).job_description
    changed = {**TEAM_LEAD, "tools": "Sülearvuti, peakomplekt ja mobiiltelefon."}
    version = job_description_review(
        actor=users["hr"], job_description=jd, record=changed, reason="annual_review", expected_number=1
    )
    jd.refresh_from_db()
    assert version.number == 2 and jd.current_number == 2 and jd.last_reviewed_by == users["hr"]
    assert jd.last_reviewed_on == timezone.localdate() and jd.review_due == year_after(timezone.localdate())
    with pytest.raises(ConcurrentEditError):
        job_description_review(
            actor=users["hr"], job_description=jd, record=changed, reason="annual_review", expected_number=1
        )
    rows = versions_diff(old=TEAM_LEAD, new=changed)
    changes = [r for r in rows if r.change != "same"]
    assert len(changes) == 1
    assert "<ins>peakomplekt</ins>" in changes[0].right or "peakomplekt" in changes[0].right
    assert "<del>" in changes[0].left


def _holder(user, position):
    employee = Employee.objects.create(first_name=user.username, last_name="Test", user=user)
    Employment.objects.create(employee=employee, position=position, start_date="2024-01-01")
    return employee


def test_signatures_in_the_system_follow_who_may_sign(agency, users):
    saved = job_description_save(actor=None, record=TEAM_LEAD)
    version, position = saved.version, saved.job_description.position
    _holder(users["teamlead"], position)
    _holder(users["manager"], position.manager)
    assert may_sign(user=users["teamlead"], version=version, party="employee")
    assert not may_sign(user=users["agent"], version=version, party="employee")
    assert may_sign(user=users["manager"], version=version, party="employer")
    assert may_sign(user=users["hr"], version=version, party="employer")
    assert not may_sign(user=users["teamlead"], version=version, party="employer")
    with pytest.raises(PermissionDeniedError):
        signature_record(actor=users["agent"], version=version, party="employee", allowed=False)
    signature_record(actor=users["teamlead"], version=version, party="employee", allowed=True)
    with pytest.raises(ValidationFailed):
        signature_record(actor=users["teamlead"], version=version, party="employee", allowed=True)
    signature_record(actor=users["hr"], version=version, party="employer", allowed=True)
    assert {s.party: s.method for s in version.signatures.all()} == {
        "employee": "in_system",
        "employer": "in_system",
    }


def test_a_version_that_is_no_longer_current_cannot_be_signed(agency, users):
    saved = job_description_save(actor=None, record=TEAM_LEAD)
    job_description_save(actor=None, record=TEAM_LEAD, position=saved.job_description.position)
    with pytest.raises(ValidationFailed):
        signature_record(actor=users["hr"], version=saved.version, party="employer", allowed=True)
    assert not Signature.objects.exists()


def test_uploaded_container_is_verified_and_its_signers_shown(agency, users, settings, tmp_path):
    from teenindus.people.services.job_descriptions import version_pdf
    from teenindus.people.tests.signing import make_ca, signed_container

    ca_cert, ca_key = make_ca("Test ESTEID CA")
    other_ca, other_key = make_ca("Someone else's CA")
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca_cert.public_bytes(Encoding.PEM))
    settings.SIGNATURE_TRUSTED_CA_FILES = [str(ca_file)]
    saved = job_description_save(actor=None, record=TEAM_LEAD)
    pdf = version_pdf(version=saved.version)

    def attempt(data):
        return signature_record(
            actor=users["hr"],
            version=saved.version,
            party="employer",
            allowed=True,
            container=data,
            container_name="ametijuhend.asice",
        )

    for bad, message in (
        (
            signed_container(
                b"%PDF-1.7 another document", ca_cert, ca_key, "MARI", "MAASIKAS", "47101010033"
            ),
            "does not hold this version",
        ),
        (
            signed_container(pdf, other_ca, other_key, "MARI", "MAASIKAS", "47101010033"),
            "not issued by a trusted",
        ),
        (signed_container(pdf, ca_cert, ca_key, "MARI", "MAASIKAS", "47101010033", tamper=True), "not valid"),
        (b"PK\x03\x04 not a container", "not a valid .asice"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            attempt(bad)
        assert message in caught.value.message
    assert not Signature.objects.exists()
    signature = attempt(signed_container(pdf, ca_cert, ca_key, "MARI", "MAASIKAS", "47101010033"))
    assert signature.method == "container" and signature.signer_name == "MARI MAASIKAS"
    assert signature.container_signers[0]["id_code"] == "47101010033"
    assert signature.container_signers[0]["signed_at"]


def test_import_page_previews_then_saves_only_on_confirm(agency, client_for):
    client = client_for("hr")
    path = FIXTURES / "tallinna-klienditeeninduse-juht.md"
    with path.open("rb") as handle:
        preview = client.post(reverse("people:jd_import"), {"file": handle})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert (
        "Tallinna klienditeeninduse juht" in body
        and "Klientide kvaliteetne teenindamine ja nõustamine." in body
    )
    assert not JobDescription.objects.exists()
    text = preview.context["form"].initial["text"].replace("Soovitavalt magistritasemele", "Magistritasemele")
    saved = client.post(
        reverse("people:jd_import"), {"text": text, "source_name": path.name, "confirm": "1"}, follow=True
    )
    version = JobDescriptionVersion.objects.get()
    assert version.content["requirements"]["education"] == "Magistritasemele vastav haridus."
    assert version.source_name == path.name and saved.status_code == 200


def test_import_page_explains_a_file_that_is_not_a_job_description(agency, client_for):
    client = client_for("hr")
    upload = io.BytesIO(b"Ostunimekiri\nleib\npiim\n")
    upload.name = "nimekiri.txt"
    response = client.post(reverse("people:jd_import"), {"file": upload})
    assert response.status_code == 422
    body = response.content.decode()
    assert "ei näe välja nagu ametijuhend" in body or "does not look like a job description" in body
    assert "Ostunimekiri" in body
    assert not JobDescription.objects.exists()


def test_only_hr_imports_and_everyone_reads(agency, client_for):
    assert client_for("agent").get(reverse("people:jd_import")).status_code == 403
    jd = job_description_save(actor=None, record=TEAM_LEAD).job_description
    for who in ("agent", "info", "second", "teamlead", "hr"):
        response = client_for(who).get(reverse("people:jd_detail", args=[jd.pk]))
        assert (
            response.status_code == 200 and "Infotelefoni sidelahendus toimib." in response.content.decode()
        )


def test_api_lists_and_returns_job_descriptions_to_roles_only(agency, client_for):
    from django.test import Client

    jd = job_description_save(actor=None, record=SERVICE_MANAGER).job_description
    job_description_save(actor=None, record=TEAM_LEAD)
    api = client_for("agent")
    listed = api.get(
        "/api/v1/people/job-descriptions", {"q": "klienditeeninduse juhi ülesanded Tallinnas"}
    ).json()
    assert [row["title"] for row in listed] == ["Tallinna klienditeeninduse juht"]
    one = api.get(f"/api/v1/people/job-descriptions/{jd.pk}").json()
    assert one["version"] == 1 and one["content"]["requirements"]["languages"][0] == {
        "language": "eesti",
        "level": "C1",
    }
    assert len(one["content"]["duties"]) == 17
    assert api.get("/api/v1/people/job-descriptions/999999").status_code == 404
    assert Client().get("/api/v1/people/job-descriptions").status_code == 401


def test_a_new_version_updates_the_manager_and_substitution_links(agency):
    unit = Unit.objects.create(agency=agency, name="Kõnekeskuse talitus", kind="section")
    lead = Position.objects.create(unit=unit, title="Talitusejuhataja")
    senior = Position.objects.create(unit=unit, title="Vanemspetsialist")
    agent = Position.objects.create(unit=unit, title="Kliendinõustaja")
    record = {
        **TEAM_LEAD,
        "title": "Kliendinõustaja",
        "unit": "Kõnekeskuse talitus",
        "manager": "Talitusejuhataja",
    }
    record |= {"substituted_by": "Vanemspetsialist", "substitutes": ""}
    job_description_save(actor=None, record=record, position=agent)
    agent.refresh_from_db()
    assert agent.manager == lead and list(agent.substituted_by.all()) == [senior]
    # The reviewed version names the lead as the substitute instead: the links follow it.
    job_description_save(actor=None, record={**record, "substituted_by": "Talitusejuhatajat"}, position=agent)
    assert list(agent.substituted_by.all()) == [lead]
    # A name that matches no position is reported and the links stay.
    result = job_description_save(
        actor=None, record={**record, "substituted_by": "Peaspetsialist"}, position=agent
    )
    assert result.unresolved == ["Peaspetsialist"] and list(agent.substituted_by.all()) == [lead]
