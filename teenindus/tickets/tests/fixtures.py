"""A department with a first level and three second-level groups: permits (in Teenindus, round
robin), IT support, and a group kept in JIRA."""

from datetime import date

import pytest
from django.core.management import call_command

from conftest import make_user
from teenindus.accounts import roles
from teenindus.contacts.models import Topic
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.tickets.models import Category, GroupMember, SlaPolicy, SupportGroup


def run_worker():
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")


def staff(user, first: str, last: str, position: Position, email: str) -> Employee:
    user.email = email
    user.save(update_fields=["email"])
    employee = Employee.objects.create(first_name=first, last_name=last, user=user, email=email)
    Employment.objects.create(employee=employee, position=position, start_date=date(2024, 1, 1))
    return employee


@pytest.fixture
def dept(db, users):
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Klienditeenindus", kind="section")
    lead_position = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    agent_position = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead_position)
    specialist = Position.objects.create(unit=unit, title="Loaspetsialist", manager=lead_position)
    specialist.substitutes.add(specialist)
    second2 = make_user("second2", roles.SECOND_LEVEL)
    people = {
        "lead": staff(users["teamlead"], "Tiina", "Juht", lead_position, "lead@x.ee"),
        "agent": staff(users["agent"], "Anu", "Agent", agent_position, "agent@x.ee"),
        "info": staff(users["info"], "Ivo", "Info", agent_position, "info@x.ee"),
        "second": staff(users["second"], "Sirje", "Teine", specialist, "sirje@x.ee"),
        "second2": staff(second2, "Siim", "Teine", specialist, "siim@x.ee"),
    }
    permits = SupportGroup.objects.create(
        name="Load", code="load", email="load@x.ee", assignment=SupportGroup.Assignment.ROUND_ROBIN
    )
    for key in ("second", "second2"):
        GroupMember.objects.create(group=permits, employee=people[key])
    permit = Category.objects.create(
        group=permits, name="Veeluba", code="veeluba", required_fields=["permit_number"]
    )
    general = Category.objects.create(group=permits, name="Üldküsimus", code="yld")
    SlaPolicy.objects.create(
        group=permits, response_hours=4, solution_amount=3, solution_unit="days", delivery_days=2
    )
    SlaPolicy.objects.create(
        group=permits,
        category=permit,
        priority="urgent",
        response_hours=1,
        solution_amount=8,
        solution_unit="hours",
    )
    it = SupportGroup.objects.create(name="IT-tugi", code="it", email="it@x.ee", is_it_support=True)
    GroupMember.objects.create(group=it, employee=people["second2"])
    it_category = Category.objects.create(
        group=it, name="IT-probleem", code="it-problem", required_fields=["office", "device"]
    )
    jira_group = SupportGroup.objects.create(
        name="Keskkonnaload (JIRA)",
        code="jira",
        kind=SupportGroup.Kind.JIRA,
        jira_project_key="LUBA",
        jira_field_map={"permit_number": "customfield_10010"},
    )
    jira_category = Category.objects.create(group=jira_group, name="Loa muutmine", code="loa-muutmine")
    topic = Topic.objects.create(name="Load", code="load")
    return {
        **people,
        "second2_user": second2,
        "permits": permits,
        "permit": permit,
        "general": general,
        "it": it,
        "it_category": it_category,
        "jira_group": jira_group,
        "jira_category": jira_category,
        "topic": topic,
    }
