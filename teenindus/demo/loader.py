"""Loads the demo agency. Idempotent: every record is looked up by a natural key first, so a second
run finds everything in place and writes nothing."""

import random
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from stdnum.ee import ik, registrikood

from teenindus.accounts.models import User
from teenindus.contacts.models import Channel, Contact, Outcome, Topic
from teenindus.customers import services as customer_services
from teenindus.customers.models import Address, ContactPoint, Customer, Representation
from teenindus.customers.validators import name_fold
from teenindus.demo import data
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.people.jd_parser import parse_job_description
from teenindus.people.jd_sources import document_lines
from teenindus.people.models import Absence, Conversation, JobDescription
from teenindus.people.services.conversations import conversations_schedule
from teenindus.people.services.job_descriptions import job_description_save
from teenindus.telephony.models import Agent, AgentSkill, Call, Interface, Queue
from teenindus.telephony.queue_log import import_queue_log
from teenindus.telephony.simulator import simulate
from teenindus.tickets.models import SupportGroup, Ticket

DEMO_PASSWORD = "demo"


def demo_email(first: str, last: str) -> str:
    """first.last@ska.example.ee in plain ASCII (Mägi → magi), as mail servers take it."""
    return name_fold(f"{first}.{last}".replace(" ", "")) + "@ska.example.ee"


SEED = 2026


def _isikukood(rng: random.Random, *, female: bool, born: date, serial: int) -> str:
    century = 4 if born.year < 2000 else 6
    first = century - (0 if female else 1)
    body = f"{first}{born:%y%m%d}{serial:03d}"
    return body + ik.calc_check_digit(body + "0")  # stdnum ignores the last digit


def _registrikood(n: int) -> str:
    body = f"1{n:06d}"
    return body + registrikood.calc_check_digit(body + "0")


@transaction.atomic
def load_org() -> dict:
    agency, _ = Agency.objects.get_or_create(name=data.AGENCY["name"], defaults=data.AGENCY)
    units: dict[str, Unit] = {}
    for key, name, kind, parent in data.UNITS:
        units[key], _ = Unit.objects.get_or_create(
            agency=agency, parent=units.get(parent), name=name, defaults={"kind": kind, "code": key}
        )
    positions: dict[str, Position] = {}
    for key, title, unit, manager, heads in data.POSITIONS:
        positions[key], _ = Position.objects.get_or_create(
            unit=units[unit],
            title=title,
            defaults={"manager": positions.get(manager), "is_manager": heads},
        )
    for key, substituted in data.SUBSTITUTES:
        positions[key].substitutes.add(*[positions[s] for s in substituted])
    for username, first, last, position, role, start, probation in data.EMPLOYEES:
        user = None
        if username:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "is_staff": role == "Administraator"},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if role:
                user.groups.add(Group.objects.get(name=role))
        employee, _ = Employee.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={"user": user, "email": demo_email(first, last)},
        )
        if position:
            Employment.objects.get_or_create(
                employee=employee,
                position=positions[position],
                defaults={
                    "start_date": date.fromisoformat(start),
                    "probation_end": date.fromisoformat(probation) if probation else None,
                },
            )
    return {"units": units, "positions": positions}


@transaction.atomic
def load_customers(*, persons: int = 190) -> None:
    rng = random.Random(SEED)
    actor = User.objects.get(username="admin")
    made: list[Customer] = []
    for i in range(persons):
        russian = i % 4 == 0
        names = data.FIRST_NAMES_RU if russian else data.FIRST_NAMES_ET
        first, gender = rng.choice(names)
        last = rng.choice(data.LAST_NAMES_RU if russian else data.LAST_NAMES_ET)
        if russian and gender == 2:
            last += "a"
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 66))
        code = _isikukood(rng, female=gender == 2, born=born, serial=i)
        phone = f"5{rng.randrange(1000000, 9999999)}"
        email = f"{first}.{last}{i}@example.ee".lower().replace("õ", "o").replace("ä", "a").replace("ü", "u")
        city, postal = rng.choice(data.CITIES)
        street = f"{rng.choice(data.STREETS)} {rng.randrange(1, 120)}"
        postal_code = f"{postal}{rng.randrange(100, 999)}"
        # Every random draw happens above, so a second run walks the same sequence.
        customer = Customer.objects.filter(isikukood=code).first()
        if customer is None:
            customer = customer_services.person_create(
                actor=actor,
                first_name=first,
                last_name=last,
                isikukood=code,
                language="ru" if russian else "et",
                phone=phone,
                email=email if i % 3 else "",
            )
            customer_services.address_add(
                actor=actor, customer=customer, street=street, city=city, postal_code=postal_code
            )
        made.append(customer)
    for first, last, language, country in data.FOREIGN:
        born = date(1980 + len(first), 5, 17)
        if not Customer.objects.filter(first_name=first, last_name=last, birth_date=born).exists():
            customer = customer_services.person_create(
                actor=actor, first_name=first, last_name=last, birth_date=born, language=language
            )
            customer_services.address_add(
                actor=actor, customer=customer, street="Main Street 1", city="Capital", country=country
            )
    for n, name in enumerate(data.COMPANIES):
        code = _registrikood(4200 + n * 37)
        phone = f"6{rng.randrange(100000, 999999)}"
        company = Customer.objects.filter(registrikood=code).first()
        if company is None:
            company = customer_services.company_create(actor=actor, name=name, registrikood=code, phone=phone)
            for role, person in (
                (Representation.Role.BOARD_MEMBER, made[n * 7]),
                (Representation.Role.MAIN_USER, made[n * 7 + 3]),
            ):
                customer_services.representation_add(
                    actor=actor,
                    company=company,
                    person_isikukood=person.isikukood,
                    role=role,
                    source="äriregister",
                )


