"""The HR partner's year: an annual review signed by both sides, and an end-of-probation talk."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.org.models import Agency, Employee, Employment
from teenindus.people.models import Conversation, JobDescription, Signature
from teenindus.people.services.conversations import conversations_schedule
from teenindus.people.services.job_descriptions import job_description_save
from teenindus.people.tests.expected_fixtures import TEAM_LEAD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(username, role, first, last):
    user = User.objects.create_user(username=username, password="demo", first_name=first, last_name=last)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def office(db):
    Agency.objects.create(name="Sotsiaalkindlustusamet")
    jd = job_description_save(actor=None, record=TEAM_LEAD).job_description
    position = jd.position
    hr = _user("personal", roles.HR_PARTNER, "Aivi", "Arunurm")
    lead_user = _user("juht", roles.TEAM_LEAD, "Jelena", "Lorents")
    lead = Employee.objects.create(first_name="Jelena", last_name="Lorents", user=lead_user)
    Employment.objects.create(
        employee=lead, position=position, start_date=timezone.localdate() - timedelta(days=400)
    )
    # A new agent in the lead's section, on probation until yesterday.
    agent_position = position.unit.positions.create(title="Kliendinõustaja", manager=position)
    agent_user = _user("noustaja", roles.AGENT, "Kadri", "Tamm")
    agent = Employee.objects.create(first_name="Kadri", last_name="Tamm", user=agent_user)
    today = timezone.localdate()
    Employment.objects.create(
        employee=agent,
        position=agent_position,
        start_date=today - timedelta(days=120),
        probation_end=today - timedelta(days=1),
    )
    conversations_schedule()
    return jd, hr


def _sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Kasutajanimi").fill(username)
    page.get_by_label("Parool").fill("demo")
    page.get_by_role("button", name="Logi sisse").click()


def test_annual_review_with_both_signatures_and_a_probation_conversation(live_server, page, office):
    jd, _hr = office
    # The HR partner finds the job description by a word form and reviews it.
    _sign_in(page, live_server, "personal")
    page.get_by_role("link", name="Ametijuhendid").first.click()
    page.get_by_label("Ametinimetus, üksus või tööülesanne").fill("kõnekeskuses")
    page.get_by_role("button", name="Otsi").click()
    page.get_by_role("link", name="Talitusejuhtaja").click()
    page.locator("#review-link").click()
    text = page.get_by_label("Ametijuhendi tekst")
    text.fill(
        text.input_value().replace(
            "Infotelefoni sidelahendus toimib.", "Infotelefoni ja vestlusroboti sidelahendus toimib."
        )
    )
    page.get_by_label("Põhjus").select_option("annual_review")
    page.locator("#save-review").click()
    page.get_by_text("Üle vaadatud: kehtiv on nüüd versioon 2.").wait_for()
    assert page.get_by_text("Infotelefoni ja vestlusroboti sidelahendus toimib.").count() >= 1
    # The difference is marked.
    page.get_by_role("link", name="Võrdle eelmise versiooniga").click()
    assert page.locator("ins", has_text="vestlusroboti").count() == 1
    page.go_back()
    # The HR partner signs for the employer.
    page.get_by_role("button", name="Allkirjasta: Tööandja").click()
    page.get_by_text("Allkiri salvestatud.").wait_for()

    # The employee signs their own job description.
    _sign_in(page, live_server, "juht")
    page.goto(f"{live_server.url}/people/jd/{jd.pk}/")
    assert page.get_by_role("button", name="Allkirjasta: Tööandja").count() == 0
    page.get_by_role("button", name="Allkirjasta: Töötaja").click()
    page.get_by_text("Allkiri salvestatud.").wait_for()
    signatures = page.locator("#signatures").inner_text()
    assert "Aivi Arunurm" in signatures and "Jelena Lorents" in signatures
    version = JobDescription.objects.get(pk=jd.pk).versions.get(number=2)
    assert set(version.signatures.values_list("party", flat=True)) == {
        Signature.Party.EMPLOYEE,
        Signature.Party.EMPLOYER,
    }

    # The line manager holds the new agent's end-of-probation talk, now overdue, and writes it down.
    page.get_by_role("link", name="Vestlused").first.click()
    page.get_by_role("link", name="Ainult tähtaja ületanud").click()
    page.get_by_role("link", name="Kadri Tamm").first.click()
    page.get_by_label("Toimus").fill(timezone.localdate().isoformat())
    page.get_by_label("Kuidas on sisseelamine läinud?").fill("Hästi, meeskonnaga kohanes kiiresti.")
    page.get_by_label("Kas katseaeg on edukalt läbitud?").fill("Jah.")
    page.get_by_label("Kokkulepitud eesmärgid").fill(
        "Iseseisvalt pensionijärjekorras alates järgmisest kuust."
    )
    page.get_by_label("Koolitusvajadused (igaüks eraldi real)").fill("Peretoetuste seadus\nRaske kõne")
    page.locator("#save-conversation").click()
    page.get_by_text("Vestlus salvestatud.").wait_for()
    conversation = Conversation.objects.get(kind="probation")
    assert conversation.status == "done" and conversation.training_needs == [
        "Peretoetuste seadus",
        "Raske kõne",
    ]
    assert conversation.answers[0]["answer"] == "Hästi, meeskonnaga kohanes kiiresti."

    # The employee reads it; the HR partner sees it counted in the analysis.
    _sign_in(page, live_server, "noustaja")
    page.goto(f"{live_server.url}/people/conversations/{conversation.pk}/")
    assert page.get_by_text("Hästi, meeskonnaga kohanes kiiresti.").count() == 1
    _sign_in(page, live_server, "personal")
    page.goto(f"{live_server.url}/people/conversations/analysis/")
    assert page.get_by_text("Peretoetuste seadus: 1").count() == 1
    assert page.locator("svg").count() >= 2
