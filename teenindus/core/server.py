"""The production web server's command line, in one place: `manage.py serve` (`make run`), the
production-server test and the benchmarks all start the server with it.

Granian (a well-kept Rust HTTP server) serves `config.wsgi` in `workers` processes, each running
Django in up to `threads` threads. HTTP parsing, keep-alive and idle connections live in its Rust
runtime, not in Python: measured in `bench/routing.py` on this machine, a routing decision cost
the server 2.4–3.2 ms of CPU against 3.0–4.5 ms with gunicorn's sync workers in the same
hours, and a keep-alive client saves the reconnect gunicorn's sync workers force on every
request. Nothing in this module imports Django (the benchmarks build the command before setup).
"""

import os
import sys
from pathlib import Path

GRACEFUL_SECONDS = 10


def web_command(*, bind: str, workers: int, threads: int = 4) -> list[str]:
    """The server's argv for `bind` ("host:port") with `workers` processes of `threads` threads."""
    host, _, port = bind.rpartition(":")
    return [
        str(Path(sys.executable).parent / "granian"),
        "--interface", "wsgi", "config.wsgi:application",
        "--host", host or "127.0.0.1", "--port", port,
        "--workers", str(workers),
        "--blocking-threads", str(threads),
        # A worker that dies (out of memory, a crash in a library) is started again.
        "--respawn-failed-workers",
        "--workers-kill-timeout", str(GRACEFUL_SECONDS),
        # Each request is logged once, as a JSON line, by teenindus.core.observability.
        "--no-access-log",
    ]  # fmt: skip


def without_process_environment(app):
    """`app` (WSGI) called with the request's environ only. Granian, like wsgiref, starts every
    request's environ from a copy of the server's process environment, so SECRET_KEY,
    DATABASE_URL (with its password) and the rest would reach `request.META`, and from there any
    error report or debugging aid that prints it. A key is dropped when it has the process's own
    value; a request header of the same name (a different value) stays."""
    process = dict(os.environ)
    keys = frozenset(process)

    def application(environ, start_response):
        for key in keys & environ.keys():
            if environ[key] == process[key]:
                del environ[key]
        return app(environ, start_response)

    return application
