"""The demo's meetings: an info hour on a change in the pension law (marked as a legal change) and
a work meeting on the new shift plan (a work-organisation change), both held by the call centre's
team lead (juht) with their summaries sent to the call centre's staff and the other leads; some
recipients have confirmed reading them, others (the demo agent `noustaja` among them for the work
meeting) still have them on their start page. Idempotent: a meeting found by its title and organiser
is left as it is."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from teenindus.accounts.models import User
from teenindus.knowledge.models import Guide
from teenindus.meetings.models import Meeting, SummaryReceipt
from teenindus.meetings.services import meeting_create, summary_confirm, summary_send
from teenindus.org.models import Unit

MEETINGS = [
    {
        "title": "Infotund: vanaduspensioni muudatused 2027",
        "kind": "info_hour",
        "days_ago": 9,
        "agenda": (
            "1. Pensioniseaduse muudatused alates 1. jaanuarist\n2. Mida klientidele öelda\n3. Küsimused"
        ),
        "summary": (
            "Alates 1. jaanuarist muutub vanaduspensioni indekseerimine ja paindliku "
            "pensioniea arvestus. "
            "Kliendile selgitame muudatust juhendi järgi; keerulised arvutused edastame II "
            "tasemele pileti kaudu."
        ),
        "decisions": [
            "Kasutame kõnedes uut selgitust alates 15. detsembrist",
            "Pensionikalkulaatori küsimused suuname e-teenindusse",
        ],
        "legal_change": True,
        # Who has confirmed reading it (usernames); the others have not.
        "read_by": ["noustaja", "mari.rebane", "olga.ivanova"],
    },
    {
        "title": "Töökoosolek: uus vahetuste plaan ja lõunapausid",
        "kind": "meeting",
        "days_ago": 3,
        "agenda": (
            "1. Vahetuste plaan jaanuarist\n2. Lõunapauside järjekord\n3. Tagasiside tekkinud probleemidest"
        ),
        "summary": (
            "Jaanuarist alustame varajase vahetusega kell 8.00. Lõunapausid võetakse "
            "järjekorras, et ootejärjekord "
            "ei kasvaks üle viie kõne. Tagasiside: peretoetuste kõnede ooteaeg on pikk, lisame ühe nõustaja."
        ),
        "decisions": ["Varajane vahetus kell 8.00", "Lõunapauside järjekord tabelis"],
        "work_change": True,
        "problem_feedback": True,
        "read_by": ["sergei.petrov"],
    },
]


def load_meetings() -> None:
    lead = User.objects.filter(username="juht").first()
    unit = Unit.objects.filter(code="konekeskus").first()
    if lead is None or unit is None:
        return
    agents = list(User.objects.filter(username__in=["noustaja", "mari.rebane", "olga.ivanova"]))
    guide = Guide.objects.filter(status="published").order_by("pk").first()
    today = timezone.localdate()
    for spec in MEETINGS:
        if Meeting.objects.filter(title=spec["title"], organiser=lead).exists():
            continue
        when = timezone.make_aware(datetime.combine(today - timedelta(days=spec["days_ago"]), time(10, 0)))
        meeting = meeting_create(
            actor=lead,
            title=spec["title"],
            kind=spec["kind"],
            starts_at=when,
            unit=unit,
            agenda=spec["agenda"],
            summary=spec["summary"],
            decisions=spec["decisions"],
            attendees=agents,
            guides=[guide] if guide else [],
            legal_change=spec.get("legal_change", False),
            work_change=spec.get("work_change", False),
            problem_feedback=spec.get("problem_feedback", False),
        )
        summary_send(actor=lead, meeting_id=meeting.pk)
        SummaryReceipt.objects.filter(meeting=meeting).update(sent_at=when + timedelta(hours=2))
        for hours, username in enumerate(spec["read_by"], 3):
            reader = User.objects.filter(username=username).first()
            if reader and SummaryReceipt.objects.filter(meeting=meeting, recipient=reader).exists():
                summary_confirm(actor=reader, meeting_id=meeting.pk)
                SummaryReceipt.objects.filter(meeting=meeting, recipient=reader).update(
                    read_at=when + timedelta(hours=hours)
                )
        Meeting.objects.filter(pk=meeting.pk).update(summary_sent_at=when + timedelta(hours=2))