@transaction.atomic
def load_contact_centre() -> None:
    queues = [
        Queue.objects.get_or_create(name=name, defaults={"title": title})[0] for name, title in data.QUEUES
    ]
    for n, (first, last) in enumerate(data.AGENTS):
        employee = Employee.objects.get(first_name=first, last_name=last)
        if employee.user is None:
            user, created = User.objects.get_or_create(
                username=f"{first}.{last}".lower(), defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                role = next(r for _u, f, la, _p, r, *_ in data.EMPLOYEES if (f, la) == (first, last))
                user.groups.add(Group.objects.get(name=role))
            employee.user = user
            employee.save(update_fields=["user"])
        extension = str(201 + n)
        agent, _ = Agent.objects.get_or_create(
            extension=extension, defaults={"name": f"{first} {last}", "employee": employee}
        )
        Interface.objects.get_or_create(name=f"PJSIP/{extension}", defaults={"agent": agent})
        for queue in queues:
            AgentSkill.objects.get_or_create(agent=agent, queue=queue)
    for parent_name, children in data.TOPICS.items():
        parent, _ = Topic.objects.get_or_create(code=slugify(parent_name), defaults={"name": parent_name})
        for child in children:
            Topic.objects.get_or_create(code=slugify(child), defaults={"name": child, "parent": parent})


DONE_NOTES = {Outcome.CALL_BACK: "Helistatud tagasi.", Outcome.ESCALATED: "Vastus kliendile edastatud."}


def load_call_history(*, days: int = 7) -> None:
    """A simulated week of the info line, so the dashboard has history (same seed, same week:
    nothing new on a second run the same day), with a contact recorded for most answered calls."""
    start = timezone.localdate() - timedelta(days=days)
    import_queue_log(simulate(start=start, days=days, agents=len(data.AGENTS)))
    rng = random.Random(SEED)
    topics = list(Topic.objects.filter(parent__isnull=False).order_by("code"))
    outcomes = [Outcome.SOLVED] * 7 + [Outcome.ESCALATED, Outcome.CALL_BACK, Outcome.REFERRED]
    users = {a.pk: a.employee.user for a in Agent.objects.select_related("employee__user") if a.employee}
    persons = list(
        Customer.objects.filter(kind=Customer.Kind.PERSON).order_by("pk").values_list("pk", flat=True)
    )
    contacts = []
    calls = Call.objects.filter(outcome="answered", ended_at__isnull=False, local_date__gte=start)
    last_day = calls.aggregate(last=Max("local_date"))["last"] or start
    calls = calls.order_by("call_id")
    for call in calls.only("call_id", "agent_id", "queue__name", "ended_at").select_related("queue"):
        topic, outcome, keep = rng.choice(topics), rng.choice(outcomes), rng.random() < 0.8
        customer_id = rng.choice(persons) if rng.random() < 0.7 else None  # some callers stay unknown
        user = users.get(call.agent_id)
        if keep and user is not None:
            # Follow-ups of the last day of traffic still wait; older ones were done the same day
            # (an agent's start page shows a handful, as on a real Monday, not the whole week).
            day = timezone.localtime(call.ended_at).date()
            done = outcome in (Outcome.ESCALATED, Outcome.CALL_BACK) and day < last_day
            contacts.append(
                Contact(
                    customer_id=customer_id,
                    channel=Channel.PHONE,
                    topic=topic,
                    outcome=outcome,
                    handled_by=user,
                    queue=call.queue.name,
                    call_id=call.call_id,
                    occurred_at=call.ended_at,
                    local_date=day,
                    followup_closed_at=call.ended_at + timedelta(hours=3) if done else None,
                    followup_closed_by=user if done else None,
                    followup_note=DONE_NOTES[outcome] if done else "",
                )
            )
    Contact.objects.bulk_create(contacts, batch_size=1000, ignore_conflicts=True)


SAMPLES = Path(__file__).resolve().parents[1] / "people" / "samples"


@transaction.atomic
def load_people(org: dict) -> None:
    """Job descriptions from the real documents, a leaver, an absence, a year of conversations."""
    positions = org["positions"]
    for key, filename in data.JOB_DESCRIPTIONS:
        if JobDescription.objects.filter(position=positions[key]).exists():
            continue
        path = SAMPLES / filename
        record = parse_job_description(document_lines(path.name, path.read_bytes())).record
        job_description_save(actor=None, record=record, position=positions[key], source_name=path.name)
    # A document's "Kes asendab" replaces the position's links: the team lead's names the position
    # itself, which leaves her, its only holder, without a substitute. The demo's own links stay.
    for key, substituted in data.SUBSTITUTES:
        positions[key].substitutes.add(*[positions[s] for s in substituted])
    for first, last, position, start, end, _reasons in data.LEAVERS:
        employee, _ = Employee.objects.get_or_create(first_name=first, last_name=last)
        Employment.objects.get_or_create(
            employee=employee,
            position=positions[position],
            defaults={"start_date": date.fromisoformat(start), "end_date": date.fromisoformat(end)},
        )
    # Two years of appraisals and the probation talks so far, most on time, some late; the ones
    # due from mid-October 2026 are still to be held, so the overdue list has a few.
    rng = random.Random(SEED)
    held_until = date(2026, 10, 15)
    needs = ["Excel", "Raske kõne", "Peretoetuste seadus", "Pensionireform", "Juhtimine"]
    for employment in Employment.objects.order_by("pk"):
        talks = []
        for year in (2025, 2026):
            if employment.start_date.year < year:
                due = employment.start_date.replace(year=year, day=min(employment.start_date.day, 28))
                talks.append(("appraisal", due))
        if employment.probation_end:
            talks.append(("probation", employment.probation_end))
        for kind, due in talks:
            if due > held_until or (employment.end_date and due > employment.end_date):
                continue
            late = rng.random() < 0.2
            Conversation.objects.get_or_create(
                employment=employment,
                kind=kind,
                due_date=due,
                defaults={
                    "status": "done",
                    "held_on": due + timedelta(days=rng.randint(3, 40) if late else -rng.randint(0, 10)),
                    "goals": "Hoida teeninduse kvaliteet ja osaleda uue töötaja juhendamises.",
                    "training_needs": rng.sample(needs, 2),
                    "answers": [
                        {"question": "Kuidas möödunud perioodi eesmärgid täideti?", "answer": "Hästi."}
                    ],
                },
            )
    for first, last, _position, _start, end, reasons in data.LEAVERS:
        employment = Employment.objects.get(employee__first_name=first, employee__last_name=last)
        Conversation.objects.get_or_create(
            employment=employment,
            kind="exit",
            due_date=date.fromisoformat(end),
            defaults={"status": "done", "held_on": date.fromisoformat(end), "exit_reasons": reasons},
        )
    # The team lead is on holiday until 4 December: the job description page shows who stands in.
    lead = Employee.objects.get(first_name="Liina", last_name="Kask")
    monday = date(2026, 11, 16)
    Absence.objects.get_or_create(
        employee=lead, kind="vacation", start_date=monday, defaults={"end_date": monday + timedelta(days=18)}
    )
    conversations_schedule(on=date(2026, 11, 22))


def counts() -> dict[str, int]:
    models = [
        Agency,
        Unit,
        Position,
        Employee,
        Employment,
        User,
        Customer,
        ContactPoint,
        Address,
        Representation,
        Queue,
        Agent,
        Topic,
        Call,
        Contact,
        JobDescription,
        Conversation,
        Absence,
        SupportGroup,
        Ticket,
    ]
    return {m._meta.label: m.objects.count() for m in models}


def load_demo() -> dict[str, int]:
    org = load_org()
    load_people(org)
    load_customers()
    load_contact_centre()
    load_call_history()
    from teenindus.demo.tickets import load_tickets

    load_tickets()
    from teenindus.demo.registry import load_registry

    load_registry()
    from teenindus.demo.papers import load_papers

    load_papers()
    from teenindus.demo.frontdesk import load_frontdesk

    load_frontdesk()
    from teenindus.demo.knowledge import load_knowledge

    load_knowledge()
    from teenindus.demo.quality import load_quality

    load_quality()
    from teenindus.demo.meetings import load_meetings

    load_meetings()
    from teenindus.demo.materials import load_materials

    load_materials()
    from teenindus.demo.surveys import load_surveys

    load_surveys()
    from teenindus.demo.workforce import load_workforce

    load_workforce()
    return counts()
