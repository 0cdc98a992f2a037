"""Playwright with Debian's chromium (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip(
            "Debian's chromium is not installed (make test installs it with apt-get); browser tests skipped"
        )
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="et-EE", timezone_id="Europe/Tallinn")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
