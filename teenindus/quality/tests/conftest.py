from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from teenindus.accounts import roles
from teenindus.contacts.models import Topic
from teenindus.contacts.services import contact_record
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.quality.services.forms import CriterionInput, form_save


def employ(user, position, first: str = "") -> Employee:
    employee = Employee.objects.create(
        first_name=first or user.username.title(), last_name="Testija", user=user
    )
    Employment.objects.create(employee=employee, position=position, start_date="2024-01-01")
    return employee


def at(day: int, month_offset: int = 0) -> datetime:
    """A time on `day` of last month (month_offset months earlier still)."""
    first = timezone.localdate().replace(day=1)
    for _ in range(month_offset + 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return timezone.make_aware(
        datetime.combine(first.replace(day=day), datetime.min.time()) + timedelta(hours=10)
    )


def contact(agent, topic, *, channel="phone", when=None, call_id=""):
    return contact_record(
        actor=agent,
        channel=channel,
        topic_id=topic.pk,
        outcome="solved",
        occurred_at=when or at(5),
        call_id=call_id,
    )


CRITERIA = [
    CriterionInput(section="Suhtlus", name="Tervitus", kind="yesno", weight="20"),
    CriterionInput(section="Suhtlus", name="Viisakus", kind="scale", weight="30", scale_max=5),
    CriterionInput(
        section="Sisu",
        name="Õige info",
        kind="yesno",
        weight="50",
        critical=True,
        description="Kliendile anti vale info.",
    ),
]


@pytest.fixture
def qa(db, users):
    """A call-centre unit with its lead, a senior specialist and two agents; an agent of another
    unit; a topic, contacts and a form."""
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section")
    other = Unit.objects.create(agency=agency, name="Tallinn", kind="office")
    lead_pos = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    senior_pos = Position.objects.create(unit=unit, title="Vanemspetsialist", manager=lead_pos)
    agent_pos = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead_pos)
    other_pos = Position.objects.create(unit=other, title="Klienditeenindaja")
    employ(users["teamlead"], lead_pos)
    employ(users["senior"], senior_pos)
    employ(users["agent"], agent_pos)
    agent2 = make_user("agent2", roles.AGENT)
    employ(agent2, agent_pos)
    stranger = make_user("stranger", roles.AGENT)
    employ(stranger, other_pos)
    topic = Topic.objects.create(name="Pensionid", code="pensionid")
    form = form_save(actor=users["teamlead"], name="Kõne hindamine", criteria=CRITERIA)
    return {
        "unit": unit,
        "agent": users["agent"],
        "agent2": agent2,
        "stranger": stranger,
        "lead": users["teamlead"],
        "senior": users["senior"],
        "manager": users["manager"],
        "topic": topic,
        "form": form,
        "contact": contact(users["agent"], topic, call_id="c-1"),
        "stranger_contact": contact(stranger, topic, channel="visit"),
    }


def answers(form, **by_name) -> dict:
    """Answers by criterion name (spaces as _): yes → 1, no → 0, "na" → not applicable."""
    out = {}
    for c in form.criteria.all():
        value = by_name.get(c.name.replace(" ", "_"), "1" if c.kind == "yesno" else "5")
        out[c.pk] = value
    return out
