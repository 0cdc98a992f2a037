import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog, ChangeEvent
from teenindus.audit.services import access_log_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(users, sentinel):
    access_log_record(
        ctx=AccessContext(actor=users["agent"], view="v", purpose="p"),
        customer_ids=[sentinel.pk],
        action="view",
    )
    return AccessLog.objects.get()


def test_the_database_refuses_to_change_a_log_row(row):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(purpose="muudetud")
    row.refresh_from_db()
    assert row.purpose == "p"


def test_the_database_refuses_to_change_a_change_event(sentinel):
    event = ChangeEvent.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        ChangeEvent.objects.filter(pk=event.pk).update(event="x")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="DELETE trigger is PostgreSQL-only (see migration)"
)
def test_postgresql_refuses_to_delete_a_log_row(row):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).delete()
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_the_logs_are_not_editable_in_the_admin():
    assert AccessLog not in admin.site._registry
    assert ChangeEvent not in admin.site._registry


def test_a_customer_with_history_cannot_be_deleted(row, sentinel):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        sentinel.delete()
