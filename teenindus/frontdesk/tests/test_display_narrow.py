"""The waiting-room display on a 390 px phone: the sections stack, the numbers wrap, and the page
never scrolls sideways (it was 436 px wide, the waiting column cut off)."""

import threading

import pytest

from teenindus.frontdesk.services.queue import visitor_call_next
from teenindus.frontdesk.tests.helpers import at_desk, check_in
from teenindus.tests.browser.conftest import CHROMIUM_ARGS, chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """() => {
  const last = document.querySelector('#waiting span:last-child').getBoundingClientRect();
  return {
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    calls: document.querySelector('#calls').innerText,
    waiting: document.querySelectorAll('#waiting span').length,
    lastLeft: last.left,
    lastRight: last.right,
  };
}"""


def _measure(url: str) -> dict:
    """Open the display in chromium at 390 px. In a thread of its own: the browser tests' session
    may hold Playwright's sync API (one per thread) in this one."""
    from playwright.sync_api import sync_playwright

    found: dict = {}

    def run():
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
                )
                context = browser.new_context(
                    locale="et-EE", timezone_id="Europe/Tallinn", viewport={"width": 390, "height": 844}
                )
                page = context.new_page()
                page.set_default_timeout(15000)
                page.goto(url)
                found.update(page.evaluate(MEASURE))
                browser.close()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            found["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the browser hung"
    if "error" in found:
        raise found["error"]
    return found


def test_the_display_fits_a_phone_without_scrolling_sideways(live_server, fd):
    if not chromium_path():
        pytest.skip("Debian's chromium is not installed; browser tests skipped")
    for _n in range(30):
        check_in(fd, "A")
    desk = at_desk(fd, 0)
    called = visitor_call_next(actor=fd["info"], desk_id=desk.pk)
    shown = _measure(f"{live_server.url}/ootesaal/tartu/")
    assert called.number in shown["calls"] and shown["waiting"] == 29
    assert shown["scroll"] <= shown["client"] == 390
    # Every number waiting is on the screen, the last one too.
    assert shown["lastLeft"] >= 0 and shown["lastRight"] <= 390
