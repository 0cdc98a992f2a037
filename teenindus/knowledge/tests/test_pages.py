"""The knowledge base's pages by role, bad input, versions and their comparison, search, the
desktop's guides, links from contacts, drafts from contacts and tickets, the review flag."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog
from teenindus.contacts.services import contact_record
from teenindus.core.exceptions import ConcurrentEditError, PermissionDeniedError, ValidationFailed
from teenindus.knowledge import selectors, services
from teenindus.knowledge.formatting import render_body
from teenindus.knowledge.models import Guide, GuideAttachment, GuideStatus, GuideUse, GuideVersion
from teenindus.tickets.models import Ticket
from teenindus.tickets.services.lifecycle import ticket_create
from teenindus.tickets.tests.fixtures import dept, staff  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

BODY = "Lapsetoetust makstakse **20. kuupäeval**. Vaata [ameti lehte](https://www.sotsiaalkindlustusamet.ee)."
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _guide(users, topic=None, queue=None, *, publish=True, title="Lapsetoetuse maksmine", body=BODY, **extra):
    guide = services.guide_create(
        actor=users["teamlead"],
        title=title,
        body=body,
        topics=[topic] if topic else [],
        queues=[queue] if queue else [],
        **extra,
    )
    if publish:
        services.guide_move(actor=users["teamlead"], guide_id=guide.pk, move="publish")
    guide.refresh_from_db()
    return guide


def _edit_data(guide, **changes):
    data = {"title": guide.title, "body": BODY, "version": guide.current_number, "note": ""}
    data.update(changes)
    return data


# --- who reads and who writes ------------------------------------------------------------------


def test_an_agent_reads_published_guides_and_cannot_write(client_for, users, topic):
    guide = _guide(users, topic)
    draft = _guide(users, topic, publish=False, title="Lapsetoetuse mustand")
    client = client_for("agent")
    page = client.get(reverse("knowledge:list"))
    assert page.status_code == 200
    assert guide.title in page.content.decode() and draft.title not in page.content.decode()
    detail = client.get(reverse("knowledge:detail", args=[guide.pk]))
    assert detail.status_code == 200 and b"<strong>20. kuup\xc3\xa4eval</strong>" in detail.content
    assert client.get(reverse("knowledge:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("knowledge:new")).status_code == 403
    assert client.post(reverse("knowledge:new"), {"title": "X", "body": "y"}).status_code == 403
    assert client.get(reverse("knowledge:edit", args=[guide.pk])).status_code == 403
    assert client.post(reverse("knowledge:move", args=[guide.pk, "archive"])).status_code == 403
    assert Guide.objects.count() == 2


@pytest.mark.parametrize("role", ["info", "manager", "senior", "second"])
def test_everyone_in_customer_service_reads_guides(client_for, users, topic, role):
    guide = _guide(users, topic)
    assert client_for(role).get(reverse("knowledge:detail", args=[guide.pk])).status_code == 200


def test_an_outsider_and_hr_see_no_guide(client_for, users, topic):
    guide = _guide(users, topic)
    for role in ("outsider", "hr"):
        assert client_for(role).get(reverse("knowledge:list")).status_code == 403
        assert client_for(role).get(reverse("knowledge:detail", args=[guide.pk])).status_code == 403


def test_a_lead_writes_a_guide_publishes_and_edits_it_as_a_new_version(client_for, users, topic, queue):
    client = client_for("teamlead")
    response = client.post(
        reverse("knowledge:new"),
        {"title": "Lapsetoetuse maksmine", "body": BODY, "topics": [topic.pk], "queues": [queue.pk]},
    )
    guide = Guide.objects.get()
    assert response.status_code == 302 and guide.status == GuideStatus.DRAFT
    assert guide.owner == users["teamlead"] and list(guide.topics.all()) == [topic]
    client.post(reverse("knowledge:move", args=[guide.pk, "publish"]))
    guide.refresh_from_db()
    assert guide.status == GuideStatus.PUBLISHED and guide.published_at
    response = client.post(
        reverse("knowledge:edit", args=[guide.pk]),
        _edit_data(guide, body=BODY + "\n\nUus lõik.", note="Lisatud lõik", topics=[topic.pk]),
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.current_number == 2
    assert list(guide.versions.values_list("number", flat=True).order_by("number")) == [1, 2]
    assert guide.versions.get(number=1).body == BODY  # the old text is kept


def test_a_draft_is_its_owners_until_published(client_for, users, topic):
    draft = _guide(users, topic, publish=False)
    assert client_for("senior").get(reverse("knowledge:detail", args=[draft.pk])).status_code == 404
    assert client_for("teamlead").get(reverse("knowledge:detail", args=[draft.pk])).status_code == 200


# --- bad input ---------------------------------------------------------------------------------


def test_an_empty_title_is_refused_and_nothing_is_saved(en, users, topic):
    en.force_login(users["teamlead"])
    response = en.post(reverse("knowledge:new"), {"title": "   ", "body": "Tekst"})
    assert response.status_code == 400 and b"This field is required" in response.content
    assert not Guide.objects.exists()
    with pytest.raises(ValidationFailed):
        services.guide_create(actor=users["teamlead"], title="", body="x")


def test_a_stale_edit_is_refused_with_a_message_and_overwrites_nothing(en, users, topic):
    guide = _guide(users, topic)
    stale = guide.current_number
    services.guide_update(
        actor=users["senior"],
        guide_id=guide.pk,
        version=stale,
        title=guide.title,
        body="Vanemspetsialisti tekst",
    )
    en.force_login(users["teamlead"])
    response = en.post(
        reverse("knowledge:edit", args=[guide.pk]), _edit_data(guide, version=stale, body="Minu tekst")
    )
    assert response.status_code == 409
    assert b"Someone saved version 2 of this guide" in response.content
    guide.refresh_from_db()
    assert guide.current_number == 2
    assert selectors.guide_current(guide=guide).body == "Vanemspetsialisti tekst"
    with pytest.raises(ConcurrentEditError):
        services.guide_update(actor=users["teamlead"], guide_id=guide.pk, version=1, title="X", body="Y")


def test_an_attachment_that_is_not_what_it_says_is_refused_and_nothing_is_saved(en, users, topic):
    guide = _guide(users, topic)
    en.force_login(users["teamlead"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    disguised = SimpleUploadedFile("vorm.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    response = en.post(reverse("knowledge:attach", args=[guide.pk]), {"file": disguised})
    assert response.status_code == 422 and b"not accepted" in response.content
    png_named_pdf = SimpleUploadedFile("vorm.png", PDF)
    response = en.post(reverse("knowledge:attach", args=[guide.pk]), {"file": png_named_pdf})
    assert response.status_code == 422 and b"does not match its content" in response.content
    assert not GuideAttachment.objects.exists()
    good = SimpleUploadedFile("vorm.pdf", PDF)
    assert en.post(reverse("knowledge:attach", args=[guide.pk]), {"file": good}).status_code == 302
    attachment = GuideAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    download = en.get(reverse("knowledge:attachment", args=[guide.pk, attachment.pk]))
    assert download.status_code == 200 and download.content == PDF


def test_a_move_from_the_wrong_state_is_refused(users, topic):
    guide = _guide(users, topic)
    with pytest.raises(ValidationFailed):
        services.guide_move(actor=users["teamlead"], guide_id=guide.pk, move="publish")
    with pytest.raises(PermissionDeniedError):
        services.guide_move(actor=users["agent"], guide_id=guide.pk, move="archive")


def test_raw_html_and_script_links_never_reach_the_page(client_for, users, topic):
    body = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)> [y](https://a.ee)"
    guide = _guide(users, topic, body=body)
    html = client_for("agent").get(reverse("knowledge:detail", args=[guide.pk])).content.decode()
    assert "<script>alert" not in html and "<img" not in html and 'href="javascript' not in html
    assert '<a href="https://a.ee" rel="noopener noreferrer">y</a>' in str(render_body(body))


# --- versions compared -------------------------------------------------------------------------


def test_a_version_is_compared_with_the_one_before_words_marked(client_for, users, topic):
    guide = _guide(users, topic, body="Toetus makstakse 20. kuupäeval.")
    services.guide_update(
        actor=users["teamlead"],
        guide_id=guide.pk,
        version=1,
        title=guide.title,
        body="Toetus makstakse 25. kuupäeval.",
    )
    page = client_for("agent").get(reverse("knowledge:diff", args=[guide.pk, 2]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<del>20.</del>" in html and "<ins>25.</ins>" in html
    assert client_for("agent").get(reverse("knowledge:diff", args=[guide.pk, 9])).status_code == 404


# --- search ------------------------------------------------------------------------------------


def test_the_search_form_finds_a_guide_by_another_word_form_ranked(client_for, users, topic, other_topic):
    wanted = _guide(users, topic, title="Lapsetoetuse maksmine", body="Lapsetoetust makstakse igal kuul.")
    _guide(users, other_topic, title="Vanaduspension", body="Pensioni taotlemine. Vaata ka lapsetoetust.")
    _guide(users, other_topic, title="Puude raskusaste", body="Ekspertiis.")
    page = client_for("agent").get(reverse("knowledge:list"), {"q": "lapsetoetusi"})
    rows = page.context["guides"]
    assert page.status_code == 200 and [g.title for g in rows][:2] == [wanted.title, "Vanaduspension"]
    assert len(rows) == 2


def test_the_search_filters_by_topic_queue_and_status(client_for, users, topic, other_topic, queue):
    in_queue = _guide(users, topic, queue, title="Lapsetoetuse maksmine")
    _guide(users, other_topic, title="Vanaduspension")
    archived = _guide(users, topic, title="Vana juhend")
    services.guide_move(actor=users["teamlead"], guide_id=archived.pk, move="archive")
    client = client_for("teamlead")
    by_queue = client.get(reverse("knowledge:list"), {"queue": queue.pk}).context["guides"]
    assert [g.pk for g in by_queue] == [in_queue.pk]
    by_parent_topic = client.get(reverse("knowledge:list"), {"topic": topic.parent_id}).context["guides"]
    assert {g.pk for g in by_parent_topic} == {in_queue.pk, archived.pk}
    by_status = client.get(reverse("knowledge:list"), {"status": "archived"}).context["guides"]
    assert [g.pk for g in by_status] == [archived.pk]
    assert client.get(reverse("knowledge:list"), {"topic": "x"}).status_code == 400
    # an agent never sees the archived one
    assert archived.pk not in [
        g.pk for g in client_for("agent").get(reverse("knowledge:list")).context["guides"]
    ]


# --- the agent desktop -------------------------------------------------------------------------


def test_the_desktop_shows_the_published_guides_of_the_queue_and_topic_most_used_first(
    client_for, users, topic, other_topic, queue
):
    rare = _guide(users, topic, title="Harv juhend")
    used = _guide(users, topic, title="Sage juhend")
    _guide(users, topic, publish=False, title="Mustand")
    _guide(users, other_topic, title="Muu teema")
    for _ in range(2):
        contact = contact_record(actor=users["agent"], channel="phone", topic_id=topic.pk, outcome="solved")
        services.guide_use_link(actor=users["agent"], guide_id=used.pk, contact_id=contact.pk)
    client = client_for("agent")
    page = client.get(reverse("knowledge:desk"), {"topic": topic.pk})
    assert page.status_code == 200
    assert [g.pk for g in page.context["guides"]] == [used.pk, rare.pk]
    assert "Mustand" not in page.content.decode() and "Muu teema" not in page.content.decode()
    queued = _guide(users, other_topic, queue, title="Järjekorra juhend")
    both = client.get(reverse("knowledge:desk"), {"queue": queue.pk, "topic": topic.pk}).context["guides"]
    assert queued.pk in [g.pk for g in both]
    assert client.get(reverse("knowledge:desk"), {"queue": "x"}).status_code == 400
    assert client_for("outsider").get(reverse("knowledge:desk"), {"topic": topic.pk}).status_code == 403


def test_the_desktop_page_carries_the_ringing_calls_queue_for_the_guides_panel(client_for, users, queue):
    from teenindus.org.models import Employee
    from teenindus.telephony.models import Agent, Call

    employee = Employee.objects.create(first_name="Anu", last_name="Agent", user=users["agent"])
    now = timezone.now()
    Call.objects.create(
        call_id="c-1", queue=queue, caller="", entered_at=now, local_date=timezone.localdate(), slot=0
    )
    Agent.objects.create(
        name="Anu", extension="201", employee=employee, state="ringing", current_call_id="c-1"
    )
    html = client_for("agent").get(reverse("telephony:desk")).content.decode()
    assert f'data-queue="{queue.pk}"' in html
    assert 'id="desk-guides"' in html and reverse("knowledge:desk") in html
    assert "js/knowledge-desk" in html


# --- linked to a contact; the count shown to the author -----------------------------------------


def test_a_guide_is_linked_to_a_contact_once_and_the_author_sees_the_count(client_for, users, topic):
    guide = _guide(users, topic)
    contact = contact_record(actor=users["agent"], channel="phone", topic_id=topic.pk, outcome="solved")
    client = client_for("agent")
    page = client.get(reverse("contacts:detail", args=[contact.pk]))
    assert page.status_code == 200 and b'id="link-guide"' in page.content
    for _ in range(2):
        response = client.post(reverse("knowledge:link"), {"guide": guide.pk, "contact": contact.pk})
        assert response.status_code == 302
    assert GuideUse.objects.filter(guide=guide, contact=contact).count() == 1
    page = client.get(reverse("contacts:detail", args=[contact.pk]))
    assert reverse("knowledge:detail", args=[guide.pk]).encode() in page.content
    assert b"use-count" not in client.get(reverse("knowledge:detail", args=[guide.pk])).content
    author = client_for("teamlead")
    detail = author.get(reverse("knowledge:detail", args=[guide.pk]))
    assert b'<dd id="use-count">1</dd>' in detail.content
    mine = author.get(reverse("knowledge:mine"))
    assert [g.use_count for g in mine.context["guides"]] == [1]
    assert client.post(reverse("knowledge:link"), {"guide": guide.pk, "contact": 999999}).status_code == 404
    assert client.post(reverse("knowledge:link"), {"guide": "x", "contact": contact.pk}).status_code == 400


# --- drafts from a contact and a solved ticket --------------------------------------------------


def test_a_draft_from_a_contact_keeps_the_link_and_only_a_writer_makes_it(client_for, users, topic, sentinel):
    contact = contact_record(
        actor=users["agent"], channel="phone", topic_id=topic.pk, outcome="solved", customer_id=sentinel.pk
    )
    assert (
        client_for("agent").post(reverse("knowledge:draft_from_contact", args=[contact.pk])).status_code
        == 403
    )
    client = client_for("teamlead")
    assert client.post(reverse("knowledge:draft_from_contact", args=[999999])).status_code == 404
    response = client.post(reverse("knowledge:draft_from_contact", args=[contact.pk]))
    guide = Guide.objects.get()
    assert response.status_code == 302 and response.url == reverse("knowledge:edit", args=[guide.pk])
    assert (
        guide.source_contact == contact
        and guide.status == GuideStatus.DRAFT
        and guide.owner == users["teamlead"]
    )
    assert list(guide.topics.all()) == [topic]
    assert "Sentinella" not in guide.versions.get().body  # no personal data in the draft
    page = client.get(reverse("knowledge:detail", args=[guide.pk]))
    assert reverse("contacts:detail", args=[contact.pk]).encode() in page.content
    # the look at the contact's customer is in the access log
    assert AccessLog.objects.filter(
        actor=users["teamlead"], customer=sentinel, view="knowledge:draft_from_contact"
    ).exists()


def test_a_draft_from_a_solved_ticket_keeps_the_link_and_respects_the_tickets_scope(
    client_for,
    users,
    dept,  # noqa: F811
):
    ticket = ticket_create(
        actor=users["agent"],
        group_id=dept["permits"].pk,
        category_id=dept["general"].pk,
        summary="Veeloa kehtivus uuel krundil",
        description="Klient küsib, kas veeluba kehtib ka uuel krundil.",
    )
    lead = client_for("teamlead")
    assert lead.post(reverse("knowledge:draft_from_ticket", args=[ticket.pk])).status_code == 302
    assert not Guide.objects.exists()  # not solved yet: refused with a message
    Ticket.objects.filter(pk=ticket.pk).update(state="solved")
    page = lead.get(reverse("tickets:detail", args=[ticket.pk]))
    assert b'id="draft-from-ticket"' in page.content
    # the info specialist writes guides but does not see this ticket: 404, nothing made
    assert (
        client_for("info").post(reverse("knowledge:draft_from_ticket", args=[ticket.pk])).status_code == 404
    )
    assert not Guide.objects.exists()
    lead = client_for("teamlead")
    response = lead.post(reverse("knowledge:draft_from_ticket", args=[ticket.pk]))
    guide = Guide.objects.get()
    assert response.status_code == 302 and guide.source_ticket_id == ticket.pk
    assert guide.title == ticket.summary and "veeluba" in guide.versions.get().body
    page = lead.get(reverse("knowledge:detail", args=[guide.pk]))
    assert reverse("tickets:detail", args=[ticket.pk]).encode() in page.content


def test_the_one_step_draft_service_keeps_its_signature(users, topic):
    guide = services.guide_draft_create(
        actor=users["senior"],
        title="Juhtum",
        body="Tekst",
        topics=[topic],
        source_contact=None,
        source_ticket=None,
    )
    assert guide.status == GuideStatus.DRAFT and GuideVersion.objects.get(guide=guide).number == 1


# --- freshness --------------------------------------------------------------------------------


def test_a_guide_past_its_review_date_is_flagged_on_its_owners_start_page(client_for, users, topic):
    today = timezone.localdate()
    stale = _guide(users, topic, title="Aegunud juhend", review_date=today - timedelta(days=3))
    _guide(users, topic, title="Värske juhend", review_date=today + timedelta(days=30))
    home = client_for("teamlead").get(reverse("home")).content.decode()
    assert 'id="work-knowledge-review"' in home and "Aegunud juhend" in home and "Värske juhend" not in home
    assert reverse("knowledge:detail", args=[stale.pk]) in home
    assert "Aegunud juhend" not in client_for("senior").get(reverse("home")).content.decode()
    mine = client_for("teamlead").get(reverse("knowledge:mine"))
    assert [g.pk for g in mine.context["due"]] == [stale.pk]


def _ctx(user):
    return AccessContext(actor=user, view="test", purpose="test")


def test_a_second_draft_request_from_one_contact_opens_the_first_draft(client_for, users, topic):
    contact = contact_record(actor=users["agent"], channel="phone", topic_id=topic.pk, outcome="solved")
    client = client_for("teamlead")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("knowledge:draft_from_contact", args=[contact.pk])
    first = client.post(url)
    guide = Guide.objects.get()
    again = client.post(url, follow=True)
    assert Guide.objects.count() == 1
    assert again.redirect_chain[-1][0] == reverse("knowledge:edit", args=[guide.pk])
    assert first.url == reverse("knowledge:edit", args=[guide.pk])
    assert [str(m) for m in again.context["messages"]][
        -1
    ] == "A guide has already been made from this contact."
    # another writer is told whose draft it is, and nothing new is made
    other = client_for("senior").post(url, follow=True)
    assert Guide.objects.count() == 1 and other.status_code == 200
    assert "It is a draft of" in " ".join(str(m) for m in other.context["messages"])
    # the service used by the difficult-contact analysis gets the same guide back
    assert (
        services.guide_draft_create(actor=users["senior"], title="X", body="", source_contact=contact)
        == guide
    )
    assert Guide.objects.count() == 1


def test_a_second_draft_request_from_one_ticket_opens_the_first_draft(
    client_for,
    users,
    dept,  # noqa: F811
):
    ticket = ticket_create(
        actor=users["agent"],
        group_id=dept["permits"].pk,
        category_id=dept["general"].pk,
        summary="Veeloa kehtivus",
        description="Klient küsib.",
    )
    Ticket.objects.filter(pk=ticket.pk).update(state="solved")
    lead = client_for("teamlead")
    url = reverse("knowledge:draft_from_ticket", args=[ticket.pk])
    lead.post(url)
    again = lead.post(url)
    guide = Guide.objects.get()
    assert again.status_code == 302 and again.url == reverse("knowledge:edit", args=[guide.pk])
