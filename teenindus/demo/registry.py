"""The demo's document register: three series and four months of documents — letters, information
requests (one extended), memoranda and requests for explanation, applications, issued certificates;
replies linked to their requests, some restricted to internal use (one restriction already over),
several past their deadline, a few forwarded to the specialist (spetsialist) and the team lead
(juht). Written in bulk (a few queries), numbered in order of registration; idempotent: nothing is
written when the demo series already has documents."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from teenindus.accounts.models import User
from teenindus.core.worktime import calendar_load
from teenindus.customers.models import Customer
from teenindus.org.models import Unit
from teenindus.papers.defaults import SERIES as PAPER_SERIES
from teenindus.registry.deadlines import deadline_for, registration_due
from teenindus.registry.defaults import document_types_ensure
from teenindus.registry.models import Document, DocumentLink, Forwarding, Series, SeriesCounter
from teenindus.registry.moves import State
from teenindus.registry.numbering import number_format
from teenindus.registry.search import document_index

CERTIFICATES = "9-2"
SEED = 2026
DAYS = 120

SERIES = [
    # code, name, pattern, unit code
    ("1-2", "Kirjavahetus", "{series}/{year}/{seq}", "pohja"),
    ("7-1", "Teabenõuded ja vastused", "{series}/{year}/{seq:4}", "kliendisuhted"),
    # Issued certificates: the papers' series (teenindus.papers.defaults.SERIES, where 9-3 holds
    # decisions), so that the demo has one series per purpose whichever is loaded first.
    (CERTIFICATES, *PAPER_SERIES[CERTIFICATES], "pohja"),
]
# incoming type code → (series code, weight)
INCOMING = {
    "kiri": ("1-2", 40),
    "teabenoue": ("7-1", 25),
    "avaldus": ("1-2", 15),
    "margukiri": ("1-2", 10),
    "selgitustaotlus": ("1-2", 10),
}
TITLES = {
    "kiri": ["Küsimus peretoetuse kohta", "Aadressi muutmise teade", "Dokumentide edastamine", "Tänukiri"],
    "teabenoue": [
        "Teabenõue menetluse dokumentide kohta",
        "Teabenõue lepingu koopia saamiseks",
        "Teabenõue statistika kohta",
    ],
    "avaldus": ["Avaldus toetuse saamiseks", "Avaldus andmete parandamiseks", "Avaldus tõendi saamiseks"],
    "margukiri": ["Märgukiri teeninduse lahtiolekuaegade kohta", "Märgukiri ootejärjekorra kohta"],
    "selgitustaotlus": ["Selgitustaotlus toetuse arvestamise kohta", "Selgitustaotlus otsuse kohta"],
}
FREE_PERSONS = ["Kalev Kask", "Pille Mets", "Andrei Volkov", "Eha Lõhmus", "Toomas Kuusik", "Natalja Orlova"]
FREE_COMPANIES = ["Eesti Meedia AS", "MTÜ Pere Heaks", "Advokaadibüroo Õigus OÜ", "Tartu Ülikool"]
# Whose documents are whose unit's: the user's own unit.
HOME_UNIT = {"infolett": "pohja", "spetsialist": "ii-tase", "juht": "konekeskus"}
AK_BASIS = "AvTS § 35 lg 1 p 12"
EXTENSION_REASON = "Nõutud teave on mahukas ja vajab eraldamist isikuandmetest."


def _at(day, rng: random.Random, tz):
    return datetime.combine(day, time(rng.randrange(9, 16), rng.randrange(0, 60)), tzinfo=tz)


@transaction.atomic
def load_registry() -> int:
    """Load the demo register; returns how many documents it wrote (0 on a second run)."""
    types = document_types_ensure()
    units = {
        u.code: u for u in Unit.objects.filter(code__in=["pohja", "kliendisuhted", "ii-tase", "konekeskus"])
    }
    series = {}
    for code, name, pattern, unit in SERIES:
        series[code], _ = Series.objects.get_or_create(
            code=code, defaults={"name": name, "pattern": pattern, "unit": units.get(unit)}
        )
    for type_code, series_code in (
        ("teabenoue", "7-1"),
        ("toend", CERTIFICATES),
        ("teatis", "1-2"),
        ("vastus", "1-2"),
    ):
        if types[type_code].default_series_id is None:
            types[type_code].default_series = series[series_code]
            types[type_code].save(update_fields=["default_series", "updated_at"])
    if Document.objects.filter(series__in=series.values()).exists():
        return 0

    rng = random.Random(SEED)
    cal = calendar_load()
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["infolett", "spetsialist", "juht", "noustaja"])
    }
    registrar = users.get("infolett")
    handlers = [users[k] for k in ("infolett", "spetsialist", "juht") if k in users]
    persons = list(Customer.objects.filter(kind="person").order_by("pk")[:60])
    companies = list(Customer.objects.filter(kind="company").order_by("pk"))

    # (document, registered_at); numbered after all are known, in order of registration.
    planned: list[Document] = []
    links: list[tuple[Document, Document, str]] = []
    kinds = list(INCOMING)
    weights = [INCOMING[k][1] for k in kinds]

    def party(doc: Document) -> None:
        roll = rng.random()
        if roll < 0.45 and persons:
            doc.party_customer = rng.choice(persons)
            doc.party_is_person = True
        elif roll < 0.6 and companies:
            doc.party_customer = rng.choice(companies)
            doc.party_is_person = False
        elif roll < 0.85:
            doc.party_name = rng.choice(FREE_PERSONS)
            doc.party_is_person = True
        else:
            doc.party_name = rng.choice(FREE_COMPANIES)
            doc.party_is_person = False
        if doc.party_customer is None and rng.random() < 0.5:
            doc.party_email = (
                doc.party_name.split()[0].lower().replace("õ", "o").replace("ü", "u") + "@example.ee"
            )

    def outgoing(
        request: Document | None, *, on, type_code: str, title: str, template: Document | None = None
    ):
        source = request or template
        doc = Document(
            series=series[types[type_code].default_series.code if types[type_code].default_series else "1-2"]
            if request is None
            else request.series,
            direction="out",
            doc_type=types[type_code],
            title=title,
            party_customer=source.party_customer if source else None,
            party_name=source.party_name if source else "",
            party_is_person=source.party_is_person if source else True,
            party_email=source.party_email if source else "",
            received_on=on,
            registered_at=_at(on, rng, tz),
            registered_by=registrar,
            channel="email" if source and source.party_email else "post",
            responsible_unit=source.responsible_unit if source else None,
            responsible_user=source.responsible_user if source else registrar,
            state=State.CLOSED,
            access=source.access if source else "public",
            ak_basis=source.ak_basis if source else "",
            ak_until=source.ak_until if source else None,
        )
        doc.closed_at = doc.registered_at
        planned.append(doc)
        return doc

    day = today - timedelta(days=DAYS)
    extended_one = False
    expired_ak = False
    while day <= today:
        if not cal.is_working_day(day):
            day += timedelta(days=1)
            continue
        for _n in range(rng.choice((1, 2, 2, 3))):
            kind = rng.choices(kinds, weights)[0]
            late = rng.random() < 0.04
            registered_on = cal.add_working_days(day, 3 if late else rng.choice((0, 0, 1)))
            if registered_on > today:
                registered_on = day
            doc = Document(
                series=series[INCOMING[kind][0]],
                direction="in",
                doc_type=types[kind],
                title=rng.choice(TITLES[kind]),
                received_on=day,
                sender_date=day - timedelta(days=rng.randrange(1, 5)),
                sender_reference=f"{rng.randrange(1, 99)}-{rng.randrange(100, 999)}"
                if rng.random() < 0.3
                else "",
                registered_at=_at(registered_on, rng, tz),
                registered_by=registrar,
                channel=rng.choice(["post", "email", "email", "portal", "desk"]),
                responsible_user=rng.choice(handlers) if handlers else None,
            )
            doc.responsible_unit = units.get(HOME_UNIT.get(getattr(doc.responsible_user, "username", "")))
            doc.registered_late = registered_on > registration_due(day, cal=cal)
            party(doc)
            doc.deadline = deadline_for(types[kind], registered_on=registered_on, received_on=day, cal=cal)
            if rng.random() < 0.1 or (not expired_ak and day < today - timedelta(days=100)):
                doc.access = "ak"
                doc.ak_basis = AK_BASIS
                if not expired_ak:
                    doc.ak_until = today - timedelta(days=20)  # the restriction is over
                    expired_ak = True
                else:
                    doc.ak_until = registered_on.replace(year=registered_on.year + 5)
            planned.append(doc)
            # The request's fate: answered in time (mostly), late, extended, or still open.
            if (
                kind == "teabenoue"
                and not extended_one
                and (today - registered_on).days < 20
                and registered_on < today
            ):
                extended_one = True
                doc.deadline = cal.add_working_days(registered_on, types[kind].extendable_to)
                doc.extended_at = _at(cal.add_working_days(registered_on, 2), rng, tz)
                doc.extended_by = registrar
                doc.extension_reason = EXTENSION_REASON
                notice_on = min(cal.add_working_days(registered_on, 2), today)
                notice = outgoing(
                    doc, on=notice_on, type_code="teatis", title=f"Tähtaja pikendamine: {doc.title}"
                )
                links.append((notice, doc, "notice"))
                continue
            if doc.deadline is None:
                if rng.random() < 0.6 and day < today - timedelta(days=7):
                    doc.state = State.CLOSED
                    doc.closed_at = doc.registered_at + timedelta(days=rng.randrange(1, 7))
                continue
            recent = today - timedelta(days=20) < doc.deadline < today
            overdue_budget = rng.random() < (0.3 if recent else 0.02)
            reply_on = doc.deadline - timedelta(days=rng.randrange(0, 4))
            if registered_on < reply_on <= today and not overdue_budget:
                while not cal.is_working_day(reply_on):
                    reply_on -= timedelta(days=1)
                reply_on = max(reply_on, registered_on)
                reply = outgoing(doc, on=reply_on, type_code="vastus", title=f"Vastus: {doc.title}")
                links.append((reply, doc, "reply"))
                doc.state = State.ANSWERED
                doc.replied_on = reply_on
        day += timedelta(days=1)

    # Issued certificates: outgoing, in their own series.
    for n in range(30):
        on = today - timedelta(days=rng.randrange(0, DAYS))
        while not cal.is_working_day(on):
            on -= timedelta(days=1)
        cert = outgoing(None, on=on, type_code="toend", title="Tõend toetuse saamise kohta")
        cert.series = series[CERTIFICATES]
        if persons:
            cert.party_customer = persons[n % len(persons)]
            cert.party_is_person = True
        cert.responsible_user = registrar

    _number(planned)
    for doc in planned:
        document_index(doc)
    Document.objects.bulk_create(planned, batch_size=500)
    DocumentLink.objects.bulk_create(
        [DocumentLink(from_document=a, to_document=b, kind=kind) for a, b, kind in links], batch_size=500
    )
    _forwardings(planned, users, today)
    for found in series.values():
        for year, last in (
            Document.objects.filter(series=found).values_list("year").annotate(top=Max("seq")).order_by()
        ):
            SeriesCounter.objects.update_or_create(series=found, year=year, defaults={"last": last})
    return len(planned)


def _number(documents: list[Document]) -> None:
    counters: dict[tuple[int, int], int] = {}
    for doc in sorted(documents, key=lambda d: d.registered_at):
        year = timezone.localtime(doc.registered_at).year
        key = (doc.series.code, year)
        counters[key] = counters.get(key, 0) + 1
        doc.year, doc.seq = year, counters[key]
        doc.number = number_format(doc.series.pattern, series=doc.series.code, year=year, seq=doc.seq)


def _forwardings(documents: list[Document], users: dict, today) -> None:
    """Open incoming documents forwarded to the specialist and the team lead (some past due), and a
    few forwarded earlier and answered."""
    lead, specialist, registrar = users.get("juht"), users.get("spetsialist"), users.get("infolett")
    if not (lead and specialist and registrar):
        return
    waiting = [d for d in documents if d.direction == "in" and d.state == State.OPEN and d.deadline]
    rows = []
    for n, doc in enumerate(sorted(waiting, key=lambda d: d.deadline)[:8]):
        to = specialist if n % 2 == 0 else lead
        rows.append(
            Forwarding(
                document=doc,
                to_user=to,
                to_unit=doc.responsible_unit,
                due=doc.deadline - timedelta(days=1),
                note="Palun valmista vastus ette.",
                by=registrar,
            )
        )
        doc.responsible_user = to
    answered = [d for d in documents if d.direction == "in" and d.state == State.ANSWERED][:5]
    for doc in answered:
        rows.append(
            Forwarding(
                document=doc,
                to_user=specialist,
                due=doc.deadline,
                note="Vastamiseks.",
                by=registrar,
                state=Forwarding.State.REPLIED,
                closed_at=timezone.now(),
                closed_by=specialist,
            )
        )
    Forwarding.objects.bulk_create(rows)
    Document.objects.bulk_update(
        [r.document for r in rows if r.state == Forwarding.State.OPEN], ["responsible_user"]
    )
