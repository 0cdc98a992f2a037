import csv
import io

import pytest
from django.urls import reverse

from conftest import OTHER_IK, SENTINEL_IK
from teenindus.audit.models import AccessLog
from teenindus.customers.models import Customer

pytestmark = pytest.mark.django_db


def test_search_page_finds_and_logs_with_the_entered_purpose(client_for, sentinel):
    client = client_for("agent")
    response = client.get(reverse("customers:search"), {"q": SENTINEL_IK, "purpose": "Kõne infotelefonil"})
    assert response.status_code == 200
    assert "Sentinella Jälgitavsalu" in response.content.decode()
    log = AccessLog.objects.get(customer=sentinel)
    assert (log.action, log.purpose, log.view, log.channel) == (
        "search",
        "Kõne infotelefonil",
        "customers:search",
        "ui",
    )
    # The purpose travels on to the customer card.
    assert f"/customers/{sentinel.pk}/?purpose=K%C3%B5ne%20infotelefonil" in response.content.decode()


def test_htmx_search_returns_only_the_results_fragment(client_for, sentinel):
    response = client_for("agent").get(
        reverse("customers:search"), {"q": "Jälgitavsalu"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Sentinella Jälgitavsalu" in html
    assert "<html" not in html and "<table>" in html


def test_card_logs_with_the_implied_purpose_in_estonian(client_for, sentinel):
    client = client_for("agent")
    client.cookies["django_language"] = "en"
    response = client.get(reverse("customers:detail", args=[sentinel.pk]))
    html = response.content.decode()
    assert SENTINEL_IK in html and "sentinella@example.ee" in html and "Jälgija 7, Tartu, 50101" in html
    assert "Valvsus OÜ" in html  # the company the person represents
    log = AccessLog.objects.get(customer=sentinel)
    assert log.purpose == "Kliendikaardi vaatamine" and log.action == "view"


def test_unknown_customer_is_404_and_not_logged(client_for, sentinel):
    response = client_for("agent").get(reverse("customers:detail", args=[sentinel.pk + 500]))
    assert response.status_code == 404
    assert AccessLog.objects.count() == 0


def test_create_person_with_invalid_code_shows_the_error_on_the_field(client_for):
    response = client_for("info").post(
        reverse("customers:person_create"),
        {"first_name": "Mari", "last_name": "Maasikas", "isikukood": "39001010012", "language": "et"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["isikukood"] == ["Isikukood: vale kontrollnumber."]
    assert Customer.objects.count() == 0


def test_create_person_then_card(client_for):
    response = client_for("info").post(
        reverse("customers:person_create"),
        {
            "first_name": "Mari",
            "last_name": "Maasikas",
            "isikukood": OTHER_IK,
            "language": "ru",
            "phone": "5123 4567",
            "email": "mari@example.ee",
        },
    )
    person = Customer.objects.get(isikukood=OTHER_IK)
    assert response.status_code == 302 and response["Location"] == reverse(
        "customers:detail", args=[person.pk]
    )
    assert person.language == "ru" and person.contact_points.count() == 2


def test_edit_with_a_stale_version_keeps_the_other_change(client_for, sentinel):
    client = client_for("agent")
    page = client.get(reverse("customers:edit", args=[sentinel.pk]))
    assert page.context["form"].initial["version"] == 1
    data = {
        "first_name": "Sentinella",
        "last_name": "Jälgitavsalu",
        "isikukood": SENTINEL_IK,
        "language": "et",
        "version": 1,
    }
    first = client.post(reverse("customers:edit", args=[sentinel.pk]), {**data, "note": "Helistab tagasi"})
    assert first.status_code == 302
    second = client.post(reverse("customers:edit", args=[sentinel.pk]), {**data, "note": "Teine muudatus"})
    assert second.status_code == 200
    assert "Keegi teine muutis kliendi andmeid" in second.content.decode()
    sentinel.refresh_from_db()
    assert sentinel.note == "Helistab tagasi" and sentinel.version == 2


def test_edit_form_with_a_new_code_derives_the_new_birth_date(client_for, sentinel):
    response = client_for("agent").post(
        reverse("customers:edit", args=[sentinel.pk]),
        {
            "first_name": "Sentinella",
            "last_name": "Jälgitavsalu",
            "isikukood": OTHER_IK,
            "birth_date": "1994-03-13",  # the old one, as the form sends it back
            "language": "et",
            "version": 1,
        },
    )
    assert response.status_code == 302
    sentinel.refresh_from_db()
    assert sentinel.isikukood == OTHER_IK and str(sentinel.birth_date) == "1990-01-01"


def test_editing_a_foreigner_keeps_the_birth_date(client_for, users):
    from datetime import date

    from teenindus.customers import services

    person = services.person_create(
        actor=users["agent"], first_name="John", last_name="Smith", birth_date=date(1985, 5, 17)
    )
    data = {"first_name": "John", "last_name": "Smith", "isikukood": "", "birth_date": "1985-05-17"}
    response = client_for("agent").post(
        reverse("customers:edit", args=[person.pk]), {**data, "language": "en", "version": 1}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "en" and person.birth_date == date(1985, 5, 17) and person.isikukood is None


def test_add_contact_with_bad_phone_tells_why_and_saves_nothing(client_for, sentinel):
    client = client_for("agent")
    response = client.post(
        reverse("customers:contact_point_add", args=[sentinel.pk]),
        {"kind": "phone", "value": "12"},
        follow=True,
    )
    assert "Sisestage 7–15-kohaline telefoninumber." in response.content.decode()
    assert sentinel.contact_points.count() == 2


def test_add_representative_by_code(client_for, sentinel):
    company = Customer.objects.get(kind="company")
    response = client_for("agent").post(
        reverse("customers:representation_add", args=[company.pk]),
        {"person_isikukood": SENTINEL_IK, "role": "main_user"},
        follow=True,
    )
    assert response.status_code == 200
    assert company.representatives.filter(role="main_user", person=sentinel).exists()


def test_second_level_reads_but_cannot_change(client_for, sentinel):
    client = client_for("second")
    assert client.get(reverse("customers:detail", args=[sentinel.pk])).status_code == 200
    assert client.get(reverse("customers:edit", args=[sentinel.pk])).status_code == 403
    assert client.post(reverse("customers:person_create"), {}).status_code == 403


def test_hr_partner_sees_no_customers(client_for, sentinel):
    client = client_for("hr")
    assert client.get(reverse("customers:search"), {"q": SENTINEL_IK}).status_code == 403
    assert client.get(reverse("customers:detail", args=[sentinel.pk])).status_code == 403
    assert AccessLog.objects.count() == 0


@pytest.fixture
def looked_at(client, users, sentinel):
    client.force_login(users["agent"])
    client.get(reverse("customers:detail", args=[sentinel.pk]), {"purpose": "Kõne 17"})
    client.force_login(users["teamlead"])
    return client


def test_access_log_page_lists_who_looked_and_logs_itself(looked_at, sentinel):
    response = looked_at.get(reverse("customers:access_log", args=[sentinel.pk]))
    html = response.content.decode()
    assert "Agent Testija" in html and "Kõne 17" in html
    assert list(AccessLog.objects.filter(customer=sentinel).values_list("action", flat=True)) == [
        "access_log",
        "view",
    ]


def test_access_log_exports_csv(looked_at, sentinel):
    response = looked_at.get(reverse("customers:access_log", args=[sentinel.pk]), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Vaataja"], r["Tegevus"], r["Eesmärk"]) for r in rows] == [
        (
            "Teamlead Testija",
            "vaatamiste logi allalaadimine",
            "Andmesubjekti päring: kes on andmeid vaadanud",
        ),
        ("Agent Testija", "vaatamine", "Kõne 17"),
    ]
    assert rows[0]["Kanal"] == "Eksport"


def test_access_log_exports_json(looked_at, sentinel):
    response = looked_at.get(reverse("customers:access_log", args=[sentinel.pk]), {"format": "json"})
    body = response.json()
    assert body["customer"] == {"id": sentinel.pk, "name": "Sentinella Jälgitavsalu", "code": SENTINEL_IK}
    assert [a["actor"] for a in body["accesses"]] == ["Teamlead Testija", "Agent Testija"]
    assert body["accesses"][1]["at"].endswith("+02:00")  # Europe/Tallinn local time in November


def test_access_log_unknown_format_is_400_and_not_logged(looked_at, sentinel):
    before = AccessLog.objects.count()
    response = looked_at.get(reverse("customers:access_log", args=[sentinel.pk]), {"format": "xml"})
    assert response.status_code == 400
    assert AccessLog.objects.count() == before


def test_agent_cannot_read_the_access_log(client_for, sentinel):
    assert client_for("agent").get(reverse("customers:access_log", args=[sentinel.pk])).status_code == 403


def test_access_log_csv_neutralises_a_purpose_that_starts_a_formula(client, users, sentinel):
    client.force_login(users["agent"])
    client.get(reverse("customers:detail", args=[sentinel.pk]), {"purpose": '=HYPERLINK("http://x","y")'})
    client.force_login(users["teamlead"])
    response = client.get(reverse("customers:access_log", args=[sentinel.pk]), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1]["Eesmärk"] == '\'=HYPERLINK("http://x","y")'
    assert not [value for row in rows for value in row.values() if value[:1] in ("=", "+", "-", "@")]
