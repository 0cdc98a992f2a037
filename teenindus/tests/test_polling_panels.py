"""A panel that refreshes itself keeps refreshing: what its poll returns, swapped in the way the page
says, still carries the poll (the dashboard's "now" panel once replaced itself with its bare
contents and stopped after the first refresh)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (The desk's call panel answers 204 until its call changes, and brings its own poller back then.)
PANELS = [("teamlead", "telephony:dashboard", "telephony:dashboard_now")]


def _poller(html: str, url: str) -> str:
    match = re.search(rf'<[^>]*hx-get="{re.escape(url)}"[^>]*hx-trigger="every [^"]*"[^>]*>', html)
    assert match, f"no element polls {url}"
    return match.group(0)


@pytest.mark.parametrize(("role", "page", "poll"), PANELS)
def test_a_polled_panel_survives_its_own_refresh(client_for, role, page, poll):
    client = client_for(role)
    html = client.get(reverse(page)).content.decode()
    targets = re.findall(r'hx-get="([^"]+)"[^>]*hx-trigger="every', html)
    assert targets, "the page has no polling panel"
    for url in targets if poll is None else [reverse(poll)]:
        element = _poller(html, url)
        swap = re.search(r'hx-swap="([^"]+)"', element)
        fragment = client.get(url).content.decode()
        if swap and swap.group(1).startswith("outerHTML"):
            # The element is replaced: the fragment must bring the poll back.
            assert f'hx-get="{url}"' in fragment and 'hx-trigger="every' in fragment
        else:
            # The element's contents are replaced: the fragment must not nest another poller.
            assert f'hx-get="{url}"' not in fragment
