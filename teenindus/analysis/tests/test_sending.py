"""The analysis sent to the heads of units: PDF and XLSX read back, free text only when ticked,
once per unit and period (monthly and on demand), and the leads' page with its downloads."""

import io
from datetime import date

import openpyxl
import pdfplumber
import pytest
from django.conf import settings as django_settings

from teenindus.analysis import outputs, services
from teenindus.analysis.models import AnalysisSend
from teenindus.analysis.selectors import analysis_report
from teenindus.analysis.tests.conftest import NOTE, WORDS
from teenindus.audit.models import AccessLog
from teenindus.core.exceptions import ConflictError, ValidationFailed
from teenindus.core.models import OutboxMail

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def xlsx_cells(data: bytes) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets
    }


def attachments(mail) -> dict[str, bytes]:
    return {a.name.rsplit(".", 1)[1]: bytes(a.content) for a in mail.attachments.all()}


def test_pdf_and_xlsx_read_back(world):
    report = analysis_report(
        ctx=None, start=world["start"], end=world["end"], unit_id=world["units"]["pensions"].pk
    )
    sheets = xlsx_cells(outputs.report_xlsx(report))
    assert len(sheets) == 4  # topics, the topics that grew most, channels, outcomes; no notes
    topics = list(sheets.values())[0]
    assert "Pensionide osakond" in topics[0][0]  # the note: unit and period
    header = topics[1]
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in topics[2:]}
    old = rows["Pensionid › Vanaduspension"]
    values = list(old.values())
    assert values[1:8] == [4, 1, 3, 3, 2, 2, 1]  # contacts, previous, change, %, year, change, %
    assert values[8:13] == [2, 0.5, 2, 3.5, 0.5]  # escalated, share, answers, mean, solved
    text = pdf_text(outputs.report_pdf(report))
    assert "Pensionide osakond" in text and "Vanaduspension" in text and "Peretoetus" not in text
    assert "01.10.2026–31.10.2026" in text
    assert NOTE not in text and WORDS not in text


def test_monthly_sending_leaves_the_free_text_out_and_sends_once(world, django_capture_on_commit_callbacks):
    created = services.analysis_monthly(today=date(2026, 11, 3))
    assert created == 2 and services.analysis_monthly(today=date(2026, 11, 20)) == 0
    for send in AnalysisSend.objects.all():
        assert (send.period_start, send.period_end, send.include_notes) == (
            date(2026, 10, 1),
            date(2026, 11, 1),
            False,
        )
        assert services.analysis_send_deliver(send_id=send.pk) == "sent"
        assert services.analysis_send_deliver(send_id=send.pk) == "done"
    mails = {mail.to: mail for mail in OutboxMail.objects.filter(key__startswith="analysis:")}
    assert set(mails) == {"head1@x.ee", "head2@x.ee"}
    files = attachments(mails["head1@x.ee"])
    assert set(files) == {"pdf", "xlsx"}
    for text in (pdf_text(files["pdf"]), str(xlsx_cells(files["xlsx"]))):
        assert "Vanaduspension" in text and NOTE not in text and WORDS not in text
    assert "Peretoetus" in pdf_text(attachments(mails["head2@x.ee"])["pdf"])


def test_on_demand_with_the_tick_carries_the_free_text(world, users):
    unit = world["units"]["pensions"]
    send = services.analysis_send_request(
        actor=users["teamlead"], unit_id=unit.pk, start=world["start"], end=world["end"], include_notes=True
    )
    services.analysis_send_deliver(send_id=send.pk)
    files = attachments(OutboxMail.objects.get(to="head1@x.ee"))
    assert NOTE in pdf_text(files["pdf"]) and WORDS in pdf_text(files["pdf"])
    assert NOTE in str(xlsx_cells(files["xlsx"])) and WORDS in str(xlsx_cells(files["xlsx"]))
    # The same unit and period again: refused, nothing more is queued.
    with pytest.raises(ConflictError):
        services.analysis_send_request(
            actor=users["teamlead"], unit_id=unit.pk, start=world["start"], end=world["end"]
        )
    assert services.analysis_monthly(today=date(2026, 11, 2)) == 1  # the other unit only
    assert AnalysisSend.objects.count() == 2


def test_bad_requests_change_nothing(world, users):
    unit = world["units"]["pensions"]
    with pytest.raises(ValidationFailed):
        services.analysis_send_request(
            actor=users["teamlead"], unit_id=unit.pk, start=world["end"], end=world["start"]
        )
    with pytest.raises(ValidationFailed):
        services.analysis_send_request(
            actor=users["teamlead"], unit_id=unit.pk, start=date(2099, 1, 1), end=date(2099, 2, 1)
        )
    assert not AnalysisSend.objects.exists()


