"""Defects found by the tester: another lead editing a meeting (and a change after sending not
reaching the recipients), draft and archived guides linked, ids beyond 64 bits, unbounded times and
texts, and refused posts answered 200 or with a redirect."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from teenindus.core.exceptions import NotFound, PermissionDeniedError, ValidationFailed
from teenindus.core.models import OutboxMail
from teenindus.knowledge.models import GuideStatus
from teenindus.knowledge.services import guide_draft_create
from teenindus.meetings.models import Meeting, MeetingFile, SummaryReceipt
from teenindus.meetings.services import (
    meeting_create,
    meeting_file_add,
    meeting_update,
    summary_confirm,
    summary_send,
)
from teenindus.meetings.tests.conftest import new_meeting

pytestmark = pytest.mark.django_db

TITLE = "Infotund: pensioni muudatused"
HUGE = 99999999999999999999


def _form(team, users, meeting=None, **extra) -> dict:
    data = {
        "title": TITLE,
        "kind": "info_hour",
        "starts_at": "2026-11-20T10:00",
        "unit": team["section"].pk,
        "agenda": "Päevakord",
        "summary": "Alates 1. jaanuarist muutub pensioni arvutus.",
        "decisions": "Uus juhend kasutusele\nJärgmine infotund detsembris",
        "attendees": [users["agent"].pk],
        "guides": [team["guide"].pk],
        "legal_change": "on",
    }
    if meeting is not None:
        data["version"] = meeting.version
    data.update(extra)
    return data


def _update(meeting, actor, **extra):
    fields = {
        "title": meeting.title,
        "kind": meeting.kind,
        "starts_at": meeting.starts_at,
        "unit": meeting.unit,
        "agenda": meeting.agenda,
        "summary": meeting.summary,
        "decisions": [d.text for d in meeting.decisions.all()],
        "attendees": list(meeting.attendees.all()),
        "guides": list(meeting.guides.all()),
        "legal_change": meeting.legal_change,
    }
    fields.update(extra)
    return meeting_update(actor=actor, meeting_id=meeting.pk, version=meeting.version, **fields)


# 1. Only the organiser edits; a change after sending reaches the recipients again.


def test_another_lead_may_not_edit_a_meeting_nor_is_offered_the_edit_page(as_, team, users):
    meeting = new_meeting(team, users)
    summary_send(actor=users["teamlead"], meeting_id=meeting.pk)
    url = reverse("meetings:edit", args=[meeting.pk])
    client = as_("manager")  # the service manager, a lead but not the organiser
    assert client.get(url).status_code == 403
    response = client.post(url, _form(team, users, meeting, title="Ümber kirjutatud", summary="Muu"))
    assert response.status_code == 403
    assert "Only the meeting&#x27;s organiser edits it." in response.content.decode()
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert url not in page and reverse("meetings:attach", args=[meeting.pk]) not in page
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(reverse("meetings:attach", args=[meeting.pk]), {"file": pdf}).status_code == 403
    with pytest.raises(PermissionDeniedError):
        _update(meeting, users["manager"], summary="Teenindusjuhi tekst")
    meeting.refresh_from_db()
    assert meeting.title == TITLE and meeting.summary.startswith("Alates") and meeting.version == 1
    assert not MeetingFile.objects.exists()
    assert url in as_("teamlead").get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


def test_the_organiser_edits_the_meeting(as_, team, users):
    meeting = new_meeting(team, users)
    url = reverse("meetings:edit", args=[meeting.pk])
    assert as_("teamlead").get(url).status_code == 200
    response = as_("teamlead").post(url, _form(team, users, meeting, summary="Parandatud kokkuvõte"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.summary == "Parandatud kokkuvõte" and meeting.summary_revision == 0  # not sent yet


@pytest.mark.django_db(transaction=True)
def test_a_summary_changed_after_sending_is_unread_again_and_mailed_once_per_change(as_, team, users):
    meeting = new_meeting(team, users)
    summary_send(actor=users["teamlead"], meeting_id=meeting.pk)
    summary_confirm(actor=users["agent"], meeting_id=meeting.pk)
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")
    assert len(mail.outbox) == 3
    assert TITLE not in as_("agent").get(reverse("home")).content.decode()

    meeting = _update(meeting, users["teamlead"], summary="Pensioni arvutus muutub alles 1. märtsist.")
    assert meeting.summary_revision == 1
    assert not SummaryReceipt.objects.filter(meeting=meeting, read_at__isnull=False).exists()
    home = as_("agent").get(reverse("home")).content.decode()
    assert TITLE in home and "changed after sending" in home
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")
    assert OutboxMail.objects.filter(key__startswith=f"meeting:{meeting.pk}:summary:").count() == 6
    assert OutboxMail.objects.filter(key__endswith=":r1").count() == 3
    changed = mail.outbox[3:]
    assert len(changed) == 3 and all("1. märtsist" in m.body for m in changed)
    assert all(m.subject != mail.outbox[0].subject for m in changed)

    # Only who attended changed: the recipients' summary is the same, nothing is sent again.
    summary_confirm(actor=users["agent"], meeting_id=meeting.pk)
    meeting = _update(meeting, users["teamlead"], attendees=[users["agent"]])
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")
    assert meeting.summary_revision == 1 and len(mail.outbox) == 6
    assert SummaryReceipt.objects.get(meeting=meeting, recipient=users["agent"]).read_at is not None


# 2. Only published guides are linked; an archived one is shown as text.


def test_draft_and_archived_guides_are_not_offered_nor_linked(as_, team, users):
    draft = guide_draft_create(actor=users["teamlead"], title="Mustand", body="x")
    archived = guide_draft_create(actor=users["teamlead"], title="Vana juhend", body="x")
    archived.status = GuideStatus.ARCHIVED
    archived.save(update_fields=["status"])
    client = as_("teamlead")
    page = client.get(reverse("meetings:create")).content.decode()
    assert "Pensioni taotlemine" in page and "Mustand" not in page and "Vana juhend" not in page
    for guide in (draft, archived):
        response = client.post(reverse("meetings:create"), _form(team, users, guides=[guide.pk]))
        assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
        with pytest.raises(ValidationFailed, match="Only published guides"):
            new_meeting(team, users, guides=[guide])
    assert not Meeting.objects.exists()


def test_a_linked_guide_archived_later_is_shown_without_a_link(as_, team, users):
    meeting = new_meeting(team, users)
    guide_url = reverse("knowledge:detail", args=[team["guide"].pk])
    page = as_("agent").get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert f'href="{guide_url}"' in page
    team["guide"].status = GuideStatus.ARCHIVED
    team["guide"].save(update_fields=["status"])
    page = as_("agent").get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Pensioni taotlemine" in page and f'href="{guide_url}"' not in page


# 3. Ids beyond a 64-bit integer are not found.


def test_ids_beyond_64_bits_are_not_found(as_, team, users):
    meeting = new_meeting(team, users)
    client = as_("teamlead")
    for name, args in (
        ("detail", [HUGE]),
        ("edit", [HUGE]),
        ("send", [HUGE]),
        ("file", [HUGE, 1]),
        ("file", [meeting.pk, HUGE]),
    ):
        assert client.get(reverse(f"meetings:{name}", args=args)).status_code == 404, name
    for name in ("confirm", "attach", "send", "edit"):
        assert client.post(reverse(f"meetings:{name}", args=[HUGE])).status_code == 404, name
    assert as_("agent").post(reverse("meetings:confirm", args=[HUGE])).status_code == 404
    for call in (
        lambda: summary_confirm(actor=users["agent"], meeting_id=HUGE),
        lambda: summary_send(actor=users["teamlead"], meeting_id=HUGE),
        lambda: meeting_file_add(actor=users["teamlead"], meeting_id=HUGE, name="a.pdf", data=b"%PDF-1.4"),
        lambda: meeting_update(
            actor=users["teamlead"],
            meeting_id=HUGE,
            version=1,
            title="X",
            kind="meeting",
            starts_at=timezone.now(),
            unit=team["section"],
            agenda="",
            summary="",
        ),
    ):
        with pytest.raises(NotFound):
            call()


# 4. Bounds on the time, the texts and the decisions; 5. a refused post is 4xx with the errors.


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [
        ({"starts_at": "1900-01-01T10:00"}, 422, "at most 10 years back and 2 years ahead"),
        ({"starts_at": "2099-01-01T10:00"}, 422, "at most 10 years back and 2 years ahead"),
        ({"summary": "a" * 200_000}, 400, "Ensure this value has at most 20000 characters"),
        ({"agenda": "a" * 20_001}, 400, "Ensure this value has at most 20000 characters"),
        ({"decisions": "\n".join(f"Otsus {i}" for i in range(51))}, 422, "at most 50 decisions"),
        ({"decisions": "a" * 1001}, 422, "A decision is at most 1000 characters"),
    ],
)
def test_out_of_bounds_meetings_are_refused_with_a_message(as_, team, users, extra, status, message):
    client = as_("teamlead")
    response = client.post(reverse("meetings:create"), _form(team, users, **extra))
    assert response.status_code == status and message in response.content.decode()
    assert not Meeting.objects.exists()
    meeting = new_meeting(team, users)
    response = client.post(reverse("meetings:edit", args=[meeting.pk]), _form(team, users, meeting, **extra))
    assert response.status_code == status and message in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.version == 1 and meeting.summary.startswith("Alates")


def test_the_service_bounds_the_time_and_the_summary(team, users):
    with pytest.raises(ValidationFailed):
        new_meeting(team, users, starts_at=timezone.make_aware(datetime(1900, 1, 1, 10, 0)))
    with pytest.raises(ValidationFailed):
        new_meeting(team, users, starts_at=timezone.now() + timedelta(days=365 * 3))
    with pytest.raises(ValidationFailed):
        new_meeting(team, users, summary="a" * 20_001)
    assert not Meeting.objects.exists()
    assert new_meeting(team, users, starts_at=timezone.now() - timedelta(days=365 * 9)).pk


def test_a_refused_file_is_4xx_with_the_error_on_the_page(as_, team, users):
    meeting = new_meeting(team, users)
    client = as_("teamlead")
    url = reverse("meetings:attach", args=[meeting.pk])
    response = client.post(url, {})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    fake = SimpleUploadedFile("a.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    response = client.post(url, {"file": fake})
    assert response.status_code == 422 and "This kind of file is not accepted" in response.content.decode()
    assert not MeetingFile.objects.exists()


def test_meeting_create_does_not_take_a_non_published_guide_id(team, users):
    draft = guide_draft_create(actor=users["teamlead"], title="Mustand", body="x")
    with pytest.raises(ValidationFailed):
        meeting_create(
            actor=users["teamlead"],
            title="X",
            starts_at=timezone.now(),
            unit=team["section"],
            guides=[draft.pk],
        )
    assert not Meeting.objects.exists()
