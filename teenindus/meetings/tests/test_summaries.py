"""A meeting's summary: sent to the unit's staff and the other leads, on each recipient's start page
until they confirm reading it, the lead's list of readers; sending twice, confirming as a stranger,
bad input and a concurrent edit."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from teenindus.audit.models import AccessLog
from teenindus.core.models import OutboxMail
from teenindus.meetings import selectors
from teenindus.meetings.models import Meeting, MeetingFile, SummaryReceipt
from teenindus.meetings.services import summary_send
from teenindus.meetings.tests.conftest import new_meeting

pytestmark = pytest.mark.django_db

TITLE = "Infotund: pensioni muudatused"


def _home_shows(client, title=TITLE) -> bool:
    return title in client.get(reverse("home")).content.decode()


def test_the_recipients_are_the_units_staff_and_the_other_leads(team, users):
    from teenindus.meetings.tests.conftest import staff

    # A second-level specialist placed in the unit does not read meetings: not a recipient.
    staff(users["second"], team["agent"].employments.get().position, "Teine")
    meeting = new_meeting(team, users)
    recipients = selectors.summary_recipients(meeting=meeting)
    assert {u.username for u in recipients} == {"agent", "agent2", "manager"}  # never the organiser


def test_a_summary_stays_on_each_recipients_start_page_until_read_and_the_lead_sees_who_read(
    as_, team, users
):
    meeting = new_meeting(team, users)
    client = as_("teamlead")
    page = client.get(reverse("meetings:send", args=[meeting.pk])).content.decode()
    assert "Tamm" in page and "Saar" in page and "Kask" in page  # the send form shows the recipients
    response = client.post(reverse("meetings:send", args=[meeting.pk]))
    assert response.status_code == 302
    for key in ("agent", "agent2", "manager"):
        assert _home_shows(as_(users[key] if key != "agent2" else team["agent2_user"])), key
    assert not _home_shows(as_("info"))  # not a recipient
    # The agent confirms from the start page: gone from theirs, still on the others'.
    client = as_("agent")
    response = client.post(reverse("meetings:confirm", args=[meeting.pk]), {"next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not _home_shows(client)
    assert _home_shows(as_(team["agent2_user"]))
    assert _home_shows(as_("manager"))
    # Confirming again changes nothing: the first time stands.
    first = SummaryReceipt.objects.get(meeting=meeting, recipient=users["agent"]).read_at
    as_("agent").post(reverse("meetings:confirm", args=[meeting.pk]))
    assert SummaryReceipt.objects.get(meeting=meeting, recipient=users["agent"]).read_at == first
    # The manager reads it on the meeting's page.
    as_("manager").post(reverse("meetings:confirm", args=[meeting.pk]))
    assert not _home_shows(as_("manager"))
    # The lead: readers with time, and who has not read it.
    client = as_("teamlead")
    before = AccessLog.objects.count()
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    readers = page.split('id="readers"')[1]
    read_part, unread_part = readers.split("Not read yet")
    assert "Tamm" in read_part and "Kask" in read_part and "Saar" not in read_part
    assert "Saar" in unread_part and "Tamm" not in unread_part
    assert "2 of 3 have read it" in readers
    assert AccessLog.objects.count() > before  # the names were read through the logging selectors
    logged = AccessLog.objects.filter(action="meeting_readers", actor=users["teamlead"])
    assert set(logged.values_list("subject_id", flat=True)) == {
        team["agent"].pk,
        team["agent2"].pk,
        team["manager"].pk,
    }
    result = selectors.meeting_readers(
        ctx=selectors.AccessContext(actor=users["teamlead"], view="t", purpose="t"), meeting=meeting
    )
    assert [r.recipient.username for r in result.read] == ["agent", "manager"]
    assert [r.recipient.username for r in result.unread] == ["agent2"]
    # The organiser's start page counts who has not read it.
    assert "1 of 3 have not read it" in client.get(reverse("home")).content.decode()


def test_a_recipient_does_not_see_who_read_it(as_, team, users):
    meeting = new_meeting(team, users)
    summary_send(actor=users["teamlead"], meeting_id=meeting.pk)
    page = as_("agent").get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'id="readers"' not in page and "I have read it" in page


def test_confirming_a_summary_not_sent_to_you_is_refused(as_, team, users):
    meeting = new_meeting(team, users)
    summary_send(actor=users["teamlead"], meeting_id=meeting.pk)
    response = as_("info").post(reverse("meetings:confirm", args=[meeting.pk]))
    assert response.status_code == 404
    assert not SummaryReceipt.objects.filter(recipient=users["info"]).exists()
    assert as_("outsider").post(reverse("meetings:confirm", args=[meeting.pk])).status_code == 403
    assert not SummaryReceipt.objects.filter(read_at__isnull=False).exists()
    # Nor can a stranger open the meeting.
    assert as_("info").get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404


def test_sending_an_empty_summary_is_refused_and_sends_nothing(as_, team, users):
    meeting = new_meeting(team, users, summary="")
    response = as_("teamlead").post(reverse("meetings:send", args=[meeting.pk]))
    assert response.status_code == 422
    assert "Write the summary before sending it." in response.content.decode()
    assert not SummaryReceipt.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).summary_sent_at is None


def test_only_the_organiser_sends(as_, team, users):
    meeting = new_meeting(team, users)
    assert as_("manager").post(reverse("meetings:send", args=[meeting.pk])).status_code == 403
    assert as_("agent").post(reverse("meetings:send", args=[meeting.pk])).status_code == 403
    assert not SummaryReceipt.objects.exists()


def _form(team, users, **extra) -> dict:
    data = {
        "title": "Töökoosolek",
        "kind": "meeting",
        "starts_at": "2026-11-20T10:00",
        "unit": team["section"].pk,
        "agenda": "Päevakord",
        "summary": "",
        "decisions": "Otsus üks\nOtsus kaks",
        "attendees": [users["agent"].pk],
        "guides": [team["guide"].pk],
        "work_change": "on",
    }
    data.update(extra)
    return data


def test_a_lead_creates_a_meeting_with_decisions_and_a_linked_guide(as_, team, users):
    response = as_("teamlead").post(reverse("meetings:create"), _form(team, users))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert [d.text for d in meeting.decisions.all()] == ["Otsus üks", "Otsus kaks"]
    assert meeting.work_change and not meeting.legal_change
    assert list(meeting.guides.all()) == [team["guide"]]
    page = as_("teamlead").get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Pensioni taotlemine" in page and "Changes in the agency's work organisation" in page


def test_a_meeting_without_a_title_is_refused(as_, team, users):
    response = as_("teamlead").post(reverse("meetings:create"), _form(team, users, title="  "))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_agent_cannot_create_a_meeting(as_, team, users):
    assert as_("agent").post(reverse("meetings:create"), _form(team, users)).status_code == 403
    assert not Meeting.objects.exists()


def test_a_file_that_is_not_what_it_says_is_refused(as_, team, users):
    meeting = new_meeting(team, users)
    client = as_("teamlead")
    fake = SimpleUploadedFile(
        "kokkuvote.pdf", b"MZ\x90\x00\x03\x00\x00\x00binary", content_type="application/pdf"
    )
    response = client.post(reverse("meetings:attach", args=[meeting.pk]), {"file": fake}, follow=True)
    assert "This kind of file is not accepted" in response.content.decode()
    assert not MeetingFile.objects.exists()
    good = SimpleUploadedFile("kokkuvote.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(reverse("meetings:attach", args=[meeting.pk]), {"file": good})
    stored = MeetingFile.objects.get()
    download = client.get(reverse("meetings:file", args=[meeting.pk, stored.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_a_concurrent_edit_of_the_summary_gets_a_message_not_an_overwrite(as_, team, users):
    meeting = new_meeting(team, users)
    url = reverse("meetings:edit", args=[meeting.pk])
    first = _form(team, users, title=TITLE, summary="Esimese juhi kokkuvõte", version=meeting.version)
    second = _form(team, users, title=TITLE, summary="Teise juhi kokkuvõte", version=meeting.version)
    assert as_("teamlead").post(url, first).status_code == 302
    response = as_("teamlead").post(url, second)  # the organiser's second tab, opened before
    assert response.status_code == 409
    assert "Someone else saved this meeting after you opened it" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.summary == "Esimese juhi kokkuvõte" and meeting.version == 2


@pytest.mark.django_db(transaction=True)
def test_sending_twice_makes_one_receipt_and_one_mail_each(team, users):
    users["agent"].email = ""  # the account has none: the employee record's address is used
    users["agent"].save(update_fields=["email"])
    meeting = new_meeting(team, users)
    assert summary_send(actor=users["teamlead"], meeting_id=meeting.pk) == 3
    assert summary_send(actor=users["teamlead"], meeting_id=meeting.pk) == 0
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")
    assert SummaryReceipt.objects.filter(meeting=meeting).count() == 3
    assert OutboxMail.objects.filter(key__startswith=f"meeting:{meeting.pk}:").count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["agent2@amet.ee", "agent@amet.ee", "manager@amet.ee"]
    assert TITLE in mail.outbox[0].subject and "pensioni arvutus" in mail.outbox[0].body


def test_a_new_staff_member_gets_the_summary_on_a_second_send(team, users):
    from teenindus.meetings.tests.conftest import staff

    meeting = new_meeting(team, users)
    summary_send(actor=users["teamlead"], meeting_id=meeting.pk)
    newcomer = staff(users["senior"], team["agent"].employments.get().position, "Uus")
    assert summary_send(actor=users["teamlead"], meeting_id=meeting.pk) == 1
    assert SummaryReceipt.objects.filter(recipient=newcomer.user).count() == 1
    assert SummaryReceipt.objects.count() == 4
