"""The demo's second level: the family-benefits section works its tickets in Teenindus (round robin),
IT support takes problem reports, and a permits group is kept in JIRA (it needs JIRA_URL to send).
A few tickets of the agent Kadri Tamm at different steps, so "my escalations", the start pages and
the deadlines have something to show. Idempotent: looked up by natural keys first."""

from django.db import transaction

from teenindus.accounts.models import User
from teenindus.customers.models import Customer
from teenindus.demo.loader import demo_email
from teenindus.org.models import Employee
from teenindus.tickets.models import Category, GroupMember, SlaPolicy, SupportGroup, Ticket
from teenindus.tickets.services.extras import ticket_it_report
from teenindus.tickets.services.lifecycle import ticket_create, ticket_move

GROUPS = [
    # code, name, e-mail, kind, assignment, IT support, JIRA project
    (
        "peretoetused",
        "Peretoetuste talitus",
        "peretoetused@ska.example.ee",
        "internal",
        "round_robin",
        False,
        "",
    ),
    ("it-tugi", "IT-tugi", "it@ska.example.ee", "internal", "fewest_open", True, ""),
    ("load-jira", "Keskkonnaload (JIRA)", "", "jira", "manual", False, "LUBA"),
]
# group code: [(category code, name, required details)]
CATEGORIES = {
    "peretoetused": [
        ("peretoetus", "Peretoetuse otsus", ["application_number"]),
        ("vanemahuvitis", "Vanemahüvitise arvutus", ["decision_number"]),
        ("muu", "Muu peretoetuste küsimus", []),
    ],
    "it-tugi": [("it-problem", "IT- või riistvaraprobleem", ["office", "device"])],
    "load-jira": [("loa-muutmine", "Loa muutmine", ["permit_number"])],
}
# group code: (first response h, solution, unit, delivery days)
SLA = {"peretoetused": (8, 5, "days", 2), "it-tugi": (2, 16, "hours", 1), "load-jira": (8, 10, "days", 2)}
MEMBERS = {"peretoetused": [("Priit", "Mägi")], "it-tugi": [("Kalle", "Arvuti")]}

# summary, category, details, moves after creation (by the specialist, then the agent)
TICKETS = [
    ("Peretoetuse otsus viibib", "peretoetus", {"application_number": "PT-2026-1182"}, ["start"]),
    (
        "Vanemahüvitise summa tundub vale",
        "vanemahuvitis",
        {"decision_number": "VH-88213"},
        ["start", "solve"],
    ),
    ("Lasterikka pere toetuse õigus", "muu", {}, ["start", "wait_first_level"]),
]
ANSWERS = {
    "solve": "Hüvitis on arvutatud õigesti: arvesse läks eelmise kalendriaasta tulu. Selgitus saadetud.",
    "wait_first_level": "Palun küsi kliendilt, mitu last on peres alla 19-aastased.",
}


@transaction.atomic
def load_tickets() -> None:
    groups = {}
    for code, name, email, kind, assignment, it, project in GROUPS:
        groups[code], _ = SupportGroup.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "email": email,
                "kind": kind,
                "assignment": assignment,
                "is_it_support": it,
                "jira_project_key": project,
                "jira_field_map": {"permit_number": "customfield_10010"} if project else {},
            },
        )
        for cat_code, cat_name, required in CATEGORIES[code]:
            Category.objects.get_or_create(
                group=groups[code], code=cat_code, defaults={"name": cat_name, "required_fields": required}
            )
        response, amount, unit, delivery = SLA[code]
        SlaPolicy.objects.get_or_create(
            group=groups[code],
            category=None,
            priority="",
            defaults={
                "response_hours": response,
                "solution_amount": amount,
                "solution_unit": unit,
                "delivery_days": delivery,
            },
        )
        for first, last in MEMBERS.get(code, []):
            employee, _ = Employee.objects.get_or_create(
                first_name=first, last_name=last, defaults={"email": demo_email(first, last)}
            )
            GroupMember.objects.get_or_create(group=groups[code], employee=employee)
    agent = User.objects.get(username="noustaja")
    specialist = User.objects.get(username="spetsialist")
    customers = list(Customer.objects.filter(kind="person").order_by("pk")[:3])
    for n, (summary, category, details, steps) in enumerate(TICKETS):
        if Ticket.objects.filter(owner=agent, summary=summary).exists():
            continue
        ticket = ticket_create(
            actor=agent,
            group_id=groups["peretoetused"].pk,
            category_id=Category.objects.get(group=groups["peretoetused"], code=category).pk,
            summary=summary,
            description=f"{summary}. Klient palub selgitust; andmed kontrollitud registrist.",
            customer_id=customers[n].pk if n < len(customers) else None,
            details=details,
        )
        for step in steps:
            ticket.refresh_from_db()
            ticket_move(
                actor=specialist,
                ticket_id=ticket.pk,
                move=step,
                version=ticket.version,
                note=ANSWERS.get(step, ""),
            )
    infolett = User.objects.get(username="infolett")
    if not Ticket.objects.filter(owner=infolett, kind=Ticket.Kind.IT_PROBLEM).exists():
        ticket_it_report(
            actor=infolett,
            office="Põhja piirkonna klienditeenindus, Tallinn",
            device="Järjekorrasüsteemi printer ARV-0412",
            what_happened="Piletiprinter ei prindi, ekraanil veateade E-17.",
        )
