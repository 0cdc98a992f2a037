from datetime import UTC, datetime

import pytest
from django.db import connection

from teenindus.core.bulk import bulk_insert
from teenindus.telephony.models import TelephonyEvent

pytestmark = pytest.mark.django_db
AT = datetime(2026, 10, 25, 1, 10, 0, 250000, tzinfo=UTC)


def _stored(event_id: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT at, data FROM telephony_telephonyevent WHERE event_id = %s", [event_id])
        return cursor.fetchone()


def test_bulk_insert_stores_what_the_orm_stores():
    TelephonyEvent.objects.create(
        event_id="orm", call_id="c", kind="offered", at=AT, data={"caller": "5551234"}, source="api"
    )
    bulk_insert(
        TelephonyEvent,
        ["event_id", "call_id", "kind", "at", "queue", "agent", "data", "source"],
        [("bulk", "c", "offered", AT, "", "", {"caller": "5551234"}, "api")],
    )
    assert _stored("bulk") == _stored("orm")
    orm, bulk = TelephonyEvent.objects.get(event_id="orm"), TelephonyEvent.objects.get(event_id="bulk")
    assert (bulk.at, bulk.data) == (orm.at, orm.data) == (AT, {"caller": "5551234"})
    # Comparisons in SQL see both the same way.
    assert TelephonyEvent.objects.filter(at__gte=AT).count() == 2


def test_conflicts_update_or_are_skipped():
    fields = ["event_id", "call_id", "kind", "at", "queue", "agent", "data", "source"]
    bulk_insert(TelephonyEvent, fields, [("e1", "c", "offered", AT, "q1", "", {}, "api")])
    bulk_insert(
        TelephonyEvent, fields, [("e1", "c", "offered", AT, "q2", "", {}, "api")], unique_fields=["event_id"]
    )
    assert TelephonyEvent.objects.get(event_id="e1").queue == "q1"
    bulk_insert(
        TelephonyEvent,
        fields,
        [("e1", "c", "offered", AT, "q3", "", {}, "api")],
        unique_fields=["event_id"],
        update_fields=["queue"],
    )
    assert TelephonyEvent.objects.get(event_id="e1").queue == "q3"
