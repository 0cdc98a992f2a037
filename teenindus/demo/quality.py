"""Demo of contact quality: a form, a month's evaluations of every demo agent (one contact
calibrated by three evaluators), answers from the agents, a difficult contact analysed and made
into a draft guide, goals for Kadri Tamm, and this month's sample. Idempotent: everything is looked
up by a natural key first (form by name, evaluation by contact and evaluator, goal by agent and text)."""

import random
from datetime import date

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.contacts.models import Contact
from teenindus.demo import data
from teenindus.org.models import Employee
from teenindus.quality.models import Calibration, DifficultContact, Evaluation, EvaluationForm, Goal
from teenindus.quality.services.calibration import calibration_reveal, calibration_start
from teenindus.quality.services.difficult import contact_flag_difficult, difficult_analyse, difficult_to_guide
from teenindus.quality.services.evaluations import evaluation_move, evaluation_record
from teenindus.quality.services.forms import CriterionInput, form_save
from teenindus.quality.services.goals import goal_set
from teenindus.quality.services.sampling import contacts_sample

FORM_NAME = "Infoliini kõne hindamine"
CRITERIA = [
    CriterionInput(section="Suhtlus", name="Tervitus ja enda tutvustamine", kind="yesno", weight="10"),
    CriterionInput(section="Suhtlus", name="Viisakus ja empaatia", kind="scale", weight="20", scale_max=5),
    CriterionInput(
        section="Suhtlus", name="Selge keel, ilma ametkondliku žargoonita", kind="scale", weight="15"
    ),
    CriterionInput(
        section="Sisu",
        name="Õige ja täielik info",
        kind="yesno",
        weight="30",
        critical=True,
        description="Kliendile anti vale või puudulik info, mis võib kahjustada tema õigusi.",
    ),
    CriterionInput(
        section="Sisu",
        name="Isikusamasuse kontroll",
        kind="yesno",
        weight="10",
        critical=True,
        description="Isikuandmeid avaldati ilma isikut tuvastamata.",
    ),
    CriterionInput(section="Lõpetamine", name="Kokkuvõte ja järgmised sammud", kind="scale", weight="15"),
]
PER_AGENT = 3
SEED = 2026
STRENGTHS = ["Rahulik ja sõbralik toon.", "Kuulas klienti hästi.", "Selgitas maksepäevad selgelt."]
IMPROVE = ["Tee lõpus kokkuvõte.", "Küsi isikukood enne andmete avaldamist.", "Vähem ametikeelt."]


