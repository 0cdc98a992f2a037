"""The production way end to end: migrate, collectstatic, gunicorn with two workers and a task worker
on an SQLite file, as `make run` starts them. Two simultaneous PATCHes of one customer with the same
version get 200 + 409 (never 500 "database is locked"); static files are hashed and cached; /healthz
follows the worker; the server logs JSON lines."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the embedded SQLite under concurrent writes: SQLite pass"
)
ROOT = Path(settings.BASE_DIR)
SETUP = """
from django.contrib.auth.models import Group
from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.accounts.services import api_token_create
from teenindus.customers.services import person_create
admin = User.objects.create_user(username="admin", password="x")
admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
_token, raw = api_token_create(actor=admin, user=admin, name="test")
person = person_create(actor=admin, first_name="Mari", last_name="Maasikas", isikukood="49403136515")
print(raw, person.pk)
"""


def manage_command() -> list[str]:
    return [sys.executable, str(ROOT / "manage.py")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(method: str, url: str, *, token: str, body: dict | None = None) -> tuple[int, dict, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), _json(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), _json(error.read())


def _json(body: bytes):
    try:
        return json.loads(body or b"null")
    except ValueError:
        return body.decode(errors="replace")  # e.g. a 500's HTML page


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'teenindus.sqlite3'}",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    manage = manage_command()
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
    out = subprocess.run(
        [*manage, "shell", "-c", SETUP], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    token, customer_id = out[-2], int(out[-1])
    port = _free_port()
    log = open(var / "server.log", "w+")  # noqa: SIM115 - read back by the tests
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "2",
         "--worker-class", "gthread", "--threads", "2",
         "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=5)
                break
            except OSError:  # not listening yet (URLError, refused, timed out)
                time.sleep(0.2)
        yield {
            "base": base,
            "token": token,
            "customer": customer_id,
            "env": env,
            "log": log,
            "manage": manage,
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def _simultaneous_patches(url: str, token: str, version: int, round_: int) -> list[int]:
    barrier = threading.Barrier(2)
    statuses = []

    def patch(note):
        barrier.wait()
        statuses.append(_request("PATCH", url, token=token, body={"version": version, "note": note})[0])

    threads = [threading.Thread(target=patch, args=(f"r{round_}-{n}",)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_simultaneous_patches_with_one_version_get_200_and_409(production):
    url = f"{production['base']}/api/v1/customers/{production['customer']}"
    token = production["token"]
    outcomes = []
    for round_ in range(20):
        status, _headers, customer = _request("GET", url, token=token)
        assert status == 200
        outcomes.append(sorted(_simultaneous_patches(url, token, customer["version"], round_)))
    assert outcomes == [[200, 409]] * 20


def test_static_files_are_hashed_and_pages_are_not_stored(production):
    base = production["base"]
    page = urllib.request.urlopen(f"{base}/login/", timeout=10)
    html = page.read().decode()
    assert "no-store" in page.headers["Cache-Control"]
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    href = next(part.split('"')[0] for part in html.split('href="')[1:] if part.startswith("/static/css/"))
    assert href != "/static/css/teenindus.css" and href.endswith(".css")  # content-hashed name
    css = urllib.request.urlopen(f"{base}{href}", timeout=10)
    assert css.status == 200 and "max-age=315360000" in css.headers["Cache-Control"]
    assert "no-store" not in css.headers["Cache-Control"]  # only responses made by views


def test_healthz_follows_the_worker_and_the_server_logs_json(production):
    health = f"{production['base']}/healthz"
    with pytest.raises(urllib.error.HTTPError) as silent:
        urllib.request.urlopen(health, timeout=10)
    assert silent.value.code == 503
    worker = subprocess.Popen([*manage_command(), "worker"], env=production["env"], cwd=ROOT)
    try:
        for _ in range(100):
            try:
                if urllib.request.urlopen(health, timeout=5).status == 200:
                    break
            except urllib.error.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("/healthz never saw the worker")
    finally:
        worker.send_signal(signal.SIGINT)  # Ctrl-C stops it cleanly
        assert worker.wait(timeout=20) == 0
    production["log"].seek(0)
    lines = [json.loads(line) for line in production["log"] if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "teenindus.request"]
    assert any(line["path"] == "/healthz" and line["status"] == 200 for line in requests)
    assert all({"user_id", "path", "status", "duration_ms"} <= line.keys() for line in requests)
    assert not any(line["path"].startswith("/static/") for line in requests)
