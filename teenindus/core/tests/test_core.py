from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse

from teenindus.core.calendar import add_working_days, is_working_day, next_working_day, working_days_between


def test_estonian_public_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 2, 24))  # Independence Day
    assert not is_working_day(date(2026, 6, 23))  # Victory Day
    assert not is_working_day(date(2026, 12, 24))  # Christmas Eve
    assert not is_working_day(date(2026, 11, 22))  # Sunday
    assert is_working_day(date(2026, 11, 23))


def test_five_working_days_over_christmas():
    # Information request received on Tue 22 Dec 2026: 24-26 Dec are holidays, 26-27 a weekend.
    assert add_working_days(date(2026, 12, 22), 5) == date(2026, 12, 31)
    assert next_working_day(date(2026, 12, 23)) == date(2026, 12, 28)
    assert working_days_between(date(2026, 12, 22), date(2026, 12, 31)) == 5


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1)


@pytest.mark.django_db
def test_healthz_reports_the_database_and_the_worker(client):
    from django.utils import timezone

    from teenindus.core.worker import heartbeat

    heartbeat(worker_id="w1", started_at=timezone.now())
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok" and response.json()["worker"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    # The database is outside the application: fake its failure at the connection.
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_estonian_translation_is_complete():
    po = (Path(settings.BASE_DIR) / "locale/et/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]  # the first is the header
    untranslated = [e for e in entries if 'msgstr ""' in e and '\n"' not in e.split('msgstr ""', 1)[1]]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]


@pytest.mark.django_db
def test_pages_are_estonian_by_default_and_english_on_request(client_for):
    client = client_for("agent")
    # An English browser still gets the Estonian interface until the user picks English.
    assert "Kliendid" in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert "Customers" in html and 'lang="en"' in html


@pytest.mark.django_db
def test_times_are_shown_in_tallinn_and_dates_in_estonian_format(client_for, sentinel):
    html = client_for("agent").get(reverse("customers:detail", args=[sentinel.pk])).content.decode()
    assert "13.03.1994" in html  # the sentinel's birth date in the Estonian short format
    assert settings.TIME_ZONE == "Europe/Tallinn"


@pytest.mark.django_db
def test_date_times_are_estonian_style_in_both_languages(client_for, users):
    from datetime import UTC, datetime

    from django.utils import formats, translation

    moment = datetime(2026, 11, 20, 12, 5, tzinfo=UTC)
    for language in ("et", "en"):
        with translation.override(language):
            assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "20.11.2026 12:05"


def test_no_cdn_every_script_is_served_locally():
    base = (Path(settings.BASE_DIR) / "templates/base.html").read_text()
    assert "http://" not in base and "https://" not in base and "//cdn" not in base
