import pytest
from django.conf import settings as project_settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, make_user
from teenindus.accounts import roles
from teenindus.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(settings):
    import config.settings as configured  # the module, not the test-time override

    assert configured.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS
    user = User.objects.create_user(username="uus", password="Pikk-Parool-2026")
    assert user.password.startswith("argon2$")
    assert user.check_password("Pikk-Parool-2026")


def test_sign_in_and_out(client, users):
    response = client.post(reverse("login"), {"username": "agent", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert "Agent Testija" in home.content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_gets_a_message_in_estonian(client, users):
    response = client.post(reverse("login"), {"username": "agent", "password": "vale"})
    assert response.status_code == 200
    assert "Palun sisestage õige kasutajatunnus ja parool" in response.content.decode()


def test_repeated_failures_lock_the_account_out(client, users):
    for _ in range(project_settings.AXES_USERNAME_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "agent", "password": "vale"})
    locked = client.post(reverse("login"), {"username": "agent", "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert "Liiga palju ebaõnnestunud sisselogimisi" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_page_is_csrf_protected(users):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "agent", "password": PASSWORD})
    assert response.status_code == 403


def test_roles_hold_exactly_their_permissions(db):
    def perms(role):
        return {
            f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()
        }

    assert set(roles.ROLES) == set(Group.objects.values_list("name", flat=True))
    assert perms(roles.AGENT) == {
        "customers.view_customer",
        "customers.add_customer",
        "customers.change_customer",
        "telephony.view_agent",
        "contacts.add_contact",
        "contacts.view_contact",
        "people.view_jobdescription",
        "tickets.add_ticket",
        "tickets.view_ticket",
        "registry.view_document",
        "papers.issue_paper",
        # Books front-desk appointments for callers.
        "frontdesk.add_appointment",
        "frontdesk.view_appointment",
        # Sees their own contact evaluations and flags difficult contacts.
        "quality.view_evaluation",
        "quality.add_difficultcontact",
        # Reads the meetings' summaries sent to them; records the stock checks of their own office.
        "meetings.view_meeting",
        "materials.view_material",
        "materials.view_holding",
        "materials.check_stock",
        # Reads published guides and links the one that solved a contact.
        "knowledge.view_guide",
        "knowledge.add_guideuse",
        # Sends the customer a survey about a contact they handled.
        "surveys.send_survey",
        # Sees their own shifts and asks for days off.
        "workforce.view_shift",
        "workforce.add_dayoffrequest",
    }
    # Workforce: leads and the senior specialist plan their teams; the service manager every team.
    planners = {role for role in roles.ROLES if "workforce.plan_workforce" in perms(role)}
    assert planners == {roles.TEAM_LEAD, roles.SENIOR_SPECIALIST, roles.SERVICE_MANAGER, roles.ADMINISTRATOR}
    overseers = {role for role in roles.ROLES if "workforce.oversee_workforce" in perms(role)}
    assert overseers == {roles.SERVICE_MANAGER, roles.ADMINISTRATOR}
    # Contact quality: leads and the senior specialist evaluate; the service manager sees all.
    evaluators = {role for role in roles.ROLES if "quality.evaluate_contact" in perms(role)}
    assert evaluators == {
        roles.TEAM_LEAD,
        roles.SENIOR_SPECIALIST,
        roles.SERVICE_MANAGER,
        roles.ADMINISTRATOR,
    }
    overseers = {role for role in roles.ROLES if "quality.oversee_evaluation" in perms(role)}
    assert overseers == {roles.SERVICE_MANAGER, roles.ADMINISTRATOR}
    # Meetings are held by the leads; the materials are managed by info specialists and leads.
    assert "meetings.change_meeting" in perms(roles.TEAM_LEAD) & perms(roles.SERVICE_MANAGER)
    assert "meetings.change_meeting" not in perms(roles.INFO_SPECIALIST) | perms(roles.SENIOR_SPECIALIST)
    manage = "materials.change_material"
    assert manage in perms(roles.INFO_SPECIALIST) & perms(roles.TEAM_LEAD) & perms(roles.SERVICE_MANAGER)
    assert perms(roles.SECOND_LEVEL).isdisjoint({"meetings.view_meeting", "materials.view_material"})
    assert perms(roles.SECOND_LEVEL) == {
        "customers.view_customer",
        "contacts.view_contact",
        "people.view_jobdescription",
        "tickets.view_ticket",
        "tickets.work_ticket",
        "registry.work_forwarding",
        "knowledge.view_guide",
        "knowledge.add_guideuse",
    }
    # Guides: everyone in customer service reads them; leads, senior and info specialists write them.
    writers = {role for role in roles.ROLES if "knowledge.change_guide" in perms(role)}
    assert writers == {roles.TEAM_LEAD, roles.SENIOR_SPECIALIST, roles.INFO_SPECIALIST, roles.ADMINISTRATOR}
    readers = {role for role in roles.ROLES if "knowledge.view_guide" in perms(role)}
    assert readers == set(roles.ROLES) - {roles.HR_PARTNER, roles.PHONE_SYSTEM}
    # The register: info specialists and leads register and forward, leads see their units' lists.
    register = {"registry.add_document", "registry.change_document", "registry.view_document"}
    assert register <= perms(roles.INFO_SPECIALIST) & perms(roles.TEAM_LEAD) & perms(roles.SERVICE_MANAGER)
    assert "registry.oversee_document" in perms(roles.TEAM_LEAD) - perms(roles.INFO_SPECIALIST)
    # Every ticket, the breaches and the reports: team leads and the senior specialist, not agents.
    assert "tickets.oversee_ticket" in perms(roles.TEAM_LEAD) & perms(roles.SENIOR_SPECIALIST)
    assert "tickets.oversee_ticket" not in perms(roles.AGENT) | perms(roles.SECOND_LEVEL)
    assert "people.analyse_conversation" in perms(roles.HR_PARTNER)
    # The contact analysis: leads and the manager read and send it; agents do not.
    analysis = {"analysis.view_contact_analysis", "analysis.send_contact_analysis"}
    assert analysis <= perms(roles.TEAM_LEAD) & perms(roles.SERVICE_MANAGER)
    assert not analysis & (perms(roles.AGENT) | perms(roles.SENIOR_SPECIALIST))
    assert "people.analyse_conversation" not in perms(roles.TEAM_LEAD)
    assert "people.review_jobdescription" in perms(roles.TEAM_LEAD)
    assert perms(roles.PHONE_SYSTEM) == {"telephony.route_call", "telephony.add_telephonyevent"}
    assert "telephony.view_call_stats" in perms(roles.TEAM_LEAD)
    assert "telephony.view_call_stats" not in perms(roles.AGENT)
    assert "audit.view_accesslog" in perms(roles.TEAM_LEAD)
    assert not any(p.startswith("customers.") for p in perms(roles.HR_PARTNER))
    assert "org.change_employment" in perms(roles.HR_PARTNER)
    assert "accounts.add_apitoken" in perms(roles.ADMINISTRATOR)
    # Papers: the desk, agents and leads issue them; leads and service managers edit the templates.
    issuers = {roles.AGENT, roles.INFO_SPECIALIST, roles.TEAM_LEAD, roles.SERVICE_MANAGER}
    assert all("papers.issue_paper" in perms(role) for role in issuers)
    assert not any(
        "papers.issue_paper" in perms(role) for role in set(roles.ROLES) - issuers - {roles.ADMINISTRATOR}
    )
    editors = {role for role in roles.ROLES if "papers.change_papertemplate" in perms(role)}
    assert editors == {roles.TEAM_LEAD, roles.SERVICE_MANAGER, roles.ADMINISTRATOR}
    # The front desk: the info specialist checks in and works a desk; leads also see the figures.
    desk_work = {"frontdesk.add_visit", "frontdesk.view_visit", "frontdesk.work_desk"}
    assert desk_work <= perms(roles.INFO_SPECIALIST) & perms(roles.TEAM_LEAD) & perms(roles.SERVICE_MANAGER)
    assert "frontdesk.view_visit_stats" in perms(roles.SERVICE_MANAGER) & perms(roles.SENIOR_SPECIALIST)
    assert "frontdesk.view_visit_stats" not in perms(roles.INFO_SPECIALIST) | perms(roles.AGENT)
    assert not desk_work & perms(roles.AGENT)


def test_navigation_shows_each_role_its_work(client_for):
    agent_home = client_for("agent").get(reverse("home")).content.decode()
    assert reverse("customers:search") in agent_home and reverse("org:structure") not in agent_home
    hr_home = client_for("hr").get(reverse("home")).content.decode()
    assert reverse("org:structure") in hr_home and reverse("customers:search") not in hr_home


def test_outsider_sees_the_no_role_page(client, db):
    client.force_login(make_user("võõras"))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "Teie kontol ei ole veel rolli." in response.content.decode()


def test_token_page_shows_the_token_once_and_stores_only_a_hash(client_for, users):
    client = client_for("admin")
    response = client.post(reverse("accounts:tokens"), {"name": "Telefonisüsteem"})
    raw = response.context["new_token"]
    assert raw.startswith("tnd_") and raw in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash != raw and raw not in token.key_hash and token.prefix == raw[:10]
    assert raw not in client.get(reverse("accounts:tokens")).content.decode()
    me = Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.json()["username"] == "admin"
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_token_needs_a_name(client_for):
    response = client_for("admin").post(reverse("accounts:tokens"), {"name": "  "})
    assert response.context["form"].errors["name"]
    assert ApiToken.objects.count() == 0


def test_someone_elses_token_cannot_be_revoked(client_for, users):
    from teenindus.accounts.services import api_token_create

    token, _raw = api_token_create(actor=users["teamlead"], user=users["teamlead"], name="x")
    response = client_for("admin").post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_production_settings_are_secure(monkeypatch):
    import importlib

    import config.settings as module

    monkeypatch.setenv("PRODUCTION", "1")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "teenindus.example.ee")
    try:
        prod = importlib.reload(module)
        assert prod.DEBUG is False
        assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE and prod.SESSION_COOKIE_HTTPONLY
        assert prod.SECURE_HSTS_SECONDS >= 31536000
        assert prod.ALLOWED_HOSTS == ["teenindus.example.ee"]
        monkeypatch.delenv("SECRET_KEY")
        with pytest.raises(Exception, match="SECRET_KEY"):
            importlib.reload(module)
    finally:
        monkeypatch.undo()
        importlib.reload(module)
