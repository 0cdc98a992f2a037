"""A call-centre section with its team lead (the organiser) and two agents; another office led by
a service manager (another lead); an info specialist elsewhere; a guide to link."""

from datetime import date, datetime

import pytest
from django.conf import settings
from django.utils import timezone

from conftest import make_user
from teenindus.accounts import roles
from teenindus.knowledge.models import GuideStatus
from teenindus.knowledge.services import guide_draft_create
from teenindus.meetings.services import meeting_create
from teenindus.org.models import Agency, Employee, Employment, Position, Unit


def staff(user, position: Position, last: str) -> Employee:
    user.email = f"{user.username}@amet.ee"
    user.last_name = last
    user.save(update_fields=["email", "last_name"])
    employee = Employee.objects.create(
        first_name=user.first_name, last_name=last, user=user, email=user.email
    )
    Employment.objects.create(employee=employee, position=position, start_date=date(2024, 1, 1))
    return employee


@pytest.fixture
def team(db, users):
    agency = Agency.objects.create(name="Amet")
    section = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section")
    office = Unit.objects.create(agency=agency, name="Tartu esindus", kind="office")
    elsewhere = Unit.objects.create(agency=agency, name="Personal", kind="department")
    lead = Position.objects.create(unit=section, title="Talitusejuhataja", is_manager=True)
    agent = Position.objects.create(unit=section, title="Kliendinõustaja", manager=lead)
    head = Position.objects.create(unit=office, title="Klienditeeninduse juht", is_manager=True)
    info = Position.objects.create(unit=elsewhere, title="Infospetsialist")
    agent2 = make_user("agent2", roles.AGENT)
    people = {
        "lead": staff(users["teamlead"], lead, "Juht"),
        "agent": staff(users["agent"], agent, "Tamm"),
        "agent2": staff(agent2, agent, "Saar"),
        "manager": staff(users["manager"], head, "Kask"),
        "info": staff(users["info"], info, "Info"),
    }
    guide = guide_draft_create(actor=users["teamlead"], title="Pensioni taotlemine", body="Samm 1.")
    guide.status = GuideStatus.PUBLISHED  # only guides in force are linked to meetings
    guide.save(update_fields=["status"])
    return {**people, "section": section, "office": office, "agent2_user": agent2, "guide": guide}


def new_meeting(team, users, **extra):
    fields = {
        "title": "Infotund: pensioni muudatused",
        "kind": "info_hour",
        "starts_at": timezone.make_aware(datetime(2026, 11, 20, 10, 0)),
        "unit": team["section"],
        "agenda": "1. Seadusemuudatus\n2. Küsimused",
        "summary": "Alates 1. jaanuarist muutub pensioni arvutus.",
        "decisions": ["Uus juhend kasutusele", "Järgmine infotund detsembris"],
        "attendees": [users["agent"], team["agent2_user"]],
        "guides": [team["guide"]],
        "legal_change": True,
    }
    fields.update(extra)
    return meeting_create(actor=users["teamlead"], **fields)


@pytest.fixture
def as_(client, users):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def sign_in(user):
        client.force_login(users[user] if isinstance(user, str) else user)
        return client

    return sign_in
