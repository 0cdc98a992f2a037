"""The papers' pages per role through the test client: issuing from the customer's page, the issued
paper and its PDF (the registered file's bytes), template editing with its checks and preview."""

import hashlib

import pytest
from django.conf import settings

from teenindus.audit.models import AccessLog
from teenindus.core.models import OutboxMail
from teenindus.papers.models import IssuedPaper, PaperTemplate
from teenindus.papers.tests.conftest import PENSION
from teenindus.papers.tests.helpers import issue, pdf_text
from teenindus.registry.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(client, users):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def sign_in(key):
        client.force_login(users[key])
        return client

    return sign_in


def _logged(customer) -> int:
    return AccessLog.objects.filter(customer=customer).count()


def _issue_url(pw, customer="person", template=""):
    url = f"/papers/issue/?customer={pw[customer].pk}"
    return url + (f"&template={template}" if template else "")


def test_the_customer_page_links_to_issuing_and_the_desk_issues_a_printed_paper(as_, pw):
    client = as_("info")
    person = pw["person"]
    page = client.get(f"/customers/{person.pk}/").content.decode()
    assert f"/papers/issue/?customer={person.pk}" in page and "Issue a paper" in page

    before = _logged(person)
    choose = client.get(_issue_url(pw))
    assert choose.status_code == 200 and "Certificate of receiving a pension" not in choose.content.decode()
    assert "Tõend pensioni saamise kohta" in choose.content.decode() and _logged(person) == before + 1
    form = client.get(_issue_url(pw, template="toend-pension"))
    key = form.context["form"].initial["key"]
    data = {"key": key, "delivery": "print", "email": "", **{f"f_{k}": v for k, v in PENSION.items()}}
    response = client.post(_issue_url(pw, template="toend-pension"), data)
    paper = IssuedPaper.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/papers/{paper.pk}/"
    assert client.post(_issue_url(pw, template="toend-pension"), data).status_code == 302  # sent twice
    assert Document.objects.count() == 1

    detail = client.get(f"/papers/{paper.pk}/").content.decode()
    assert paper.document.number in detail and f"/papers/{paper.pk}/pdf/" in detail
    before = _logged(person)
    served = client.get(f"/papers/{paper.pk}/pdf/")
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert hashlib.sha256(served.content).hexdigest() == paper.document.files.get().sha256
    assert _logged(person) == before + 1
    assert "Mari Tamm" in pdf_text(served.content)


def test_an_emailed_paper_from_the_page(as_, pw):
    client = as_("agent")
    data = {"delivery": "email", "email": "", **{f"f_{k}": v for k, v in PENSION.items()}}
    response = client.post(_issue_url(pw, "russian", "toend-pension"), data, follow=True)
    assert response.status_code == 200 and "olga@example.ee" in response.content.decode()
    assert OutboxMail.objects.get().to == "olga@example.ee"


def test_bad_input_on_the_page_changes_nothing(as_, pw):
    client = as_("info")
    missing = {"delivery": "print", **{f"f_{k}": v for k, v in PENSION.items() if k != "summa"}}
    assert client.post(_issue_url(pw, template="toend-pension"), missing).status_code == 400
    no_address = {"delivery": "email", **{f"f_{k}": v for k, v in PENSION.items()}}
    response = client.post(_issue_url(pw, "english", "toend-pension"), no_address)
    assert response.status_code == 422 and "no e-mail address" in response.content.decode()
    assert Document.objects.count() == 0 and OutboxMail.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "/papers/issue/",
        "/papers/issue/?customer=999999",
        "/papers/issue/?customer=abc",
        "/papers/issue/?customer={pk}&template=none",
        "/papers/999999/",
        "/papers/999999/pdf/",
    ],
)
def test_missing_things_are_404(as_, pw, url):
    assert as_("info").get(url.format(pk=pw["person"].pk)).status_code == 404


@pytest.mark.parametrize("role", ["senior", "second", "hr", "outsider"])
def test_roles_that_do_not_issue_are_refused_on_every_page(as_, pw, users, role):
    paper = issue(pw, users)
    client = as_(role)
    before = _logged(pw["person"])
    for url in [_issue_url(pw), f"/papers/{paper.pk}/", f"/papers/{paper.pk}/pdf/", "/papers/templates/"]:
        assert client.get(url).status_code == 403, url
    response = client.post(_issue_url(pw, template="toend-pension"), {"delivery": "print"})
    assert response.status_code == 403
    assert _logged(pw["person"]) == before and IssuedPaper.objects.count() == 1


def _template_form(template: PaperTemplate, **change) -> dict:
    return {
        "version": template.version,
        "kind": template.kind,
        "name": template.name,
        "code": template.code,
        "language": template.language,
        "title": template.title,
        "body": template.body,
        "extra_fields": "\n".join(f"{f['name']} | {f['label']}" for f in template.extra_fields),
        "doc_type": template.doc_type_id,
        "series": template.series_id or "",
        "is_active": "on",
        **change,
    }


@pytest.mark.parametrize("role", ["agent", "info", "senior", "second", "hr"])
def test_only_leads_and_admins_edit_templates(as_, pw, role):
    template = pw["templates"][("toend-pension", "et")]
    client = as_(role)
    for url in ["/papers/templates/", "/papers/templates/new/", f"/papers/templates/{template.pk}/"]:
        assert client.get(url).status_code == 403
    assert client.post(f"/papers/templates/{template.pk}/", _template_form(template)).status_code == 403


