"""With DEBUG off, a page not found and a server error get the project's own pages, in Estonian;
every page carries the favicon (an SVG in static)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_estonian_not_found_page(client_for, settings):
    settings.DEBUG = False
    response = client_for("agent").get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Sellist lehte või kirjet ei ole." in html and 'lang="et"' in html


def test_a_server_error_page_renders_without_a_request_context(settings):
    settings.DEBUG = False
    # Django renders 500.html with an empty context: no request, no user, no context processors.
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Serveri viga" in html and 'lang="et"' in html
    assert "favicon.svg" in html and "teenindus.css" in html


def test_every_page_has_the_favicon(client_for):
    html = client_for("agent").get("/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    svg = Path(settings.BASE_DIR, "static", "favicon.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "</svg>" in svg
