"""The production way end to end: migrate, collectstatic, the production server (Granian) with two
workers and a task worker on an SQLite file, as `make run` starts them. Two simultaneous PATCHes of
one customer with the same version get 200 + 409 (never 500 "database is locked"); six desks calling
next at once call each visitor once; static files are hashed and cached; /healthz follows the
worker; the server logs JSON lines."""

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

from teenindus.core.server import web_command

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
# A front desk: six desks, each with its own info specialist (and API token), and 30 visitors waiting.
import json
from teenindus.contacts.models import Topic
from teenindus.frontdesk.models import Desk, Office, Service
from teenindus.frontdesk.services.checkin import visit_check_in
from teenindus.org.models import Agency, Unit
unit = Unit.objects.create(agency=Agency.objects.create(name="Amet"), name="Tartu esindus", kind="office")
office = Office.objects.create(unit=unit, code="tartu", name="Tartu esindus")
topic = Topic.objects.create(name="Pensionid", code="pensionid")
service = Service.objects.create(office=office, name="Pensionid", prefix="A", topic=topic)
desks = {}
for n in range(DESKS):
    user = User.objects.create_user(username=f"lett{n}", password="x")
    user.groups.add(Group.objects.get(name=roles.INFO_SPECIALIST))
    desk = Desk.objects.create(office=office, name=f"Laud {n + 1}")
    desk.services.set([service])
    desks[desk.pk] = api_token_create(actor=admin, user=user, name="desk")[1]
for _ in range(VISITORS):
    visit_check_in(actor=admin, office_id=office.pk, service_id=service.pk)
print(json.dumps({"desks": desks}))
print(raw, person.pk)
"""
DESKS, VISITORS = 6, 30
SETUP = SETUP.replace("DESKS)", f"{DESKS})").replace("VISITORS)", f"{VISITORS})")


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
    ).stdout.splitlines()
    token, customer_id = out[-1].split()[0], int(out[-1].split()[1])
    desks = {int(pk): raw for pk, raw in json.loads(out[-2])["desks"].items()}
    port = _free_port()
    log = open(var / "server.log", "w+")  # noqa: SIM115 - read back by the tests
    server = subprocess.Popen(
        web_command(bind=f"127.0.0.1:{port}", workers=2, threads=2),
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
            "desks": desks,
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


def test_desks_calling_next_at_once_on_sqlite_never_call_a_visitor_twice(production):
    """Six desks, each its own specialist, call and serve visitors as fast as they can through two
    server workers on one SQLite file: every visitor is called exactly once, and no caller sees an
    error ("database is locked" included). On SQLite the guarantee is the IMMEDIATE transaction
    (settings) around the claim's read and conditional update; PostgreSQL's SKIP LOCKED claim has
    its own threaded test (frontdesk/tests/test_concurrency.py)."""
    base, desks = production["base"], production["desks"]
    barrier = threading.Barrier(len(desks))
    called: list[int] = []
    failures: list = []

    def work(desk_id: int, token: str) -> None:
        status, _h, body = _request("POST", f"{base}/api/v1/frontdesk/desks/{desk_id}/sign-in", token=token)
        if status != 200:
            failures.append((desk_id, "sign-in", status, body))
        barrier.wait()
        while True:
            status, _h, visit = _request("POST", f"{base}/api/v1/frontdesk/desks/{desk_id}/next", token=token)
            if status == 404:
                return
            if status != 200:
                failures.append((desk_id, "next", status, visit))
                return
            called.append(visit["id"])
            move = {"move": "serve", "desk_id": desk_id, "version": visit["version"]}
            status, _h, body = _request(
                "POST", f"{base}/api/v1/frontdesk/visits/{visit['id']}/moves", token=token, body=move
            )
            if status != 200:
                failures.append((desk_id, "serve", status, body))
                return

    threads = [threading.Thread(target=work, args=(pk, raw)) for pk, raw in desks.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert failures == []
    assert len(called) == VISITORS and len(set(called)) == VISITORS
