"""Demo customer feedback and contact analysis: survey answers for a share of the demo contacts
(some invitations unanswered, some expired), and which unit owns which topics. Idempotent: a
contact that has an invitation is left alone, ownership is looked up by unit and topic."""

import hashlib
import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.analysis.models import TopicOwnership
from teenindus.contacts.models import FOLLOW_UP_OUTCOMES, Contact, Topic
from teenindus.org.models import Unit
from teenindus.surveys.models import SurveyInvitation

SEED = 2026_12
SHARE = 0.2  # of the contacts
ANSWERED = 0.7  # of the invitations
VALID = timedelta(days=14)
# Unit name -> the top-level topics it owns (a top-level topic covers its children).
OWNERSHIP = {
    "Kliendisuhete ja teabehalduse osakond": ["Pensionid", "Üldinfo"],
    "Peretoetuste talitus": ["Peretoetused"],
    "Klienditeeninduse osakond": ["Puue ja töövõime"],
}
COMMENTS = [
    "Sain kiiresti vastuse, aitäh!",
    "Ootasin liiga kaua järjekorras.",
    "Nõustaja oli väga abivalmis.",
    "Vastus jäi segaseks, pidin uuesti helistama.",
    "Спасибо, всё понятно объяснили.",
    "Clear answer, thank you.",
]


def load_topic_ownership() -> int:
    created = 0
    for unit_name, topic_names in OWNERSHIP.items():
        unit = Unit.objects.filter(name=unit_name).first()
        if unit is None:
            continue
        for topic in Topic.objects.filter(name__in=topic_names, parent__isnull=True):
            _row, made = TopicOwnership.objects.get_or_create(unit=unit, topic=topic)
            created += made
    return created


def load_contact_history() -> int:
    """Thirteen months of earlier contacts (no customer: figures only), so the contact analysis has a
    previous month and the same month a year before to compare with; the family benefits grow.
    Made once: skipped when contacts older than this month exist."""
    today = timezone.localdate()
    first = today.replace(day=1)
    if Contact.objects.filter(local_date__lt=first).exists():
        return 0
    agents = list(User.objects.filter(groups__name=roles.AGENT).order_by("pk")) or list(
        User.objects.order_by("pk")[:1]
    )
    topics = list(Topic.objects.filter(parent__isnull=False).select_related("parent").order_by("code"))
    if not agents or not topics:
        return 0
    rng = random.Random(SEED)
    rows = []
    day = first - timedelta(days=400)
    while day < first:
        if day.weekday() < 5:
            months_ago = (first.year - day.year) * 12 + first.month - day.month
            for topic in topics:
                base = 1.6 if topic.parent.name == "Pensionid" else 1.0
                if topic.parent.name == "Peretoetused":
                    base *= 1 + (13 - months_ago) * 0.08  # growing
                for _n in range(rng.choices([0, 1, 2, 3], weights=[3, 4, 2, 1])[0] + int(base > 1.5)):
                    moment = timezone.make_aware(
                        datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)))
                    )
                    outcome = rng.choices(
                        ["solved", "escalated", "call_back", "referred"],
                        weights=[12, 2 + 2 * (base > 1.5), 2, 1],
                    )[0]
                    follow_up = outcome in FOLLOW_UP_OUTCOMES  # long done
                    rows.append(
                        Contact(
                            channel=rng.choices(["phone", "visit", "email", "letter"], weights=[10, 4, 3, 1])[
                                0
                            ],
                            topic=topic,
                            outcome=outcome,
                            handled_by=rng.choice(agents),
                            occurred_at=moment,
                            local_date=day,
                            followup_closed_at=moment + timedelta(days=1) if follow_up else None,
                            followup_closed_by=rng.choice(agents) if follow_up else None,
                            followup_note="Klient sai vastuse." if follow_up else "",
                        )
                    )
        day += timedelta(days=1)
    Contact.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def load_survey_answers() -> int:
    now = timezone.now()
    contacts = list(
        Contact.objects.filter(survey_invitations__isnull=True).select_related("customer").order_by("pk")
    )
    rows = []
    for contact in contacts:
        rng = random.Random(f"{SEED}-{contact.pk}")  # per contact: a second run chooses the same
        if rng.random() >= SHARE:
            continue
        sent_at = contact.occurred_at + timedelta(minutes=rng.randint(5, 120))
        expires_at = sent_at + VALID
        answered = rng.random() < ANSWERED and expires_at > sent_at
        answered_at = sent_at + timedelta(hours=rng.randint(1, 72)) if answered else None
        if answered_at and answered_at > now:
            answered_at = None
        satisfaction = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 2, 4, 5])[0] if answered_at else None
        spoken = (
            contact.customer.language if contact.customer_id else rng.choice(["et", "et", "et", "ru", "en"])
        )
        language = spoken if spoken in ("et", "ru", "en") else "et"
        rows.append(
            SurveyInvitation(
                contact=contact,
                # A token nobody holds: the demo's answers are made here, not through the link.
                token_hash=hashlib.sha256(f"demo-survey-{contact.pk}".encode()).hexdigest(),
                language=language,
                via=rng.choice(["email", "email", "sms", "link"]) if contact.customer_id else "link",
                sent_by=contact.handled_by,
                expires_at=expires_at,
                answered_at=answered_at,
                satisfaction=satisfaction,
                solved=(satisfaction >= 3 if rng.random() < 0.85 else satisfaction < 3)
                if answered_at
                else None,
                comment=rng.choice(COMMENTS) if answered_at and rng.random() < 0.3 else "",
            )
        )
    SurveyInvitation.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def load_surveys() -> dict:
    return {
        "topic_ownership": load_topic_ownership(),
        "contact_history": load_contact_history(),
        "survey_invitations": load_survey_answers(),
    }
