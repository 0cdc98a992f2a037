"""Registering documents: numbers, deadlines, the late flag, restrictions, replies, search words."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from teenindus.audit.models import ChangeEvent
from teenindus.core.exceptions import ValidationFailed
from teenindus.core.worktime import calendar_load
from teenindus.registry.models import Document, DocumentFile, DocumentLink, Series
from teenindus.registry.moves import State
from teenindus.registry.numbering import number_format, pattern_check
from teenindus.registry.search import document_index, stem_words
from teenindus.registry.tests.helpers import PDF, register, zip_bytes

pytestmark = pytest.mark.django_db


def test_numbers_follow_the_series_pattern_and_count_per_series(reg, users):
    year = timezone.localdate().year
    first = register(reg, users)
    second = register(reg, users)
    request = register(reg, users, type_code="teabenoue", series="requests")
    certificate = register(reg, users, type_code="toend", series="certificates", direction="out")
    assert (first.number, second.number) == (f"1-2/{year}/1", f"1-2/{year}/2")
    assert request.number == f"7-1/{year}/0001"
    assert certificate.number == "T-1"
    assert ChangeEvent.objects.filter(entity="registry.Document", event="document.registered").count() == 4


@pytest.mark.parametrize(
    "pattern", ["{series}/{year}", "{series}/{yr}/{seq}", "{seq", "{seq:x}", "{seq!r}", "{series:4}/{seq}"]
)
def test_a_wrong_registration_pattern_is_refused(pattern):
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        pattern_check(pattern)
    assert caught.value.field == "pattern"
    assert "wrong registration pattern" in caught.value.message.lower()


def test_a_good_pattern_numbers_with_zero_padding():
    pattern_check("{series}-{seq:5}/{year}")
    assert number_format("{series}-{seq:5}/{year}", series="9-3", year=2026, seq=42) == "9-3-00042/2026"


def test_the_series_form_refuses_a_wrong_pattern(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        Series(code="3-1", name="X", pattern="{series}/{year}").full_clean()
    assert "pattern" in caught.value.message_dict


def test_deadlines_come_from_the_type(reg, users):
    cal = calendar_load()
    today = timezone.localdate()
    request = register(reg, users, type_code="teabenoue", series="requests")
    received = today - timedelta(days=1)
    memo = register(reg, users, type_code="margukiri", received_on=received)
    letter = register(reg, users)
    given = register(reg, users, type_code="teabenoue", deadline=today + timedelta(days=40))
    assert request.deadline == cal.add_working_days(today, 5)
    assert memo.deadline == received + timedelta(days=30)
    assert letter.deadline is None
    assert given.deadline == today + timedelta(days=40)
    assert request.state == letter.state == State.OPEN


def test_an_outgoing_document_has_no_deadline_and_waits_for_nothing(reg, users):
    out = register(reg, users, type_code="kiri", direction="out")
    assert out.deadline is None and out.state == State.CLOSED


def test_registering_after_the_next_working_day_is_flagged_late(reg, users):
    cal = calendar_load()
    today = timezone.localdate()
    on_time = register(reg, users, received_on=today)
    # The latest receipt date whose next working day is before today.
    received = today - timedelta(days=1)
    while cal.add_working_days(received, 1) >= today:
        received -= timedelta(days=1)
    late = register(reg, users, received_on=received)
    day_before = today - timedelta(days=1)
    yesterday = register(reg, users, received_on=day_before)
    assert not on_time.registered_late
    assert late.registered_late
    assert yesterday.registered_late is (cal.add_working_days(day_before, 1) < today)


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"access": "ak", "ak_basis": "", "ak_until": date(2099, 1, 1)}, "ak_basis"),
        ({"access": "ak", "ak_basis": "AvTS § 35 lg 1 p 12", "ak_until": None}, "ak_until"),
        ({"access": "ak", "ak_basis": "AvTS § 35 lg 1 p 12", "ak_until": date(2000, 1, 1)}, "ak_until"),
        ({"title": "  "}, "title"),
        ({"party_name": ""}, "party_name"),
        ({"channel": "pigeon"}, "channel"),
        ({"received_on": date(2999, 1, 1)}, "received_on"),
        ({"party_email": "not-mail"}, "party_email"),
        ({"files": [("kiri.pdf", zip_bytes())]}, "file"),
        ({"responsible_unit": 987654}, "responsible_unit"),
        ({"responsible_user": 987654}, "responsible_user"),
        ({"party_customer": 987654}, "party_customer"),
        ({"reply_to": 987654}, "reply_to"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(reg, users, extra, field):
    with pytest.raises(ValidationFailed) as caught:
        register(reg, users, **extra)
    assert caught.value.field == field
    assert not Document.objects.exists()
    assert not DocumentFile.objects.exists()


def test_a_restricted_document_keeps_its_basis_and_end(reg, users):
    doc = register(reg, users, access="ak", ak_basis="AvTS § 35 lg 1 p 12", ak_until=date(2099, 12, 31))
    assert (doc.access, doc.ak_basis, doc.ak_until) == ("ak", "AvTS § 35 lg 1 p 12", date(2099, 12, 31))
    assert doc.is_restricted


def test_a_reply_is_linked_and_answers_the_request(reg, users):
    request = register(reg, users, type_code="teabenoue", series="requests")
    reply = register(
        reg, users, type_code="vastus", direction="out", reply_to=request, files=[("vastus.pdf", PDF)]
    )
    request.refresh_from_db()
    assert request.state == State.ANSWERED
    assert request.replied_on == reply.received_on
    assert DocumentLink.objects.get().from_document == reply
    stored = reply.files.get()
    assert (stored.name, stored.kind, stored.version, bytes(stored.content)) == (
        "vastus.pdf",
        "application/pdf",
        1,
        PDF,
    )


def test_a_customer_party_takes_the_customers_kind(reg, users):
    from_person = register(reg, users, party_customer=reg["person"], party_name="", party_is_person=False)
    from_company = register(reg, users, party_customer=reg["company"], party_name="")
    assert from_person.party_is_person and from_person.party_name == ""
    assert not from_company.party_is_person


def test_public_search_words_show_a_private_person_only_by_initials(reg, users):
    person = register(reg, users, title="Kaebus naabri kohta", party_name="Mari Tamm", party_is_person=True)
    company = register(reg, users, party_customer=reg["company"], party_name="")
    assert " m t " in person.public_stems
    assert "tamm" not in person.public_stems and "mari" not in person.public_stems
    assert set(stem_words("Metsatöö")) <= set(company.public_stems.split())
    assert set(stem_words("Kaebus naabri")) <= set(person.title_stems.split())
    assert "kaebus" not in person.public_stems
    assert person.number.split("/")[-1] in person.public_stems.split()
    saved = Document.objects.get(pk=person.pk)
    document_index(saved)
    assert saved.public_stems == person.public_stems
