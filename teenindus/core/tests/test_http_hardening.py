"""Every response: a Content-Security-Policy without inline script, no-store, one JSON log line."""

import io
import json
import logging
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import SENTINEL_IK
from teenindus.core.observability import JsonFormatter

pytestmark = pytest.mark.django_db


def test_pages_and_api_carry_csp_and_no_store(client_for, sentinel):
    client = client_for("agent")
    for url in (reverse("home"), f"/customers/{sentinel.pk}/", f"/api/v1/customers/{sentinel.pk}"):
        response = client.get(url)
        assert response.status_code == 200, url
        cache = response["Cache-Control"]
        assert "no-store" in cache and "private" in cache, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy


def test_no_template_has_inline_script_or_style():
    """The policy refuses inline script and style; a template that used them would break silently."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if path.name in ("jd_pdf.html", "feedback_pdf.html"):
            continue  # rendered to PDF by WeasyPrint, never served as a page
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.name}: inline script")
        if re.search(r"\sstyle\s*=", text) or "<style" in text:
            offenders.append(f"{path.name}: inline style")
    assert offenders == []


def test_one_json_line_per_request_without_personal_data(client_for, sentinel, caplog):
    client = client_for("agent")
    with caplog.at_level(logging.INFO, logger="teenindus.request"):
        client.get(reverse("customers:search"), {"q": SENTINEL_IK, "purpose": "kõne"})
    records = [r for r in caplog.records if r.name == "teenindus.request"]
    assert len(records) == 1
    line = JsonFormatter().format(records[0])  # what the stdout handler writes (settings.LOGGING)
    entry = json.loads(line)
    assert "\n" not in line and entry["message"] == "request"
    assert entry["path"] == reverse("customers:search") and entry["status"] == 200
    assert str(entry["user_id"]) == client.session["_auth_user_id"]
    assert entry["duration_ms"] >= 0 and entry["method"] == "GET"
    assert SENTINEL_IK not in line and "Sentinella" not in line
    assert settings.LOGGING["handlers"]["stdout"]["formatter"] == "json"


def test_the_policy_built_once_is_django_csps_own_and_a_nonce_still_gets_its_own(client_for):
    from csp.constants import NONCE, SELF
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory, override_settings

    from teenindus.core.middleware import ContentSecurityPolicyMiddleware

    ours = client_for("agent").get(reverse("home"))["Content-Security-Policy"]
    theirs = CSPMiddleware(lambda request: HttpResponse())(RequestFactory().get("/"))
    assert ours == theirs["Content-Security-Policy"]

    def uses_a_nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": [SELF, NONCE]}}):
        middleware = ContentSecurityPolicyMiddleware(uses_a_nonce)
        with_nonce = middleware(RequestFactory().get("/"))["Content-Security-Policy"]
        middleware.get_response = lambda request: HttpResponse()
        without = middleware(RequestFactory().get("/"))["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in with_nonce
    assert "script-src 'self'" in without and "nonce-" not in without


def test_the_process_environment_does_not_reach_the_request(monkeypatch):
    """Granian starts each request's environ from a copy of os.environ (as wsgiref does): the
    server's secrets must not reach request.META. A request header that happens to share a name
    with a process variable keeps its own value."""
    from django.core.handlers.wsgi import WSGIRequest

    from teenindus.core.server import without_process_environment

    monkeypatch.setenv("TEENINDUS_DATABASE_PASSWORD", "s3cret")
    monkeypatch.setenv("HTTP_X_PROBE", "from the process")
    seen = {}

    def django_like(environ, start_response):
        seen["meta"] = WSGIRequest(environ).META
        start_response("200 OK", [])
        return [b""]

    app = without_process_environment(django_like)
    environ = dict(os.environ) | {  # what Granian hands the application
        "REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": "t", "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(), "HTTP_X_PROBE": "from the request",
    }  # fmt: skip
    app(environ, lambda *a: None)
    assert "TEENINDUS_DATABASE_PASSWORD" not in seen["meta"]
    assert not any(value == "s3cret" for value in seen["meta"].values())
    assert seen["meta"]["HTTP_X_PROBE"] == "from the request"
    assert seen["meta"]["REQUEST_METHOD"] == "GET"
