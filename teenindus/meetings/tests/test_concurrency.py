"""Sending one summary twice at once (two tabs, two servers): one receipt and one mail each."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from teenindus.core.models import OutboxMail
from teenindus.core.testing import race
from teenindus.meetings.models import SummaryReceipt
from teenindus.meetings.services import summary_confirm, summary_send
from teenindus.meetings.tests.conftest import new_meeting

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_the_summary_sent_at_once_makes_one_receipt_and_one_mail_each(team, users):
    meeting = new_meeting(team, users)
    results, errors = race(lambda i: summary_send(actor=users["teamlead"], meeting_id=meeting.pk), 6)
    assert errors == []
    assert sorted(results) == [0, 0, 0, 0, 0, 3]
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")
    assert SummaryReceipt.objects.filter(meeting=meeting).count() == 3
    assert OutboxMail.objects.filter(key__startswith=f"meeting:{meeting.pk}:").count() == 3
    assert len(mail.outbox) == 3


def test_confirming_at_once_keeps_one_read_time(team, users):
    meeting = new_meeting(team, users)
    summary_send(actor=users["teamlead"], meeting_id=meeting.pk)
    results, errors = race(lambda i: summary_confirm(actor=users["agent"], meeting_id=meeting.pk).read_at, 6)
    assert errors == []
    assert len(set(results)) == 1
    assert SummaryReceipt.objects.get(meeting=meeting, recipient=users["agent"]).read_at == results[0]


def test_two_saves_of_the_same_version_at_once_one_wins_the_other_is_told(team, users):
    from teenindus.core.exceptions import ConcurrentEditError
    from teenindus.meetings.models import Meeting
    from teenindus.meetings.services import meeting_update

    meeting = new_meeting(team, users)
    editors = [users["teamlead"], users["teamlead"]]  # the organiser in two tabs

    def save(i: int):
        return meeting_update(
            actor=editors[i],
            meeting_id=meeting.pk,
            version=meeting.version,
            title=meeting.title,
            kind=meeting.kind,
            starts_at=meeting.starts_at,
            unit=team["section"],
            agenda=meeting.agenda,
            summary=f"Kokkuvõte {i}",
        ).summary

    results, errors = race(save, 2)
    assert len(errors) == 1 and isinstance(errors[0], ConcurrentEditError)
    saved = Meeting.objects.get(pk=meeting.pk)
    assert saved.version == 2 and saved.summary in results
