"""One subject shape for every kind of person: (subject_type, subject_id) beside the old customer
and employee columns, filled from them. The append-only trigger is lifted for this one copy and put
back in the same migration; 0005 then drops the old columns."""

from django.db import migrations, models

from teenindus.audit import db_triggers as triggers

CUSTOMER = "customers.customer"
EMPLOYEE = "org.employee"


def copy_to_subject(apps, schema_editor):
    AccessLog = apps.get_model("audit", "AccessLog")
    db = schema_editor.connection.alias
    triggers.drop(schema_editor)
    AccessLog.objects.using(db).filter(customer__isnull=False).update(
        subject_type=CUSTOMER, subject_id=models.F("customer_id")
    )
    AccessLog.objects.using(db).filter(employee__isnull=False).update(
        subject_type=EMPLOYEE, subject_id=models.F("employee_id")
    )
    triggers.create(schema_editor)


def copy_back(apps, schema_editor):
    AccessLog = apps.get_model("audit", "AccessLog")
    db = schema_editor.connection.alias
    triggers.drop(schema_editor)
    AccessLog.objects.using(db).filter(subject_type=CUSTOMER).update(customer_id=models.F("subject_id"))
    AccessLog.objects.using(db).filter(subject_type=EMPLOYEE).update(employee_id=models.F("subject_id"))
    triggers.create(schema_editor)


def trigger_again(apps, schema_editor):
    triggers.create(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_accesslog_employee")]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="subject_type",
            field=models.CharField(max_length=100, null=True, verbose_name="kind of person"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="subject_id",
            field=models.BigIntegerField(null=True, verbose_name="person"),
        ),
        migrations.RunPython(trigger_again, trigger_again),  # SQLite may have rebuilt the table
        migrations.RunPython(copy_to_subject, copy_back),
    ]
