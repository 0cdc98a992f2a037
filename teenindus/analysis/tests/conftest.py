"""A hand-counted month of contacts (October 2026), the month before and October 2025, in two
units' topics, with survey answers, a contact note and a customer's free text."""

import uuid
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from teenindus.analysis.models import TopicOwnership
from teenindus.contacts.models import Contact, Topic
from teenindus.customers.models import Customer
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.surveys.models import SurveyInvitation

NOTE = "NOTE-SECRET-1 klient oli pahane"
WORDS = "WORDS-SECRET-2 ootasin liiga kaua"


def contact(topic, day: date, channel="phone", outcome="solved", *, user, note="", customer=None) -> Contact:
    moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
    return Contact.objects.create(
        topic=topic,
        channel=channel,
        outcome=outcome,
        handled_by=user,
        note=note,
        customer=customer,
        occurred_at=moment,
        local_date=day,
    )


def answer(c: Contact, *, satisfaction: int, solved: bool, user, comment: str = "") -> SurveyInvitation:
    return SurveyInvitation.objects.create(
        contact=c,
        token_hash=uuid.uuid4().hex,
        language="et",
        via="link",
        sent_by=user,
        expires_at=c.occurred_at + timedelta(days=14),
        answered_at=c.occurred_at + timedelta(days=1),
        satisfaction=satisfaction,
        solved=solved,
        comment=comment,
    )


@pytest.fixture
def world(db, users):
    agent = users["agent"]
    agency = Agency.objects.create(name="Amet")
    pensions_unit = Unit.objects.create(agency=agency, name="Pensionide osakond", kind="department")
    benefits_unit = Unit.objects.create(agency=agency, name="Toetuste osakond", kind="department")
    heads = {}
    for unit, first, email in ((pensions_unit, "Piret", "head1@x.ee"), (benefits_unit, "Tõnu", "head2@x.ee")):
        position = Position.objects.create(unit=unit, title="Juhataja", is_manager=True)
        employee = Employee.objects.create(first_name=first, last_name="Juht", email=email)
        Employment.objects.create(employee=employee, position=position, start_date=date(2020, 1, 1))
        heads[unit.pk] = email
    pensions = Topic.objects.create(name="Pensionid", code="pens")
    old = Topic.objects.create(name="Vanaduspension", code="pens-old", parent=pensions)
    disability = Topic.objects.create(name="Töövõimetus", code="pens-dis", parent=pensions)
    benefits = Topic.objects.create(name="Toetused", code="ben")
    family = Topic.objects.create(name="Peretoetus", code="ben-fam", parent=benefits)
    TopicOwnership.objects.create(unit=pensions_unit, topic=pensions)  # the top covers its children
    TopicOwnership.objects.create(unit=benefits_unit, topic=family)
    customer = Customer.objects.create(kind="person", name="Mari Maasikas", birth_date=date(1950, 1, 1))
    oct_ = date(2026, 10, 5)
    c = {}
    # October 2026
    c["old1"] = contact(old, oct_, user=agent, note=NOTE, customer=customer)
    c["old2"] = contact(old, date(2026, 10, 31), user=agent)
    contact(old, oct_, "visit", "escalated", user=agent)
    contact(old, oct_, "email", "escalated", user=agent)
    contact(disability, date(2026, 10, 1), user=agent)
    c["fam1"] = contact(family, oct_, user=agent)
    contact(family, oct_, "phone", "call_back", user=agent)
    contact(family, oct_, "visit", "escalated", user=agent)
    # September 2026
    c["old_sep"] = contact(old, date(2026, 9, 30), user=agent)
    contact(disability, date(2026, 9, 2), user=agent)
    contact(disability, date(2026, 9, 3), user=agent)
    contact(family, date(2026, 9, 15), "visit", user=agent)
    # October 2025
    contact(old, date(2025, 10, 1), user=agent)
    contact(old, date(2025, 10, 31), user=agent)
    for day in (2, 3, 4):
        contact(family, date(2025, 10, day), user=agent)
    # After the period
    contact(old, date(2026, 11, 1), user=agent)
    # Survey answers: two about October's old-age pensions, one about a family benefit, one about September.
    answer(c["old1"], satisfaction=5, solved=True, user=agent, comment=WORDS)
    answer(c["old2"], satisfaction=2, solved=False, user=agent)
    answer(c["fam1"], satisfaction=4, solved=True, user=agent)
    answer(c["old_sep"], satisfaction=1, solved=False, user=agent)
    return {
        "units": {"pensions": pensions_unit, "benefits": benefits_unit},
        "topics": {"old": old, "disability": disability, "family": family},
        "heads": heads,
        "customer": customer,
        "start": date(2026, 10, 1),
        "end": date(2026, 11, 1),
    }
