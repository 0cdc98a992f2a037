"""Issuing under concurrent requests (PostgreSQL): threads with their own connections, released at
once, stand for several servers sharing one database."""

import pytest
from django.db import connection

from teenindus.core.models import OutboxMail
from teenindus.core.testing import race
from teenindus.papers.models import IssuedPaper
from teenindus.papers.tests.helpers import issue, pdf_text
from teenindus.registry.models import Document

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_papers_issued_at_once_get_consecutive_numbers_each_in_its_own_pdf(pw, users):
    results, errors = race(lambda i: issue(pw, users, delivery="email").pk, 6)
    assert errors == []
    papers = IssuedPaper.objects.select_related("document", "file").filter(pk__in=results)
    assert sorted(p.document.seq for p in papers) == list(range(1, 7))
    for paper in papers:
        assert paper.document.number in pdf_text(bytes(paper.file.content))
    assert OutboxMail.objects.count() == 6


def test_the_same_form_sent_at_once_issues_one_paper_and_one_mail(pw, users):
    results, errors = race(lambda i: issue(pw, users, delivery="email", request_key="same-form").pk, 4)
    assert errors == []
    assert len(set(results)) == 1
    assert Document.objects.count() == 1 and IssuedPaper.objects.count() == 1
    assert OutboxMail.objects.count() == 1
