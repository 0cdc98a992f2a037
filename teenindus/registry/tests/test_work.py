"""Working registered documents: the extension of an information request, files in versions,
edits with a stale form, restriction, closing, forwarding and the reply, a ticket from a document."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from teenindus.core.exceptions import (
    ConcurrentEditError,
    ConflictError,
    NotFound,
    PermissionDeniedError,
    ValidationFailed,
)
from teenindus.core.models import OutboxMail
from teenindus.core.worktime import WorkCalendar, calendar_load
from teenindus.registry.deadlines import deadline_for, extension_limit, registration_due
from teenindus.registry.models import Document, DocumentFile, DocumentLink, Forwarding
from teenindus.registry.moves import State
from teenindus.registry.services.files import document_file_add
from teenindus.registry.services.forwarding import document_forward, forwarding_close, forwarding_reply
from teenindus.registry.services.to_ticket import document_to_ticket
from teenindus.registry.services.work import (
    document_extend,
    document_move,
    document_restrict,
    document_update,
)
from teenindus.registry.tests.helpers import PDF, PNG, register, zip_bytes
from teenindus.tickets.models import Category, SupportGroup

pytestmark = pytest.mark.django_db


# ---- the calendar: weekends and Estonian holidays --------------------------------------------


@pytest.mark.parametrize(
    "registered,five,fifteen",
    [
        # Friday before Independence Day (Tue 24.02 is a holiday; Mon 23.02 is a short working day).
        (date(2026, 2, 20), date(2026, 3, 2), date(2026, 3, 16)),
        # Christmas (24-26.12) and New Year's Day (Fri 1.1.2027), weekends between.
        (date(2026, 12, 23), date(2027, 1, 4), date(2027, 1, 18)),
        # Easter: Good Friday 3.4.2026 is a holiday, Easter Monday is not.
        (date(2026, 4, 1), date(2026, 4, 9), date(2026, 4, 23)),
        # A Saturday: the days count from Monday.
        (date(2026, 3, 7), date(2026, 3, 13), date(2026, 3, 27)),
    ],
)
def test_information_request_deadlines_skip_weekends_and_holidays(reg, registered, five, fifteen):
    cal = WorkCalendar()
    request = reg["types"]["teabenoue"]
    assert deadline_for(request, registered_on=registered, received_on=registered, cal=cal) == five
    assert extension_limit(request, registered_on=registered, cal=cal) == five
    assert cal.add_working_days(registered, request.extendable_to) == fifteen


def test_a_memorandum_is_due_in_30_calendar_days_whatever_the_holidays(reg):
    cal = WorkCalendar()
    memo = reg["types"]["margukiri"]
    assert deadline_for(
        memo, registered_on=date(2026, 12, 28), received_on=date(2026, 12, 23), cal=cal
    ) == date(2027, 1, 22)


def test_registration_is_due_the_next_working_day():
    cal = WorkCalendar()
    assert registration_due(date(2026, 12, 23), cal=cal) == date(2026, 12, 28)  # Wed → Mon after Christmas
    assert registration_due(date(2026, 2, 23), cal=cal) == date(2026, 2, 25)  # 24.02 is a holiday
    assert registration_due(date(2026, 3, 6), cal=cal) == date(2026, 3, 9)  # Friday → Monday


# ---- the extension ---------------------------------------------------------------------------


def _registered_days_ago(doc: Document, working_days: int) -> Document:
    """Move the document's registration back so that today is its `working_days`-th working day
    after it (or later, when today is a day off)."""
    cal = calendar_load()
    today = timezone.localdate()
    day = today - timedelta(days=1)
    while cal.add_working_days(day, working_days - 1) >= today:
        day -= timedelta(days=1)
    Document.objects.filter(pk=doc.pk).update(
        registered_at=timezone.make_aware(
            timezone.datetime.combine(day, timezone.datetime.min.time()).replace(hour=10)
        )
    )
    doc.refresh_from_db()
    return doc


def test_an_information_request_is_extended_to_15_working_days_with_a_notice(
    reg, users, django_capture_on_commit_callbacks
):
    request = register(
        reg, users, type_code="teabenoue", series="requests", party_email="mari@example.ee", title="Andmed"
    )
    with django_capture_on_commit_callbacks(execute=False):
        extended = document_extend(
            actor=users["info"], document_id=request.pk, version=request.version, reason="Palju andmeid"
        )
    cal = calendar_load()
    assert extended.deadline == cal.add_working_days(timezone.localdate(), 15)
    assert extended.extension_reason == "Palju andmeid" and extended.extended_by == users["info"]
    link = DocumentLink.objects.get(to_document=request)
    assert link.kind == "notice"
    notice = link.from_document
    assert (notice.direction, notice.doc_type.code, notice.party_name) == ("out", "teatis", "Mari Tamm")
    mail = OutboxMail.objects.get()
    assert mail.to == "mari@example.ee"
    assert "Palju andmeid" in mail.body and request.number in mail.subject
    assert extended.deadline.strftime("%d.%m.%Y") in mail.body
    request.refresh_from_db()
    assert request.state == State.OPEN  # a notice is not the answer


def test_the_extension_notice_goes_to_the_customers_e_mail(reg, users, django_capture_on_commit_callbacks):
    from teenindus.customers.services import contact_point_add

    contact_point_add(actor=users["admin"], customer=reg["company"], kind="email", value="info@metsatoo.ee")
    request = register(
        reg, users, type_code="teabenoue", series="requests", party_customer=reg["company"], party_name=""
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document_extend(
            actor=users["info"], document_id=request.pk, version=request.version, reason="Mahukas"
        )
    assert OutboxMail.objects.get().to == "info@metsatoo.ee"
    assert callbacks  # the delivery is enqueued after the commit
    notice = DocumentLink.objects.get(to_document=request).from_document
    assert notice.channel == "email" and notice.party_customer == reg["company"]


def test_an_extension_on_the_fifth_working_day_is_allowed(reg, users):
    request = _registered_days_ago(register(reg, users, type_code="teabenoue", series="requests"), 5)
    extended = document_extend(
        actor=users["info"], document_id=request.pk, version=request.version, reason="Mahukas"
    )
    assert extended.extended_at is not None
    assert not OutboxMail.objects.exists()  # no e-mail known: the notice goes by post


def test_an_extension_on_the_sixth_working_day_is_refused(reg, users):
    request = _registered_days_ago(register(reg, users, type_code="teabenoue", series="requests"), 6)
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        document_extend(
            actor=users["info"], document_id=request.pk, version=request.version, reason="Mahukas"
        )
    assert "first 5 working days" in caught.value.message
    assert Document.objects.count() == 1
    request.refresh_from_db()
    assert request.extended_at is None


def test_an_extension_needs_a_reason_an_extendable_type_and_happens_once(reg, users):
    request = register(reg, users, type_code="teabenoue", series="requests")
    with pytest.raises(ValidationFailed) as caught:
        document_extend(actor=users["info"], document_id=request.pk, version=request.version, reason="  ")
    assert caught.value.field == "reason"
    letter = register(reg, users, type_code="margukiri")
    with pytest.raises(ValidationFailed):
        document_extend(actor=users["info"], document_id=letter.pk, version=letter.version, reason="Miks")
    done = document_extend(
        actor=users["info"], document_id=request.pk, version=request.version, reason="Mahukas"
    )
    with pytest.raises(ConflictError):
        document_extend(actor=users["info"], document_id=request.pk, version=done.version, reason="Veel")
    with pytest.raises(PermissionDeniedError):
        document_extend(actor=users["agent"], document_id=request.pk, version=done.version, reason="Veel")
    assert Document.objects.count() == 3  # the two registered and one notice


# ---- files -----------------------------------------------------------------------------------


def test_a_file_of_the_same_name_is_a_new_version_and_the_old_stays(reg, users):
    doc = register(reg, users, files=[("kiri.pdf", PDF)])
    second_pdf = PDF.replace(b"Teabenoue", b"Parandatud")
    v2 = document_file_add(actor=users["info"], document_id=doc.pk, name="kiri.pdf", data=second_pdf)
    image = document_file_add(
        actor=users["info"], document_id=doc.pk, name="scan.png", data=PNG, is_public=True
    )
    files = list(DocumentFile.objects.filter(document=doc, name="kiri.pdf").order_by("version"))
    assert [f.version for f in files] == [1, 2]
    assert bytes(files[0].content) == PDF and bytes(files[1].content) == second_pdf
    assert v2.replaces == files[0] and files[0].sha256 != files[1].sha256
    assert (image.kind, image.version, image.is_public) == ("image/png", 1, True)


@pytest.mark.parametrize(
    "name,data",
    [("kiri.pdf", zip_bytes()), ("kiri.png", PDF), ("kiri.txt", b"plain text"), ("tyhi.pdf", b"")],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(reg, users, name, data):
    doc = register(reg, users)
    with pytest.raises(ValidationFailed) as caught:
        document_file_add(actor=users["info"], document_id=doc.pk, name=name, data=data)
    assert caught.value.field == "file"
    assert not DocumentFile.objects.exists()


def test_a_file_over_the_size_limit_is_refused(reg, users, settings):
    settings.REGISTRY_FILE_MAX_BYTES = 100
    doc = register(reg, users)
    with pytest.raises(ValidationFailed):
        document_file_add(actor=users["info"], document_id=doc.pk, name="kiri.pdf", data=PDF)


# ---- edits, restriction, moves ---------------------------------------------------------------


def _update(doc, users, **extra):
    values = {
        "title": doc.title,
        "party_name": doc.party_name,
        "party_is_person": doc.party_is_person,
        "channel": doc.channel,
        "deadline": doc.deadline,
        **extra,
    }
    return document_update(actor=users["info"], document_id=doc.pk, version=doc.version, **values)


def test_a_stale_edit_is_refused_and_changes_nothing(reg, users):
    doc = register(reg, users)
    first = _update(doc, users, title="Uus pealkiri")
    with pytest.raises(ConcurrentEditError) as caught:
        _update(doc, users, title="Vana vormi pealkiri")
    assert caught.value.status_code == 409
    doc.refresh_from_db()
    assert doc.title == "Uus pealkiri" and doc.version == first.version
    assert "uu" in doc.title_stems or "uus" in doc.title_stems


def test_a_restriction_needs_its_basis_and_end_date(reg, users):
    doc = register(reg, users)
    for extra in ({"ak_basis": "", "ak_until": date(2099, 1, 1)}, {"ak_basis": "AvTS § 35 lg 1 p 12"}):
        with pytest.raises(ValidationFailed):
            document_restrict(
                actor=users["info"], document_id=doc.pk, version=doc.version, access="ak", **extra
            )
    doc.refresh_from_db()
    assert doc.access == "public" and doc.version == 1
    done = document_restrict(
        actor=users["info"],
        document_id=doc.pk,
        version=doc.version,
        access="ak",
        ak_basis="AvTS § 35 lg 1 p 12",
        ak_until=date(2099, 1, 1),
    )
    assert done.is_restricted
    with pytest.raises(ConcurrentEditError):
        document_restrict(actor=users["info"], document_id=doc.pk, version=doc.version, access="public")
    public = document_restrict(actor=users["info"], document_id=doc.pk, version=done.version, access="public")
    assert (public.access, public.ak_basis, public.ak_until) == ("public", "", None)


def test_close_and_reopen_follow_the_table(reg, users):
    doc = register(reg, users)
    closed = document_move(actor=users["info"], document_id=doc.pk, version=doc.version, move="close")
    assert closed.state == State.CLOSED and closed.closed_at is not None
    with pytest.raises(ConflictError):
        document_move(actor=users["info"], document_id=doc.pk, version=closed.version, move="close")
    reopened = document_move(actor=users["info"], document_id=doc.pk, version=closed.version, move="reopen")
    assert reopened.state == State.OPEN and reopened.closed_at is None


# ---- forwarding ------------------------------------------------------------------------------


def test_forwarding_needs_a_target_and_a_due_date(reg, users):
    doc = register(reg, users)
    due = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationFailed) as caught:
        document_forward(actor=users["info"], document_id=doc.pk, due=due, note="Palun vasta")
    assert caught.value.field == "to_unit"
    with pytest.raises(ValidationFailed) as caught:
        document_forward(actor=users["info"], document_id=doc.pk, to_user=users["second"], due=None)
    assert caught.value.field == "due"
    assert not Forwarding.objects.exists()


def test_the_forwarded_person_replies_and_the_request_is_answered(reg, users):
    request = register(
        reg, users, type_code="teabenoue", series="requests", party_customer=reg["company"], party_name=""
    )
    due = timezone.localdate() + timedelta(days=3)
    forwarding = document_forward(
        actor=users["info"], document_id=request.pk, to_user=users["second"], due=due, note="Palun vasta"
    )
    request.refresh_from_db()
    assert request.responsible_user == users["second"]
    with pytest.raises(NotFound):  # an agent is neither the target nor one who changes documents
        forwarding_close(actor=users["agent"], forwarding_id=forwarding.pk)
    reply = forwarding_reply(
        actor=users["second"],
        forwarding_id=forwarding.pk,
        title="Vastus teabenõudele",
        files=[("vastus.pdf", PDF)],
    )
    forwarding.refresh_from_db()
    request.refresh_from_db()
    assert (
        forwarding.state == "replied"
        and forwarding.reply == reply
        and forwarding.closed_by == users["second"]
    )
    assert request.state == State.ANSWERED and request.replied_on == timezone.localdate()
    assert (reply.direction, reply.doc_type.code, reply.party_customer) == ("out", "vastus", reg["company"])
    with pytest.raises(ConflictError):
        forwarding_close(actor=users["second"], forwarding_id=forwarding.pk)


def test_a_unit_member_closes_a_forwarding_to_the_unit(reg, users):
    doc = register(reg, users)
    forwarding = document_forward(
        actor=users["info"], document_id=doc.pk, to_unit=reg["other"], due=timezone.localdate(), note=""
    )
    closed = forwarding_close(
        actor=users["second"], forwarding_id=forwarding.pk, note="Lahendatud telefonitsi"
    )
    assert closed.state == "closed" and "telefonitsi" in closed.note


# ---- a ticket from a document ----------------------------------------------------------------


def test_a_document_becomes_a_ticket_in_one_step(reg, users):
    group = SupportGroup.objects.create(name="Load", code="load")
    category = Category.objects.create(group=group, name="Üldküsimus", code="yld")
    doc = register(reg, users, party_customer=reg["person"], party_name="", title="Loa pikendamine")
    done = document_to_ticket(actor=users["info"], document_id=doc.pk, group=group, category=category)
    ticket = done.ticket
    assert (
        ticket.customer == reg["person"] and doc.number in ticket.summary and doc.number in ticket.description
    )
    assert ticket.owner == users["info"]
    with pytest.raises(ConflictError):
        document_to_ticket(actor=users["info"], document_id=doc.pk, group=group, category=category)


def test_a_unit_forwarding_is_listed_only_for_those_who_may_answer_it(reg, users):
    """An agent of the unit reads the register but may not answer forwardings: "my documents" and
    the start page must not offer them a reply link that then answers 404 (found by a click-through)."""
    from conftest import make_user
    from teenindus.accounts import roles
    from teenindus.audit.context import AccessContext
    from teenindus.registry.selectors import documents_due_mine
    from teenindus.registry.tests.conftest import staff

    agent = make_user("unit_agent", roles.AGENT)
    staff(agent, "Aili", "Agent", reg["second"].employments.get().position, "aili@x.ee")
    doc = register(reg, users)
    forwarding = document_forward(
        actor=users["info"], document_id=doc.pk, to_unit=reg["other"], due=timezone.localdate(), note=""
    )

    def mine(user):
        return documents_due_mine(ctx=AccessContext(actor=user, view="test", purpose="test")).forwardings

    assert mine(users["second"]) == [forwarding]  # the specialist of the unit answers it
    assert mine(agent) == []  # the agent of the same unit may not: not listed
    with pytest.raises(NotFound):
        forwarding_close(actor=agent, forwarding_id=forwarding.pk)
