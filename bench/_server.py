"""The production server for benchmarks: the command `manage.py serve` runs (Granian, see
teenindus/core/server.py) serving config.wsgi on loopback, DEBUG off.

    with Server(url, workers=4) as server:
        conn = server.connection()  # http.client, keep-alive from the client's side
        ...

The environment is production's except for HTTPS: PRODUCTION unset (it would redirect to HTTPS
and mark cookies secure), DEBUG=0, ALLOWED_HOSTS=127.0.0.1, CONN_MAX_AGE=600 (see below).
The server's output goes to var/bench-server-<name>.log, where a 5xx's traceback can be read.
BENCH_SERVER_ARGS adds arguments to the server's command line.
"""

import http.client
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from _setup import ROOT

sys.path.insert(0, str(ROOT))
from teenindus.core.server import web_command  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(
        self,
        database_url: str,
        *,
        workers: int = 4,
        threads: int = 4,
        name: str = "bench",
        timeout: float = 60,
    ):
        self.database_url = database_url
        self.workers, self.threads = workers, threads
        self.port = _free_port()
        self.log_path = ROOT / "var" / f"bench-server-{name}.log"
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            *web_command(bind=f"127.0.0.1:{self.port}", workers=self.workers, threads=self.threads),
            *shlex.split(os.environ.get("BENCH_SERVER_ARGS", "")),
        ]

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PRODUCTION", "DJANGO_SETTINGS_MODULE")}
        env.update(
            DEBUG="0",
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=self.database_url,
            DJANGO_SETTINGS_MODULE="config.settings",
            PYTHONUNBUFFERED="1",
            # Each worker keeps its database connection for the whole run (production's 60 s
            # would reconnect once a minute: no cost to speak of, but the CPU meter would lose
            # the closed backends' share).
            CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "600"),
        )
        return env

    def start(self) -> "Server":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        # A session of its own: stopping it reaches the master and its workers, nothing else.
        self.proc = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}); see {self.log_path}")
            try:
                conn = self.connection(timeout=2)
                conn.request("GET", "/healthz")
                conn.getresponse().read()  # any answer: the app is loaded (healthz may be 503)
                conn.close()
                if len(self.worker_pids()) >= self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer within {self.timeout:.0f} s; see {self.log_path}")

    def connection(self, timeout: float = 30) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def request_durations(self, path: str, *, skip: int = 0) -> list[float]:
        """duration_ms of the server's request log lines for `path`, after the first `skip` of
        them: the time inside Django (from the request log middleware to the response)."""
        durations = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            if line.startswith("{") and f'"path": "{path}"' in line:
                durations.append(json.loads(line)["duration_ms"])
        return durations[skip:]

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # graceful: workers finish their requests
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # our own session only
            self.proc.wait()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _cpu(pid: int) -> float:
    """User + system CPU seconds a process has used so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backends(database_url: str) -> list[int]:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,)
        ).fetchall()
    return [pid for (pid,) in rows]


class CpuMeter:
    """CPU seconds spent by the server's workers and by the PostgreSQL backends of the bench
    database between start() and stop(): a cost per request that the machine's other load does
    not change much (wall-clock figures on a shared 2-core machine do). Backends that exit during
    the run are not counted."""

    def __init__(self, server: Server, database_url: str):
        self.server, self.url = server, database_url
        self.postgres = database_url.startswith("postgres")

    def _snapshot(self) -> tuple[dict[int, float], dict[int, float]]:
        workers = {pid: _cpu(pid) for pid in self.server.worker_pids()}
        backends = {pid: _cpu(pid) for pid in _backends(self.url)} if self.postgres else {}
        return workers, backends

    def start(self) -> "CpuMeter":
        self.before = self._snapshot()
        self.client_before = os.times()
        return self

    def stop(self) -> dict[str, float]:
        after = self._snapshot()
        client = os.times()
        spent = [
            sum(t - before.get(pid, 0.0) for pid, t in now.items())
            for before, now in zip(self.before, after, strict=True)
        ]
        return {
            "server": spent[0],
            "database": spent[1],
            "client": (client.user + client.system) - (self.client_before.user + self.client_before.system),
        }


def cpu_line(cpu: dict[str, float], requests: int, cores: int | None = None) -> str:
    """CPU per request and what it allows on this machine's cores if nothing else ran."""
    cores = cores or os.cpu_count() or 1
    per = {k: v * 1000 / max(requests, 1) for k, v in cpu.items()}
    total = sum(per.values())
    return (
        f"CPU per request: server {per['server']:.2f} ms, database {per['database']:.2f} ms, "
        f"bench client {per['client']:.2f} ms = {total:.2f} ms; {cores} cores alone would serve "
        f"about {cores * 1000 / total if total else float('nan'):.0f}/s"
    )
