"""Defects found clicking through the register and the issued papers: numbering patterns that
repeat numbers, a document with a deadline that nobody answers for, Estonian labels (a document's
title is not a job title; outgoing documents have no sender), a ticket from a document with the
category's details, refusals said on the page, the demo's series."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from teenindus.core.exceptions import ConflictError, ValidationFailed
from teenindus.papers.defaults import paper_templates_ensure
from teenindus.papers.models import PaperTemplate
from teenindus.registry.models import Document, Series
from teenindus.registry.numbering import pattern_check
from teenindus.registry.services.forwarding import document_forward
from teenindus.registry.services.to_ticket import document_to_ticket
from teenindus.registry.services.work import document_extend
from teenindus.registry.tests.helpers import register
from teenindus.tickets.models import Category, SupportGroup, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(client, users):
    def sign_in(key, language="en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.force_login(users[key])
        return client

    return sign_in


# ---- 1. numbering patterns ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "missing"),
    [("{seq}", "{series}, {year}"), ("{series}/{seq}", "{year}"), ("{year}-{seq:4}", "{series}")],
)
def test_a_pattern_without_series_or_year_is_refused_naming_what_is_missing(pattern, missing):
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        pattern_check(pattern)
    assert caught.value.field == "pattern"
    assert "wrong registration pattern" in caught.value.message.lower()
    assert f"{missing} missing" in caught.value.message


def test_the_series_admin_refuses_a_pattern_that_would_repeat_numbers(db):
    with pytest.raises(ValidationError) as caught:
        Series(code="3-1", name="Lepingud", pattern="{seq}").full_clean()
    assert "pattern" in caught.value.message_dict
    Series(code="3-1", name="Lepingud", pattern="{series}/{year}/{seq}").full_clean()


def test_a_number_taken_before_is_a_refusal_not_a_crash(reg, users, as_):
    # Old data: two series whose patterns (saved before the check) both give "1".
    first = Series.objects.create(code="3-1", name="Lepingud", pattern="{seq}")
    second = Series.objects.create(code="3-2", name="Aktid", pattern="{seq}")
    doc = _register_in(reg, users, first)
    assert doc.number == "1"
    with transaction.atomic():
        with translation.override("en"), pytest.raises(ConflictError) as caught:
            _register_in(reg, users, second)
        # The caller's transaction is still usable after the refusal.
        assert Document.objects.count() == 1
    assert "1" in caught.value.message and "already taken" in caught.value.message
    # On the page: 409 with the message, nothing saved.
    response = as_("info").post(
        "/registry/incoming/",
        {
            "series": second.pk,
            "doc_type": reg["types"]["kiri"].pk,
            "title": "Leping",
            "received_on": timezone.localdate().isoformat(),
            "channel": "post",
            "party_name": "Mari Tamm",
            "access": "public",
        },
    )
    assert response.status_code == 409
    assert "already taken" in response.content.decode()
    assert Document.objects.count() == 1


def _register_in(reg, users, series):
    from teenindus.registry.services.register import document_register

    return document_register(
        actor=users["info"],
        series=series,
        doc_type=reg["types"]["kiri"],
        direction="in",
        title="Leping",
        received_on=timezone.localdate(),
        channel="post",
        party_name="Mari Tamm",
    )


# ---- 2. a deadline with nobody responsible ----------------------------------------------------


def test_a_document_with_a_deadline_and_nobody_responsible_is_the_registrars(reg, users, as_):
    client = as_("info")
    response = client.post(
        "/registry/incoming/",
        {
            "series": reg["requests"].pk,
            "doc_type": reg["types"]["teabenoue"].pk,
            "title": "Teabenõue ilma vastutajata",
            "received_on": timezone.localdate().isoformat(),
            "channel": "email",
            "party_name": "Mari Tamm",
            "access": "public",
        },
    )
    assert response.status_code == 302
    doc = Document.objects.get(title="Teabenõue ilma vastutajata")
    assert doc.deadline is not None
    assert doc.responsible_user == users["info"] and doc.responsible_unit is None
    Document.objects.filter(pk=doc.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    assert "Teabenõue ilma vastutajata" in client.get("/registry/mine/").content.decode()
    assert "Teabenõue ilma vastutajata" in client.get("/").content.decode()
    # Without a deadline, or with someone responsible, nothing is added.
    letter = register(reg, users, title="Kiri")
    given = register(reg, users, type_code="teabenoue", responsible_unit=reg["other"])
    assert letter.deadline is None and letter.responsible_user is None
    assert given.responsible_unit == reg["other"] and given.responsible_user is None


# ---- 3. Estonian ------------------------------------------------------------------------------


class _Texts(HTMLParser):
    """The visible text of a page, a node at a time."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def _texts(client, url: str, language: str) -> tuple[int, list[str]]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    parser = _Texts()
    parser.feed(response.content.decode())
    return response.status_code, parser.texts


ENGLISH = re.compile(
    r"\b(the|and|of|to|is|Title|Document|type|Date|Sender|Recipient|Deadline|Reply|Save|Register|"
    r"File|Series|Responsible|Received|Sent|Channel|Access|Kind|Language|Name|Code)\b"
)


