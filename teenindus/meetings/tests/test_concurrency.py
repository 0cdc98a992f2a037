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
