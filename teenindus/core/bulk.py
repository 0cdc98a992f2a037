"""Inserting many rows fast from plain tuples, no model instances: COPY on PostgreSQL,
sqlite3's executemany on SQLite.

For the few paths that write hundreds of thousands of rows at once (the queue_log import and the
rollups it refreshes). Values are adapted with the database backend's own adapters, so what is
stored is exactly what the ORM would store."""

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from django.db import connections, models, router, transaction


def _sqlite_datetime(value: datetime) -> str:
    # What Django's SQLite backend stores for an aware datetime (naive UTC as text), without its
    # per-value checks.
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _adapter(field: models.Field, connection):
    ops = connection.ops
    if isinstance(field, models.DateTimeField) and connection.vendor == "sqlite":
        return _sqlite_datetime
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: ops.adapt_json_value(value, None)
    return None


def _adapted(adapters: list, rows: Iterable[Sequence]):
    for row in rows:
        yield tuple(
            adapt(v) if adapt and v is not None else v for adapt, v in zip(adapters, row, strict=True)
        )


def bulk_insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    unique_fields: Sequence[str] = (),
    update_fields: Sequence[str] = (),
) -> None:
    """INSERT rows (tuples in `fields` order). With unique_fields: ON CONFLICT DO UPDATE the
    update_fields, or DO NOTHING when there are none."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    adapted = _adapted([_adapter(field, connection) for field in columns], rows)
    tail = tail_for(quote, meta, unique_fields, update_fields)
    if connection.vendor == "postgresql":
        _copy(connection, meta, columns, adapted, tail)
    elif connection.vendor == "sqlite":
        # sqlite3's executemany runs its loop in C.
        names = ", ".join(quote(c.column) for c in columns)
        placeholders = ", ".join(["?"] * len(columns))
        connection.ensure_connection()
        connection.connection.executemany(
            f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({placeholders}){tail}", adapted
        )
    else:
        raise NotImplementedError(f"bulk_insert supports PostgreSQL and SQLite, not {connection.vendor}")


def tail_for(quote, meta, unique_fields: Sequence[str], update_fields: Sequence[str]) -> str:
    if not unique_fields:
        return ""
    target = ", ".join(quote(meta.get_field(name).column) for name in unique_fields)
    if not update_fields:
        return f" ON CONFLICT ({target}) DO NOTHING"
    updates = ", ".join(
        f"{quote(meta.get_field(n).column)} = EXCLUDED.{quote(meta.get_field(n).column)}"
        for n in update_fields
    )
    return f" ON CONFLICT ({target}) DO UPDATE SET {updates}"


def _copy(connection, meta, columns, rows: Iterable[tuple], tail: str) -> None:
    """PostgreSQL: COPY the rows in (through a temporary table when a conflict rule applies)."""
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(c.column) for c in columns)
    with transaction.atomic(using=connection.alias):
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            target = table
            if tail:
                target = quote(f"bulk_{meta.db_table}")
                cursor.execute(f"DROP TABLE IF EXISTS {target}")
                cursor.execute(
                    f"CREATE TEMP TABLE {target} ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA"
                )
            with cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            if tail:
                cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {target}{tail}")
                cursor.execute(f"DROP TABLE {target}")
