"""The start page's registry: apps register providers, core imports none of them, the page shows
each provider's sections for the signed-in user."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from teenindus.audit.context import AccessContext
from teenindus.core import startpage
from teenindus.core.formatting import duration, percent

CORE = Path(startpage.__file__).resolve().parent


@pytest.fixture
def registry():
    """The registered providers, restored after a test that adds its own."""
    saved = dict(startpage._PROVIDERS)
    yield
    startpage._PROVIDERS.clear()
    startpage._PROVIDERS.update(saved)


def test_the_apps_register_their_providers_through_their_startpage_modules():
    assert {"people", "telephony", "contacts"} <= set(startpage.providers())


def test_core_imports_no_app():
    """Apps register with core; core never names an app (it finds their startpage.py by itself)."""
    apps = {"people", "telephony", "contacts", "customers", "demo"}
    for path in CORE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                assert not (parts[0] == "teenindus" and len(parts) > 1 and parts[1] in apps), (path, name)


def test_sections_come_in_the_providers_order_and_empty_ones_without_text_are_left_out(registry, users):
    seen = []

    def late(ctx):
        seen.append(ctx.actor)
        return [startpage.Section(key="late", title="Late", items=[startpage.Item("x", "/x/")])]

    def early(ctx):
        return [
            startpage.Section(key="early", title="Early", empty="Nothing"),
            startpage.Section(key="hidden", title="Hidden"),
        ]

    startpage._PROVIDERS.clear()
    startpage.register("late", late, order=50)
    startpage.register("early", early, order=5)
    ctx = AccessContext(actor=users["agent"], view="home", purpose="test")
    assert [s.key for s in startpage.sections_for(ctx=ctx)] == ["early", "late"]
    assert seen == [users["agent"]]  # the provider decides from the user in the context


def test_the_home_page_shows_a_registered_providers_items_linking_to_the_work(registry, client_for):
    startpage.register(
        "test",
        lambda ctx: [
            startpage.Section(
                key="test",
                title="Tööd",
                items=[startpage.Item("Tee see ära", "/somewhere/", detail="täna", overdue=True)],
            )
        ],
    )
    body = client_for("info").get(reverse("home")).content.decode()
    assert 'id="work-test"' in body and '<a href="/somewhere/">Tee see ära</a>' in body
    assert 'class="overdue"' in body


def test_an_outsider_gets_no_start_page(client_for):
    assert client_for("outsider").get(reverse("home")).status_code == 403


def test_percent_has_one_decimal_in_the_users_language():
    with translation.override("et"):
        assert percent(0.729) == "72,9\u00a0%"
        assert percent(1) == "100,0\u00a0%"
    with translation.override("en"):
        assert percent(0.90285) == "90.3\u00a0%"
    assert percent(None) == "—"


def test_durations_read_at_a_glance():
    assert duration(45) == "45\u00a0s"
    assert duration(12 * 60 + 5) == "12\u00a0min"
    assert duration(3600 + 5 * 60) == "1\u00a0h 05\u00a0min"
