"""Issuing a paper through the service: the PDF carries the customer's data, the registration number
and date and the extra fields; the template in the customer's language or Estonian; the registered
outgoing document with the PDF; bad input and refused roles change nothing; the look is logged."""

import hashlib

import pytest
from django.utils import timezone

from conftest import SENTINEL_IK
from teenindus.audit.models import AccessLog
from teenindus.core.exceptions import NotFound, PermissionDeniedError, ValidationFailed
from teenindus.core.models import OutboxMail
from teenindus.papers.models import IssuedPaper
from teenindus.papers.tests.conftest import PENSION, RU_IK
from teenindus.papers.tests.helpers import issue, pdf_text
from teenindus.registry.models import Document, DocumentFile, SeriesCounter

pytestmark = pytest.mark.django_db


def _nothing_changed():
    assert Document.objects.count() == 0 and DocumentFile.objects.count() == 0
    assert IssuedPaper.objects.count() == 0 and OutboxMail.objects.count() == 0
    assert not SeriesCounter.objects.filter(last__gt=0).exists()  # no number taken


def test_the_pdf_shows_the_customer_the_number_the_date_and_the_fields(pw, users):
    paper = issue(pw, users)
    doc = paper.document
    text = pdf_text(bytes(paper.file.content))
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert "Mari Tamm" in text and SENTINEL_IK in text
    assert doc.number.startswith("9-2/") and doc.number in text
    assert f"Kuupäev {today}" in text and f"Nr {doc.number}" in text
    for value in PENSION.values():
        assert value in text
    assert "Tõend pensioni saamise kohta" in text
    assert "Sotsiaalkindlustusamet" in text and "Pärna 7, Tartu, 50101" in text
    assert "Ivo Infolett" in text and "Infospetsialist" in text  # the signer and their position


def test_the_paper_is_registered_as_an_outgoing_document_with_its_pdf(pw, users):
    paper = issue(pw, users)
    doc = Document.objects.get()
    assert paper.document == doc
    assert doc.direction == "out" and doc.doc_type.code == "toend" and doc.series.code == "9-2"
    assert doc.party_customer == pw["person"] and doc.channel == "desk"
    assert doc.title == "Tõend pensioni saamise kohta" and doc.registered_by == users["info"]
    stored = doc.files.get()
    assert stored.kind == "application/pdf" and stored.pk == paper.file_id
    assert stored.sha256 == hashlib.sha256(bytes(stored.content)).hexdigest()
    assert OutboxMail.objects.count() == 0  # printed at the desk


def test_a_russian_speaker_gets_the_russian_template_and_else_estonian(pw, users):
    russian = issue(pw, users, customer="russian")
    assert russian.template.language == "ru"
    text = pdf_text(bytes(russian.file.content))
    assert "Справка о получении пенсии" in text and "Olga Ivanova" in text and RU_IK in text
    assert f"Дата {timezone.localdate():%d.%m.%Y}" in text and russian.document.number in text
    assert russian.document.title == "Справка о получении пенсии"
    # No Russian notice: the Estonian one.
    notice = issue(
        pw,
        users,
        customer="russian",
        code="teatis-menetlus",
        fields={"taotlus": "Peretoetuse taotlus", "taotluse_kuupaev": "02.11.2026", "tahtaeg": "02.12.2026"},
    )
    assert notice.template.language == "et"
    text = pdf_text(bytes(notice.file.content))
    assert "Teatis taotluse menetlusse võtmisest" in text and "Peretoetuse taotlus" in text
    assert notice.document.series.code == "9-1" and notice.document.doc_type.code == "teatis"


def test_values_are_text_not_markup(pw, users):
    fields = {**PENSION, "esitamiseks": "<b>Pank</b> {nimi} &amp;"}
    paper = issue(pw, users, fields=fields)
    text = pdf_text(bytes(paper.file.content))
    assert "<b>Pank</b> {nimi} &amp;" in text  # shown as typed: neither HTML nor a placeholder


def test_the_access_to_the_customer_is_logged(pw, users):
    before = AccessLog.objects.filter(customer=pw["person"]).count()
    issue(pw, users)
    row = AccessLog.objects.filter(customer=pw["person"]).latest("pk")
    assert AccessLog.objects.filter(customer=pw["person"]).count() == before + 1
    assert row.actor == users["info"] and row.action == "paper" and row.purpose


@pytest.mark.parametrize(
    "change,field",
    [
        ({"code": "no-such-paper"}, "template"),
        ({"fields": {**PENSION, "summa": " "}}, "summa"),
        ({"fields": {"periood": "2026"}}, "pensioni_liik"),
        ({"delivery": "email", "customer": "english"}, "email"),  # no address on file, none typed
        ({"delivery": "email", "email": "not-an-address"}, "email"),
        ({"delivery": "fax"}, "delivery"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(pw, users, change, field):
    with pytest.raises(ValidationFailed) as refused:
        issue(pw, users, **change)
    assert refused.value.field == field
    _nothing_changed()


def test_a_missing_customer_is_not_found(pw, users):
    with pytest.raises(NotFound):
        issue(pw, users, customer=10**9)
    _nothing_changed()


@pytest.mark.parametrize("role", ["senior", "second", "hr", "outsider"])
def test_roles_that_do_not_issue_are_refused(pw, users, role):
    with pytest.raises(PermissionDeniedError):
        issue(pw, users, actor=role)
    _nothing_changed()


@pytest.mark.parametrize("role", ["agent", "info", "teamlead", "manager", "admin"])
def test_issuing_roles_issue(pw, users, role):
    assert issue(pw, users, actor=role).document.party_customer == pw["person"]


def test_the_same_form_sent_twice_issues_one_paper(pw, users):
    first = issue(pw, users, request_key="k1")
    again = issue(pw, users, request_key="k1")
    assert again == first and Document.objects.count() == 1
    assert issue(pw, users, request_key="k2") != first and Document.objects.count() == 2


def test_email_delivery_queues_one_letter_with_the_pdf(pw, users):
    paper = issue(pw, users, customer="russian", delivery="email")
    assert paper.email == "olga@example.ee" and paper.document.channel == "email"
    assert paper.document.party_email == "olga@example.ee"
    mail = OutboxMail.objects.get()
    assert mail.to == "olga@example.ee" and mail.language == "ru" and mail.key == f"paper:{paper.pk}:email"
    assert paper.document.number in mail.subject and "Справка" in mail.subject
    attachment = mail.attachments.get()
    assert bytes(attachment.content) == bytes(paper.file.content)
    typed = issue(pw, users, customer="english", delivery="email", email="john@example.com")
    assert typed.email == "john@example.com" and OutboxMail.objects.count() == 2


def test_the_demo_templates_are_loaded_once(db):
    from teenindus.demo.papers import load_papers
    from teenindus.papers.models import PaperTemplate

    assert load_papers() == 5
    assert load_papers() == 5 and PaperTemplate.objects.count() == 5
    assert set(PaperTemplate.objects.filter(code="toend-pension").values_list("language", flat=True)) == {
        "et",
        "ru",
        "en",
    }