def test_register_and_papers_pages_read_in_estonian(reg, users, as_):
    paper_templates_ensure()
    template = PaperTemplate.objects.get(code="toend-pension", language="et")
    request = register(reg, users, type_code="teabenoue", party_customer=reg["person"], party_name="")
    reply = register(reg, users, type_code="vastus", direction="out", title="Vastus")
    document_forward(
        actor=users["info"], document_id=request.pk, to_user=users["second"], due=timezone.localdate()
    )
    english_data = set(PaperTemplate.objects.filter(language="en").values_list("name", flat=True))
    urls = [
        "/registry/",
        "/registry/mine/",
        "/registry/incoming/",
        "/registry/outgoing/",
        f"/registry/{request.pk}/",
        f"/registry/{request.pk}/edit/",
        f"/registry/{reply.pk}/",
        f"/registry/{reply.pk}/edit/",
        "/papers/templates/",
        f"/papers/templates/{template.pk}/",
        "/papers/templates/new/",
        f"/papers/issue/?customer={reg['person'].pk}",
    ]
    for who in ("info", "teamlead"):
        client = as_(who)
        for url in urls:
            if url.startswith("/papers/templates/") and who != "teamlead":
                continue  # the team lead's pages
            status, estonian = _texts(client, url, "et")
            _status, english = _texts(client, url, "en")
            assert status == 200, url
            left = [t for t in set(estonian) & set(english) if ENGLISH.search(t) and t not in english_data]
            assert not left, (who, url, left)
            assert "Ametinimetus" not in estonian, url
    client = as_("info", "et")
    assert "Pealkiri" in _texts(client, "/registry/incoming/", "et")[1]
    assert "Pealkiri" in _texts(client, "/registry/", "et")[1]
    lead = as_("teamlead", "et")
    assert "Dokumendi liik" in _texts(lead, "/papers/templates/", "et")[1]
    assert "Dokumendi liik" in _texts(lead, "/papers/templates/new/", "et")[1]
    client = as_("info", "et")
    outgoing = _texts(client, "/registry/outgoing/", "et")[1]
    incoming = _texts(client, "/registry/incoming/", "et")[1]
    assert "Saatja kuupäev" in incoming and "Vastamise tähtaeg" in incoming
    assert not {"Saatja kuupäev", "Saatja viit", "Vastamise tähtaeg"} & set(outgoing)
    assert {"Saaja kuupäev", "Saaja viit", "Vastust oodatakse hiljemalt"} <= set(outgoing)
    reply_page = _texts(client, f"/registry/{reply.pk}/", "et")[1]
    assert "Saaja kuupäev ja viit" in reply_page and "Saatja kuupäev ja viit" not in reply_page


# ---- 4. a ticket with the category's details ----------------------------------------------------


@pytest.fixture
def it_category(db):
    group = SupportGroup.objects.create(name="IT-tugi", code="it")
    return Category.objects.create(
        group=group, name="IT- või riistvaraprobleem", code="it-problem", required_fields=["device"]
    )


def test_a_ticket_from_a_document_carries_the_categorys_details(reg, users, as_, it_category):
    doc = register(reg, users, title="Arvuti ei käivitu")
    client = as_("info")
    page = client.get(f"/registry/{doc.pk}/").content.decode()
    assert 'name="details_device"' in page
    refused = client.post(
        f"/registry/{doc.pk}/ticket/", {"category": it_category.pk, "priority": "normal", "description": ""}
    )
    assert refused.status_code == 422 and "Device is required" in refused.content.decode()
    assert not Ticket.objects.exists()
    done = client.post(
        f"/registry/{doc.pk}/ticket/",
        {"category": it_category.pk, "priority": "normal", "description": "", "details_device": "INV-42"},
    )
    assert done.status_code == 302
    doc.refresh_from_db()
    assert doc.ticket.details == {"device": "INV-42"} and doc.ticket.category == it_category


# ---- 5. a refusal is said on the page ---------------------------------------------------------


def test_a_second_ticket_is_refused_with_the_reason_on_the_page(reg, users, as_, it_category):
    doc = register(reg, users)
    document_to_ticket(
        actor=users["teamlead"],
        document_id=doc.pk,
        group=it_category.group,
        category=it_category,
        details={"device": "INV-1"},
    )
    response = as_("info").post(
        f"/registry/{doc.pk}/ticket/",
        {"category": it_category.pk, "priority": "normal", "details_device": "INV-2"},
    )
    assert response.status_code == 409
    assert "This document already has a ticket." in response.content.decode()
    assert Ticket.objects.count() == 1


def test_a_second_extension_is_refused_with_the_reason_on_the_page(reg, users, as_):
    doc = register(reg, users, type_code="teabenoue", party_email="mari@example.ee")
    stale = doc.version
    document_extend(actor=users["teamlead"], document_id=doc.pk, version=stale, reason="Mahukas")
    response = as_("info").post(f"/registry/{doc.pk}/extend/", {"version": stale, "reason": "Veel"})
    assert response.status_code == 409
    text = response.content.decode()
    assert 'class="messages"' in text and 'class="error"' in text
    doc.refresh_from_db()
    assert doc.extension_reason == "Mahukas"