def test_the_leads_page_and_its_downloads(client, users, world):
    client.force_login(users["teamlead"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/analysis/", {"month": "2026-10", "unit": world["units"]["pensions"].pk})
    body = page.content.decode()
    assert page.status_code == 200 and "Vanaduspension" in body and "Peretoetus" not in body
    assert NOTE not in body
    assert NOTE in client.get("/analysis/", {"month": "2026-10", "notes": "on"}).content.decode()
    csv = client.get("/analysis/export.csv", {"start": "2026-10-01", "end": "2026-11-01"})
    assert (
        csv.status_code == 200
        and "Pensionid › Vanaduspension,4,1,3,3.0,2,2,1.0,2,0.5,2,3.5,0.5" in csv.content.decode()
    )
    xlsx = client.get("/analysis/export.xlsx", {"month": "2026-10"})
    assert list(xlsx_cells(xlsx.content))[0] == "Topics"
    bad = client.get("/analysis/", {"month": "2026-13"})
    assert bad.status_code == 400 and "2026-10" in bad.content.decode()
    sent = client.post(
        "/analysis/send/",
        {"unit": world["units"]["benefits"].pk, "start": "2026-10-01", "end": "2026-11-01"},
    )
    assert sent.status_code == 302 and AnalysisSend.objects.get().include_notes is False


def test_agents_do_not_see_the_analysis(client, users, world):
    client.force_login(users["agent"])
    assert client.get("/analysis/").status_code == 403
    assert client.post("/analysis/send/", {}).status_code == 403


def test_the_access_context_is_required_for_notes(world):
    with pytest.raises(ValueError):
        analysis_report(ctx=None, start=world["start"], end=world["end"], include_notes=True)


@pytest.mark.parametrize(
    "query",
    [
        {"month": "0001-01"},
        {"month": "9999-12"},
        {"month": "0000-05"},
        {"start": "0001-01-01", "end": "0001-02-01"},
        {"start": "9999-12-01", "end": "9999-12-31"},
        {"start": "2026-11-01", "end": "2026-10-01"},
        {"start": "2020-01-01", "end": "2026-01-01"},
    ],
)
def test_periods_out_of_the_calendar_are_a_clear_400(client, users, world, query):
    client.force_login(users["teamlead"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in ("/analysis/", "/analysis/export.csv", "/analysis/export.xlsx", "/analysis/export.pdf"):
        response = client.get(url, query)
        assert response.status_code == 400, url
        text = response.content.decode()
        assert "2026-10" in text or "the start before the end" in text


def test_sending_refuses_a_period_whose_comparisons_leave_the_calendar(world, users):
    with pytest.raises(ValidationFailed):
        services.analysis_send_request(
            actor=users["teamlead"],
            unit_id=world["units"]["pensions"].pk,
            start=date(1, 1, 1),
            end=date(1, 2, 1),
        )
    assert not AnalysisSend.objects.exists()


def test_only_units_whose_head_can_receive_it_are_offered(client, users, world):
    from teenindus.org.models import Employee

    benefits = world["units"]["benefits"]
    Employee.objects.filter(employments__position__unit=benefits).update(email="")
    client.force_login(users["teamlead"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/analysis/", {"month": "2026-10"})
    form = page.context["send_form"]
    assert list(form.fields["unit"].queryset) == [world["units"]["pensions"]]
    refused = client.post(
        "/analysis/send/", {"unit": benefits.pk, "start": "2026-10-01", "end": "2026-11-01"}, follow=True
    )
    assert "the head has no e-mail address" in refused.content.decode()
    assert not AnalysisSend.objects.exists()


def test_the_pdf_download_is_the_mailed_report(client, users, world):
    client.force_login(users["teamlead"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/analysis/", {"month": "2026-10"})
    assert "/analysis/export.pdf?" in page.content.decode()
    pdf = client.get("/analysis/export.pdf", {"month": "2026-10", "notes": "on"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(customer=world["customer"], action="analysis_notes").exists()


def test_contacts_are_called_poordumised_in_estonian(client, users, world):
    client.force_login(users["teamlead"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "et"
    page = client.get("/analysis/", {"month": "2026-10"}).content.decode()
    csv = client.get("/analysis/export.csv", {"month": "2026-10"}).content.decode()
    assert "Kontaktid" not in page and "Kontaktid" not in csv
    assert '<th scope="col">Pöördumisi</th>' in page and ",Pöördumisi," in csv
    xlsx = client.get("/analysis/export.xlsx", {"month": "2026-10"})
    cells = [cell for rows in xlsx_cells(xlsx.content).values() for row in rows for cell in row]
    assert "Pöördumisi" in cells and "Kontaktid" not in cells
    pdf = pdf_text(client.get("/analysis/export.pdf", {"month": "2026-10"}).content)
    assert "Pöördumisi" in pdf and "Kontaktid" not in pdf
