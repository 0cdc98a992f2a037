"""Two submissions of one survey at once (PostgreSQL, threads with their own connections): one answer."""

import pytest
from django.db import connection

from teenindus.audit.context import AccessContext
from teenindus.core.testing import race
from teenindus.surveys import services
from teenindus.surveys.models import SurveyInvitation

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_two_submissions_at_once_make_one_answer(users, team):
    for _round in range(5):
        SurveyInvitation.objects.all().delete()
        _inv, url = services.survey_invite(
            actor=users["agent"],
            ctx=AccessContext(actor=users["agent"], view="t", purpose="t"),
            contact_id=team["contact"].pk,
            via="link",
        )
        token = url.rstrip("/").rsplit("/", 1)[1]
        results, errors = race(
            lambda i, token=token: services.survey_answer(
                token=token, satisfaction=i % 5 + 1, solved=bool(i % 2)
            ),
            4,
        )
        assert not errors
        assert sorted(results) == ["answered", "used", "used", "used"]
        assert SurveyInvitation.objects.filter(answered_at__isnull=False).count() == 1
