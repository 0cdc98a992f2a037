"""The register's pages per role, through the test client: what each role sees and may do, what is
refused (and that nothing changes then), files, forwarding work, the start page, the access log."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from teenindus.audit.models import AccessLog
from teenindus.registry.models import Document, DocumentFile, Forwarding
from teenindus.registry.moves import State
from teenindus.registry.services.forwarding import document_forward
from teenindus.registry.tests.helpers import PDF, register, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(client, users):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def sign_in(key):
        client.force_login(users[key] if isinstance(key, str) else key)
        return client

    return sign_in


def _logged(customer) -> int:
    return AccessLog.objects.filter(customer=customer).count()


def _form(reg, **extra) -> dict:
    return {
        "series": reg["letters"].pk,
        "doc_type": reg["types"]["teabenoue"].pk,
        "title": "Teabenõue menetluse kohta",
        "received_on": timezone.localdate().isoformat(),
        "channel": "post",
        "party_name": "Mari Tamm",
        "party_is_person": "on",
        "access": "public",
        **extra,
    }


def test_info_registers_an_incoming_document_with_a_file(as_, reg):
    client = as_("info")
    assert client.get("/registry/incoming/").status_code == 200
    upload = SimpleUploadedFile("taotlus.pdf", PDF, content_type="application/pdf")
    response = client.post("/registry/incoming/", {**_form(reg), "file": upload})
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registry/{doc.pk}/"
    assert doc.direction == "in" and doc.deadline is not None and not doc.registered_late
    page = client.get(f"/registry/{doc.pk}/")
    text = page.content.decode()
    assert doc.number in text and "taotlus.pdf" in text and "Extend the deadline" in text
    stored = doc.files.get()
    download = client.get(f"/registry/{doc.pk}/files/{stored.pk}/")
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Type"] == "application/pdf"


def test_the_party_is_found_by_its_code_and_the_lookup_is_logged(as_, reg):
    from conftest import COMPANY_CODE, SENTINEL_IK

    client = as_("info")
    response = client.post("/registry/incoming/", _form(reg, party_code=f" {COMPANY_CODE} ", party_name=""))
    assert response.status_code == 302
    doc = Document.objects.get()
    assert doc.party_customer == reg["company"] and not doc.party_is_person
    unknown = client.post("/registry/incoming/", _form(reg, party_code="39001010011", party_name=""))
    assert unknown.status_code == 422 and "No customer has this code" in unknown.content.decode()
    assert Document.objects.count() == 1
    client.post("/registry/incoming/", _form(reg, party_code=SENTINEL_IK, party_name=""))
    assert _logged(reg["person"]) >= 1
    assert Document.objects.filter(party_customer=reg["person"]).exists()


def test_a_late_registration_shows_a_warning(as_, reg):
    client = as_("info")
    received = timezone.localdate() - timedelta(days=10)
    response = client.post("/registry/incoming/", _form(reg, received_on=received.isoformat()), follow=True)
    assert Document.objects.get().registered_late
    assert "Registered late" in response.content.decode()


@pytest.mark.parametrize(
    "extra,message",
    [
        ({"access": "ak", "ak_basis": "", "ak_until": "2099-01-01"}, "legal basis"),
        ({"access": "ak", "ak_basis": "AvTS § 35 lg 1 p 12", "ak_until": ""}, "restriction ends"),
        ({"title": ""}, "required"),
    ],
)
def test_a_bad_registration_is_refused_with_a_message(as_, reg, extra, message):
    response = as_("info").post("/registry/incoming/", _form(reg, **extra))
    assert response.status_code in (400, 422)
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused_on_the_page(as_, reg, users):
    doc = register(reg, users)
    client = as_("info")
    upload = SimpleUploadedFile("kiri.pdf", zip_bytes(), content_type="application/pdf")
    response = client.post(f"/registry/{doc.pk}/files/", {"file": upload})
    assert response.status_code == 422
    assert (
        "does not match its content" in response.content.decode()
        or "not accepted" in response.content.decode()
    )
    assert not DocumentFile.objects.exists()


def test_a_stale_edit_answers_409_and_changes_nothing(as_, reg, users):
    doc = register(reg, users)
    client = as_("info")
    form = {
        "version": doc.version,
        "title": "Uus",
        "party_name": "Mari Tamm",
        "party_is_person": "on",
        "channel": "post",
    }
    assert client.post(f"/registry/{doc.pk}/edit/", form).status_code == 302
    stale = client.post(f"/registry/{doc.pk}/edit/", {**form, "title": "Vanem"})
    assert stale.status_code == 409
    doc.refresh_from_db()
    assert doc.title == "Uus"


def test_the_list_filters_and_logs_the_customers_shown(as_, reg, users):
    register(reg, users, party_customer=reg["person"], party_name="", title="Isiku kiri")
    register(
        reg, users, party_customer=reg["company"], party_name="", title="Ettevõtte kiri", direction="out"
    )
    client = as_("agent")
    before = _logged(reg["person"])
    page = client.get("/registry/?direction=in")
    text = page.content.decode()
    assert "Isiku kiri" in text and "Ettevõtte kiri" not in text
    assert _logged(reg["person"]) == before + 1
    assert "Mari Tamm" in client.get("/registry/?party=tamm").content.decode()
    assert "Isiku kiri" not in client.get("/registry/?party=metsa").content.decode()
    # The agent reads, never registers.
    assert client.get("/registry/incoming/").status_code == 403
    assert "Register an incoming document" not in text


def test_reading_a_document_logs_its_customer(as_, reg, users):
    doc = register(reg, users, party_customer=reg["person"], party_name="")
    before = _logged(reg["person"])
    assert as_("agent").get(f"/registry/{doc.pk}/").status_code == 200
    assert _logged(reg["person"]) == before + 1


def test_overdue_documents_are_listed_for_the_person_and_the_lead(as_, reg, users):
    late = register(
        reg, users, responsible_user=users["info"], responsible_unit=reg["unit"], title="Hilinenud"
    )
    Document.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=2))
    register(reg, users, responsible_user=users["info"], title="Tähtaeg kaugel", deadline=date(2099, 1, 1))
    text = as_("info").get("/registry/mine/").content.decode()
    assert "Hilinenud" in text and "Tähtaeg kaugel" not in text
    lead = as_("teamlead")
    unit_page = lead.get(f"/registry/mine/?unit={reg['unit'].pk}")
    assert unit_page.status_code == 200 and "Hilinenud" in unit_page.content.decode()
    # Overdue in the register's filter too.
    assert "Hilinenud" in lead.get("/registry/?due=overdue").content.decode()
    home = lead.get("/").content.decode()
    assert "Hilinenud" in home
    # A unit that is not the lead's is not theirs to list.
    assert as_("info").get(f"/registry/mine/?unit={reg['other'].pk}").status_code == 404


def test_second_level_sees_only_what_is_forwarded_and_replies(as_, reg, users):
    forwarded = register(reg, users, type_code="teabenoue", title="Edastatud nõue")
    other = register(reg, users, title="Muu kiri")
    forwarding = document_forward(
        actor=users["info"],
        document_id=forwarded.pk,
        to_user=users["second"],
        due=timezone.localdate() + timedelta(days=2),
        note="Palun vasta",
    )
    client = as_("second")
    mine = client.get("/registry/mine/").content.decode()
    assert "Edastatud nõue" in mine and "Muu kiri" not in mine
    assert client.get(f"/registry/{forwarded.pk}/").status_code == 200
    assert client.get(f"/registry/{other.pk}/").status_code == 404
    assert "Edastatud nõue" in client.get("/").content.decode()
    upload = SimpleUploadedFile("vastus.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/registry/forwardings/{forwarding.pk}/reply/",
        {"title": "Vastus", "channel": "email", "file": upload},
    )
    assert response.status_code == 302
    forwarded.refresh_from_db()
    forwarding.refresh_from_db()
    assert forwarded.state == State.ANSWERED and forwarding.state == "replied"
    assert forwarding.reply.files.get().name == "vastus.pdf"
    # Registering on their own is not theirs.
    assert client.get("/registry/incoming/").status_code == 403


def test_forward_without_a_target_is_refused_on_the_page(as_, reg, users):
    doc = register(reg, users)
    response = as_("info").post(f"/registry/{doc.pk}/forward/", {"due": timezone.localdate().isoformat()})
    assert response.status_code == 422
    assert "Choose a unit or a person" in response.content.decode()
    assert not Forwarding.objects.exists()


def test_extension_refused_without_a_reason_on_the_page(as_, reg, users):
    doc = register(reg, users, type_code="teabenoue")
    response = as_("info").post(f"/registry/{doc.pk}/extend/", {"version": doc.version, "reason": ""})
    assert response.status_code == 422 and "reason" in response.content.decode()
    done = as_("info").post(f"/registry/{doc.pk}/extend/", {"version": doc.version, "reason": "Mahukas"})
    assert done.status_code == 302
    doc.refresh_from_db()
    assert doc.extended_at is not None


def test_the_outsider_is_refused(as_, reg, users):
    doc = register(reg, users)
    client = as_("outsider")
    for url in ("/registry/", "/registry/mine/", f"/registry/{doc.pk}/", "/registry/incoming/"):
        assert client.get(url).status_code == 403


# --- the API ----------------------------------------------------------------------------------


def _api(client, users, role="info"):
    from teenindus.accounts.services import api_token_create

    _token, raw = api_token_create(actor=users[role], user=users[role], name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_api_registers_lists_and_gets(client, reg, users):
    auth = _api(client, users)
    body = {
        "series_id": reg["requests"].pk,
        "doc_type_id": reg["types"]["teabenoue"].pk,
        "direction": "in",
        "title": "API kaudu",
        "received_on": timezone.localdate().isoformat(),
        "channel": "portal",
        "party_customer_id": reg["company"].pk,
    }
    created = client.post("/api/v1/registry", body, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["number"].startswith("7-1/") and data["deadline"] and data["party_name"] == "Metsatöö OÜ"
    listed = client.get("/api/v1/registry?direction=in", **auth).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == data["id"]
    assert client.get(f"/api/v1/registry/{data['id']}", **auth).json()["title"] == "API kaudu"
    bad = client.post(
        "/api/v1/registry",
        {**body, "access": "ak", "ak_until": "2099-01-01"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and bad.json()["field"] == "ak_basis"
    stale = client.post(
        f"/api/v1/registry/{data['id']}/access",
        {"version": 0, "access": "public"},
        content_type="application/json",
        **auth,
    )
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    assert Document.objects.count() == 1


def test_the_api_refuses_an_agent_registering(client, reg, users):
    auth = _api(client, users, "agent")
    response = client.post("/api/v1/registry", {}, content_type="application/json", **auth)
    assert response.status_code == 403 and "detail" in response.json()


def test_every_access_log_row_of_the_register_reads_in_words(as_, reg, users):
    from teenindus.audit.labels import ACTION_LABELS, page_title

    doc = register(reg, users, party_customer=reg["person"], party_name="", responsible_user=users["info"])
    document_forward(
        actor=users["info"], document_id=doc.pk, to_user=users["second"], due=timezone.localdate()
    )
    register(
        reg,
        users,
        type_code="vastus",
        direction="out",
        reply_to=doc,
        party_customer=reg["person"],
        party_name="",
    )
    client = as_("info")
    for url in (
        "/registry/",
        f"/registry/{doc.pk}/",
        "/registry/mine/",
        f"/registry/incoming/?customer={reg['person'].pk}",
    ):
        assert client.get(url).status_code == 200
    forwarding = Forwarding.objects.get()
    second = as_("second")
    assert second.get(f"/registry/forwardings/{forwarding.pk}/reply/").status_code == 200
    assert second.get("/registry/mine/").status_code == 200
    rows = AccessLog.objects.filter(customer=reg["person"])
    assert {r.action for r in rows} >= {
        "documents",
        "document",
        "document_links",
        "documents_due",
        "forwarding",
    }
    for row in rows:
        assert row.action in ACTION_LABELS, row.action
        assert page_title(row.view) != row.view, row.view
