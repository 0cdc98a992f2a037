"""Statements PostgreSQL prepares once per connection, for the hot paths of machine clients.

Django binds parameters on the client and turns psycopg's prepared statements off (see
PG_PREPARED_STATEMENTS in settings), so a statement sent through Django's cursor is parsed and
planned again on every call. `prepared_cursor()` gives a psycopg cursor on Django's connection (its
transaction) that binds on the server and prepares every statement it runs; those statements are
written to Django's query log like Django's own (tests count them with CaptureQueriesContext).
PostgreSQL only: callers keep their portable path for other databases.
"""

import time

import psycopg
from django.db import connection as django_connection


class _PreparedCursor(psycopg.Cursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        started = time.monotonic()
        try:
            return super().execute(query, params, prepare=True, binary=binary)
        finally:
            if django_connection.queries_logged:
                elapsed = time.monotonic() - started
                django_connection.queries_log.append({"sql": str(query), "time": f"{elapsed:.3f}"})


def prepared_cursor() -> psycopg.Cursor:
    """A cursor (use it in a with block) whose statements are prepared on the server."""
    django_connection.ensure_connection()
    return _PreparedCursor(django_connection.connection)
