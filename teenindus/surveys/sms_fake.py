"""A local SMS gateway for tests and the demo: the protocol of surveys/sms.py over real HTTP.

It listens on 127.0.0.1 (a free port unless given) from a daemon thread, checks the Bearer token,
keeps the messages in memory, and takes a reference it already has as the same message (200, the
same id). `manage.py sms_fake_gateway` runs it in the foreground for the demo.

Test controls: `fail_next(n, status=503)` (the next n requests fail, nothing is done),
`drop_response_next()` (the next send is carried out but its answer is lost: the connection is
closed), `messages` (sent, in order), `requests` (every request, in order).

Usage: `with SmsGateway() as gateway: SmsClient(gateway.config())`.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from teenindus.surveys.sms import SmsConfig

PHONE_RE = re.compile(r"^\+[1-9][0-9]{6,14}$")
MAX_TEXT = 640


class SmsGateway:
    def __init__(self, *, token: str = "fake-sms-token", host: str = "127.0.0.1", port: int = 0):
        self.token = token
        self.messages: list[dict] = []
        self.requests: list[tuple[str, str]] = []
        self._by_reference: dict[str, dict] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._fail: list[int] = []
        self._drop_next = False
        self.server = ThreadingHTTPServer((host, port), self._handler())
        self.server.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def config(self, **extra) -> SmsConfig:
        return SmsConfig(base_url=self.base_url, token=self.token, **extra)

    def fail_next(self, n: int = 1, *, status: int = 503) -> None:
        with self._lock:
            self._fail.extend([status] * n)

    def drop_response_next(self) -> None:
        with self._lock:
            self._drop_next = True

    def start(self) -> SmsGateway:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> SmsGateway:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _answer(self, status: int, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {gateway.token}":
                    self._answer(401, {"error": "bad token"})
                    return False
                return True

            def _failing(self) -> bool:
                with gateway._lock:
                    status = gateway._fail.pop(0) if gateway._fail else None
                if status is not None:
                    self._answer(status, {"error": "gateway busy"})
                    return True
                return False

            def do_GET(self) -> None:  # noqa: N802
                gateway.requests.append(("GET", self.path))
                if self._failing() or not self._authorised():
                    return
                match = re.fullmatch(r"/v1/messages/([^/]+)", self.path)
                found = [m for m in gateway.messages if match and m["id"] == match.group(1)]
                if not found:
                    self._answer(404, {"error": "no such message"})
                    return
                self._answer(200, found[0])

            def do_POST(self) -> None:  # noqa: N802
                gateway.requests.append(("POST", self.path))
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self._failing() or not self._authorised():
                    return
                if self.path != "/v1/messages":
                    self._answer(404, {"error": "not found"})
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    self._answer(400, {"error": "not JSON"})
                    return
                to, text, reference = body.get("to", ""), body.get("text", ""), body.get("reference", "")
                if not PHONE_RE.match(str(to)):
                    self._answer(422, {"error": "not a phone number", "field": "to"})
                    return
                if not text or len(text) > MAX_TEXT:
                    self._answer(422, {"error": "text empty or too long", "field": "text"})
                    return
                with gateway._lock:
                    known = gateway._by_reference.get(reference) if reference else None
                    if known is None:
                        known = {
                            "id": f"sms-{next(gateway._ids)}",
                            "to": to,
                            "text": text,
                            "reference": reference,
                            "status": "accepted",
                        }
                        gateway.messages.append(known)
                        if reference:
                            gateway._by_reference[reference] = known
                        status = 201
                    else:
                        status = 200
                    drop, gateway._drop_next = gateway._drop_next, False
                if drop:
                    self.close_connection = True
                    self.connection.close()  # done, but the caller hears nothing
                    return
                self._answer(status, {"id": known["id"], "status": known["status"]})

        return Handler
