"""One subject shape for every kind of person, and the migration that brought the old rows to it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog
from teenindus.audit.selectors import access_log_for_customer, access_log_for_employee
from teenindus.audit.services import access_log_record
from teenindus.org.models import Employee

BEFORE = [("audit", "0003_accesslog_employee")]


@pytest.fixture
def ctx(users):
    return AccessContext(actor=users["hr"], view="v", purpose="p")


@pytest.mark.django_db
def test_instances_and_the_old_keywords_write_the_same_subject(ctx, sentinel):
    employee = Employee.objects.create(first_name="Mari", last_name="Maasikas")
    access_log_record(ctx=ctx, action="a", subjects=[sentinel, employee])
    access_log_record(
        ctx=ctx, action="b", customer_ids=[sentinel.pk], employee_ids=[employee.pk, employee.pk]
    )
    rows = set(AccessLog.objects.values_list("subject_type", "subject_id", "action"))
    assert rows == {
        ("customers.customer", sentinel.pk, "a"),
        ("org.employee", employee.pk, "a"),
        ("customers.customer", sentinel.pk, "b"),
        ("org.employee", employee.pk, "b"),
    }
    assert [r.action for r in access_log_for_customer(customer_id=sentinel.pk)] == ["b", "a"]
    assert [r.action for r in access_log_for_employee(employee_id=employee.pk)] == ["b", "a"]
    # The old read keywords still mean the subject of that kind.
    assert AccessLog.objects.filter(employee=employee).count() == 2
    assert AccessLog.objects.exclude(customer_id=sentinel.pk).count() == 2


@pytest.mark.django_db
def test_an_unregistered_kind_of_person_cannot_be_logged(ctx, users):
    with pytest.raises(ValueError, match="not a registered"):
        access_log_record(ctx=ctx, action="a", subjects=[users["agent"]])
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_an_employee_with_history_cannot_be_deleted(ctx):
    employee = Employee.objects.create(first_name="Mari", last_name="Maasikas")
    access_log_record(ctx=ctx, action="a", subjects=[employee])
    with pytest.raises(ProtectedError), transaction.atomic():
        employee.delete()
    assert Employee.objects.filter(pk=employee.pk).exists()
    Employee.objects.create(first_name="Uus", last_name="Inimene").delete()  # no history: deletable


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_old_rows_to_the_subject_and_keeps_the_log_append_only(users, sentinel):
    employee = Employee.objects.create(first_name="Mari", last_name="Maasikas")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("audit")
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("audit", "AccessLog")
        common = {"actor_id": users["hr"].pk, "view": "v", "action": "a", "channel": "ui", "purpose": "p"}
        old.objects.create(customer_id=sentinel.pk, **common)
        old.objects.create(employee_id=employee.pk, **common)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    rows = set(AccessLog.objects.values_list("subject_type", "subject_id"))
    assert rows == {("customers.customer", sentinel.pk), ("org.employee", employee.pk)}
    # The append-only guard is back after the rows were moved and (on SQLite) the table rebuilt.
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.update(purpose="muudetud")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLog.objects.all().delete()
    assert AccessLog.objects.filter(purpose="p").count() == 2