@pytest.mark.parametrize("role", ["teamlead", "manager", "admin"])
def test_a_lead_edits_a_template_and_a_stale_form_is_refused(as_, pw, role):
    template = pw["templates"][("toend-pension", "et")]
    client = as_(role)
    assert "Tõend pensioni saamise kohta" in client.get("/papers/templates/").content.decode()
    stale = _template_form(template)
    body = template.body + "\n\nTõend kehtib kuni {kehtib}."
    changed = _template_form(
        template, body=body, extra_fields=stale["extra_fields"] + "\nkehtib | Kehtib kuni"
    )
    response = client.post(f"/papers/templates/{template.pk}/", changed)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.version == 2 and template.extra_fields[-1]["name"] == "kehtib"
    conflict = client.post(f"/papers/templates/{template.pk}/", {**stale, "name": "Vana"})
    assert conflict.status_code == 409 and "changed this template meanwhile" in conflict.content.decode()
    template.refresh_from_db()
    assert template.name == "Tõend pensioni saamise kohta" and template.version == 2


def test_an_unknown_placeholder_or_a_malformed_template_is_refused_by_name(as_, pw):
    template = pw["templates"][("toend-pension", "et")]
    client = as_("teamlead")
    for body, shown in [("Tere {nimi}, Teie {palk}", "{palk}"), ("Tere {nimi", "{")]:
        response = client.post(f"/papers/templates/{template.pk}/", _template_form(template, body=body))
        assert response.status_code == 422 and shown in response.content.decode()
        assert response.context["form"].errors["body"]
    template.refresh_from_db()
    assert template.version == 1 and "{palk}" not in template.body
    new = {**_template_form(template, code="uus", body="{tundmatu}"), "version": ""}
    assert client.post("/papers/templates/new/", new).status_code == 422
    assert not PaperTemplate.objects.filter(code="uus").exists()


def test_a_new_template_and_its_previews(as_, pw):
    client = as_("teamlead")
    base = pw["templates"][("teatis-menetlus", "et")]
    data = {
        **_template_form(base),
        "version": "",
        "code": "teatis-menetlus",
        "language": "en",
        "name": "Notice of proceedings",
        "title": "Notice of proceedings",
        "body": "Dear {nimi},\n\nyour application {taotlus} of {taotluse_kuupaev} is being processed.",
        "extra_fields": "taotlus | Application\ntaotluse_kuupaev | Date of application",
    }
    preview = client.post("/papers/templates/preview/", data)
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    text = pdf_text(preview.content)
    assert "Dear Mari Maasikas" in text and "[Application]" in text
    assert PaperTemplate.objects.filter(language="en", code="teatis-menetlus").count() == 0  # not saved
    response = client.post("/papers/templates/new/", data)
    created = PaperTemplate.objects.get(code="teatis-menetlus", language="en")
    assert response.status_code == 302 and response["Location"] == f"/papers/templates/{created.pk}/"
    saved = client.get(f"/papers/templates/{created.pk}/preview/")
    assert "Notice of proceedings" in pdf_text(saved.content)
    # The same code and language again: refused.
    assert client.post("/papers/templates/new/", data).status_code == 422
    # An English speaker now gets it.
    choose = as_("info").get(_issue_url(pw, "english")).content.decode()
    assert "Notice of proceedings" in choose


def test_the_pages_speak_estonian_first(client, users, pw):
    client.force_login(users["info"])
    page = client.get(_issue_url(pw, template="toend-pension")).content.decode()
    assert "Väljasta dokument" in page and "Kättetoimetamine" in page and "Prinditud" in page
    missing = client.post(
        _issue_url(pw, "english", "toend-pension"),
        {"delivery": "email", **{f"f_{k}": v for k, v in PENSION.items()}},
    )
    assert "Kliendil ei ole e-posti aadressi" in missing.content.decode()


def test_the_title_holds_no_customer_data_as_the_public_register_shows_titles(as_, pw):
    template = pw["templates"][("toend-pension", "et")]
    response = as_("teamlead").post(
        f"/papers/templates/{template.pk}/", _template_form(template, title="Tõend: {nimi}")
    )
    assert response.status_code == 422 and "{nimi}" in response.context["form"].errors["title"][0]
    template.refresh_from_db()
    assert template.title == "Tõend pensioni saamise kohta"


def test_the_admin_checks_templates_as_the_pages_do(client, users, pw):
    client.force_login(users["admin"])
    template = pw["templates"][("otsus-peretoetus", "et")]
    url = f"/admin/papers/papertemplate/{template.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "kind": template.kind,
        "code": template.code,
        "language": template.language,
        "name": template.name,
        "title": template.title,
        "body": "Otsus: {tundmatu}",
        "extra_fields": '[{"name": "summa", "label": "Summa"}]',
        "doc_type": template.doc_type_id,
        "series": template.series_id,
        "is_active": "on",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "{tundmatu}" in refused.content.decode()
    template.refresh_from_db()
    assert "{tundmatu}" not in template.body and template.version == 1
    assert client.post(url, {**data, "body": "Otsus: {summa} eurot"}).status_code == 302
    template.refresh_from_db()
    assert template.body == "Otsus: {summa} eurot" and template.version == 2
