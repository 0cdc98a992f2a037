"""The append-only guard of the access log, for migrations that must change its rows or rebuild it.

PostgreSQL: the trigger (UPDATE or DELETE) on the table, calling audit_accesslog_append_only()
from 0002. SQLite: the UPDATE trigger; SQLite drops a table's triggers when it rebuilds the table
(what it does to alter one), so every migration that alters the table puts it back at the end."""

TABLE = "audit_accesslog"


def drop(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE};")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update;")


def create(schema_editor) -> None:
    drop(schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();"""
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END;"""
        )
