"""The logs are append-only in the database itself, not only in the application.

UPDATE is refused on both databases. DELETE is refused on PostgreSQL; on SQLite a DELETE trigger
would also stop Django's test flush (which uses DELETE, where PostgreSQL uses TRUNCATE), so there
the application (no delete path, no admin) is the guard against deletes.
"""

from django.db import migrations

TABLES = ["audit_accesslog", "audit_changeevent"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                f"""
                CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '{table} is append-only'; END;
                $$ LANGUAGE plpgsql;
                CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
                """
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"""
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_append_only();")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
