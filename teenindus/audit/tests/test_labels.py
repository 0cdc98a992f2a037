"""The access log as people read it: pages, actions and channels by name, in the user's language."""

import csv
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from teenindus.audit.labels import ACTION_LABELS, PAGE_TITLES, action_label, channel_label, page_title

pytestmark = pytest.mark.django_db

# The URL namespaces of the apps whose pages show people (and so write the access log).
PEOPLE_PAGES = ("customers", "contacts", "telephony", "people", "org")


def _names(resolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            names |= _names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_page_that_shows_people_has_a_title():
    names = {name for name in _names(get_resolver()) if name.split(":")[0] in PEOPLE_PAGES}
    assert names and not (names - PAGE_TITLES.keys())
    assert "home" in PAGE_TITLES


def test_titles_in_estonian_and_english():
    with translation.override("et"):
        assert page_title("customers:detail") == "Kliendikaart"
        assert page_title("contacts:customer_history") == "Kliendi pöördumiste ajalugu"
        assert (action_label("view"), action_label("search"), channel_label("ui")) == (
            "vaatamine",
            "otsing",
            "Veebileht",
        )
        assert page_title("admin:org_employee_changelist") == "Haldus"
        assert page_title("api:customer_get") == "Liides (API)"
    with translation.override("en"):
        assert page_title("customers:detail") == "Customer card"
        assert (action_label("search"), channel_label("export")) == ("search", "Export")
    # Something the log does not know yet shows as stored, never disappears.
    assert page_title("/some/path/") == "/some/path/" and action_label("new_action") == "new_action"


def test_every_action_the_apps_write_has_a_label():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    written = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if any(writer in text for writer in ("access_log_record(", "customer_get(", "self._log(")):
            written |= set(re.findall(r'action="([a-z_]+)"', text))
            written |= set(re.findall(r'_log\(request, \[?[^,]+\]?, "([a-z_]+)"\)', text))
    written |= {"view", "followups", "team_followups"}  # defaults and passed-on values
    assert written - ACTION_LABELS.keys() == set()


@pytest.fixture
def looked_at(client, users, sentinel):
    client.force_login(users["agent"])
    client.get(reverse("customers:detail", args=[sentinel.pk]), {"purpose": "Kõne 17"})
    client.get(reverse("customers:search"), {"q": "Sentinella"})
    client.get(reverse("contacts:customer_history", args=[sentinel.pk]))
    client.force_login(users["teamlead"])
    return client


def test_the_access_log_page_shows_pages_actions_and_channels_by_name(looked_at, sentinel):
    html = looked_at.get(reverse("customers:access_log", args=[sentinel.pk]), HTTP_ACCEPT_LANGUAGE="et")
    body = html.content.decode().split("<tbody>")[1]
    for shown in (
        "Kliendikaart",
        "Kliendiotsing",
        "Kliendi pöördumiste ajalugu",
        "vaatamine",
        "otsing",
        "Veebileht",
    ):
        assert shown in body, shown
    for code in (
        "customers:detail",
        "contacts:customer_history",
        "<td>view</td>",
        "<td>search</td>",
        "<td>ui</td>",
    ):
        assert code not in body, code


def test_the_access_log_export_reads_the_same_in_the_users_language(looked_at, sentinel):
    url = reverse("customers:access_log", args=[sentinel.pk])
    response = looked_at.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="et")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == ["Aeg", "Vaataja", "Vaade", "Tegevus", "Kanal", "Eesmärk"]
    assert (rows[0]["Vaade"], rows[0]["Tegevus"], rows[0]["Kanal"]) == (
        "Kes on andmeid vaadanud",
        "vaatamiste logi allalaadimine",
        "Eksport",
    )
    assert ("Kliendikaart", "vaatamine", "Veebileht", "Kõne 17") in {
        (r["Vaade"], r["Tegevus"], r["Kanal"], r["Eesmärk"]) for r in rows
    }
    looked_at.cookies["django_language"] = "en"
    english = looked_at.get(url, {"format": "json"}).json()["accesses"]
    assert {(a["view"], a["action"], a["channel"]) for a in english} >= {
        ("Customer card", "view", "Web page"),
        ("Customer search", "search", "Web page"),
    }
