"""Two leads send one unit's analysis for one period at the same moment (PostgreSQL threads): one
send, one mail per head."""

import pytest
from django.db import connection

from conftest import make_user
from teenindus.accounts import roles
from teenindus.analysis import services
from teenindus.analysis.models import AnalysisSend
from teenindus.core.exceptions import ConflictError
from teenindus.core.testing import race

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_sending_twice_at_once_sends_once(world):
    leads = [make_user(f"lead{i}", roles.TEAM_LEAD) for i in range(4)]
    unit = world["units"]["pensions"]

    def send(i: int):
        return services.analysis_send_request(
            actor=leads[i], unit_id=unit.pk, start=world["start"], end=world["end"], include_notes=bool(i % 2)
        ).pk

    results, errors = race(send, 4)
    assert len([r for r in results if r]) == 1
    assert len(errors) == 3 and all(isinstance(e, ConflictError) for e in errors)
    assert AnalysisSend.objects.count() == 1