def _user(first: str, last: str, role: str) -> User:
    """The employee's account (made without a password, as the contact centre's agents are)."""
    employee = Employee.objects.get(first_name=first, last_name=last)
    if employee.user is None:
        user, created = User.objects.get_or_create(
            username=f"{first}.{last}".lower(), defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
        employee.user = user
        employee.save(update_fields=["user"])
    return employee.user


def _form(lead) -> EvaluationForm:
    form = EvaluationForm.objects.filter(name=FORM_NAME, is_current=True).first()
    return form or form_save(
        actor=lead, name=FORM_NAME, description="Infoliini kõnede igakuine hindamine.", criteria=CRITERIA
    )


def _answers(form, rng: random.Random) -> dict:
    values = {}
    for c in form.criteria.all():
        roll = rng.random()
        if c.kind == "yesno":
            values[c.pk] = "na" if roll < 0.05 else ("0" if roll < 0.12 else "1")
        else:
            values[c.pk] = "na" if roll < 0.05 else str(rng.choice([3, 4, 4, 5, 5]))
    return values


def _evaluate(evaluator, contact, form, rng, **extra) -> Evaluation:
    kind = Evaluation.Kind.CALIBRATION if extra.get("calibration_id") and "agreed" not in extra else None
    extra.pop("agreed", None)
    existing = Evaluation.objects.filter(contact=contact, evaluator=evaluator)
    existing = existing.filter(kind=kind) if kind else existing.filter(kind=Evaluation.Kind.REGULAR)
    found = existing.first()
    if found:
        return found
    return evaluation_record(
        actor=evaluator,
        contact_id=contact.pk,
        form_id=form.pk,
        answers=_answers(form, rng),
        strengths=rng.choice(STRENGTHS),
        improvements=rng.choice(IMPROVE),
        **extra,
    )


@transaction.atomic
def load_quality() -> dict:
    rng = random.Random(SEED)
    lead = User.objects.get(username="juht")
    senior = _user("Andres", "Lill", roles.SENIOR_SPECIALIST)
    tallinn_lead = _user("Kristi", "Oja", roles.SERVICE_MANAGER)
    form = _form(lead)
    agents = []
    for first, last in data.AGENTS:
        user = Employee.objects.get(first_name=first, last_name=last).user
        if user is not None and user.groups.filter(name=roles.AGENT).exists():
            agents.append(user)
    contacts_by_agent = {
        agent.pk: list(
            Contact.objects.filter(handled_by=agent, channel="phone").order_by("call_id")[: PER_AGENT + 1]
        )
        for agent in agents
    }
    made = 0
    for agent in agents:
        contacts = contacts_by_agent[agent.pk]
        in_unit = agent.employee.employments.filter(position__unit__name__startswith="Kõnekeskus").exists()
        evaluator = lead if in_unit else tallinn_lead
        for contact in contacts[:PER_AGENT]:
            before = Evaluation.objects.count()
            _evaluate(evaluator, contact, form, rng)
            made += Evaluation.objects.count() - before
    # The agents have answered most of theirs: Kadri Tamm acknowledged one and disputed one.
    kadri = User.objects.get(username="noustaja")
    mine = list(Evaluation.objects.filter(agent=kadri, kind=Evaluation.Kind.REGULAR).order_by("pk"))
    if len(mine) >= 2 and all(e.state == "new" for e in mine):
        evaluation_move(actor=kadri, evaluation_id=mine[0].pk, move="acknowledge", version=mine[0].version)
        evaluation_move(
            actor=kadri,
            evaluation_id=mine[1].pk,
            move="dispute",
            version=mine[1].version,
            comment="Klient katkestas kõne enne kokkuvõtet, lõpetamist ei saanud hinnata.",
        )
    _calibration(lead, senior, tallinn_lead, form, contacts_by_agent, agents, rng)
    _difficult(kadri, lead, contacts_by_agent.get(kadri.pk, []))
    for text, due in (
        ("Teha iga kõne lõpus kokkuvõte ja öelda järgmised sammud.", date(2027, 1, 31)),
        ("Kontrollida isikusamasust enne isikuandmete avaldamist igas kõnes.", date(2026, 12, 31)),
    ):
        if not Goal.objects.filter(agent=kadri, text=text).exists():
            goal_set(actor=lead, agent_id=kadri.pk, text=text, due_date=due)
    sampled = contacts_sample(month=timezone.localdate().replace(day=1))
    return {"evaluations": made, "sampled": sampled}


def _calibration(lead, senior, tallinn_lead, form, contacts_by_agent, agents, rng) -> None:
    """One contact of Mari Rebane scored blind by three evaluators, revealed and agreed."""
    mari = next((a for a in agents if a.username == "mari.rebane"), None)
    contacts = contacts_by_agent.get(mari.pk, []) if mari else []
    if len(contacts) <= PER_AGENT:
        return
    contact = contacts[PER_AGENT]
    calibration = Calibration.objects.filter(contact=contact).first() or calibration_start(
        actor=lead,
        contact_id=contact.pk,
        form_id=form.pk,
        evaluator_ids=[lead.pk, senior.pk, tallinn_lead.pk],
    )
    if calibration.status == Calibration.Status.OPEN:
        for evaluator in (lead, senior, tallinn_lead):
            _evaluate(evaluator, contact, form, rng, calibration_id=calibration.pk)
        calibration = calibration_reveal(
            actor=lead, calibration_id=calibration.pk, version=calibration.version
        )
    if calibration.status == Calibration.Status.REVEALED:
        _evaluate(lead, contact, form, rng, calibration_id=calibration.pk, agreed=True)


def _difficult(agent, lead, contacts) -> None:
    if not contacts:
        return
    contact = contacts[-1]
    flag = DifficultContact.objects.filter(contact=contact).first() or contact_flag_difficult(
        actor=agent,
        contact_id=contact.pk,
        kind=DifficultContact.Kind.EMOTIONAL,
        note="Klient oli pensioni hilinemise pärast väga vihane ja ähvardas kaevata.",
    )
    if flag.status == DifficultContact.Status.FLAGGED:
        flag = difficult_analyse(
            actor=lead,
            flag_id=flag.pk,
            version=flag.version,
            what_happened="Pension jõudis kontole kaks päeva hiljem, klient arvas, et see jäi maksmata.",
            solution="Selgitada maksepäeva reeglit ja pankade ülekandeaegu; pakkuda tagasihelistamist.",
            lessons="Pensioni maksepäev ja pangaülekande aeg tuleb selgitada enne, kui klient küsib.\n"
            "Vihase kliendiga: kuula ära, võta tunne omaks, siis faktid.",
        )
    if flag.guide_id is None:
        difficult_to_guide(
            actor=lead, flag_id=flag.pk, version=flag.version, title="Pension ei ole kontole jõudnud"
        )
