"""The demo agency: an SKA-like organisation built from the job descriptions in shared/fixtures."""

from teenindus.accounts import roles
from teenindus.org.models import Unit

AGENCY = {"name": "Sotsiaalkindlustusamet", "short_name": "SKA", "registry_code": "70001975"}

# (key, name, kind, parent key)
UNITS = [
    ("kliendisuhted", "Kliendisuhete ja teabehalduse osakond", Unit.Kind.DEPARTMENT, None),
    ("konekeskus", "Kõnekeskuse talitus", Unit.Kind.SECTION, "kliendisuhted"),
    ("ii-tase", "Peretoetuste talitus", Unit.Kind.SECTION, "kliendisuhted"),
    ("klienditeenindus", "Klienditeeninduse osakond", Unit.Kind.DEPARTMENT, None),
    ("tallinn", "Tallinna klienditeenindus", Unit.Kind.OFFICE, "klienditeenindus"),
    ("pohja", "Põhja piirkonna klienditeenindus", Unit.Kind.OFFICE, "klienditeenindus"),
    ("personal", "Personaliosakond", Unit.Kind.DEPARTMENT, None),
]

# (key, title, unit key, manager position key, heads the unit)
POSITIONS = [
    ("osakonnajuhataja", "Osakonnajuhataja", "kliendisuhted", None, True),
    ("talitusejuhataja", "Talitusejuhataja", "konekeskus", "osakonnajuhataja", True),
    ("vanemspetsialist", "Klienditeeninduse vanemspetsialist", "konekeskus", "talitusejuhataja", False),
    ("kliendinoustaja", "Kliendinõustaja", "konekeskus", "talitusejuhataja", False),
    ("peretoetuste-spetsialist", "Peretoetuste spetsialist", "ii-tase", "osakonnajuhataja", False),
    ("kt-juht", "Klienditeeninduse juht", "klienditeenindus", None, True),
    ("tallinna-juht", "Tallinna klienditeeninduse juht", "tallinn", "kt-juht", True),
    ("kt-spetsialist", "Klienditeeninduse spetsialist", "tallinn", "tallinna-juht", False),
    ("piirkonna-juht", "Piirkonna klienditeeninduse juht", "pohja", "kt-juht", True),
    ("infospetsialist", "Infospetsialist", "pohja", "piirkonna-juht", False),
    ("personalijuht", "Personaliosakonna osakonnajuhataja", "personal", None, True),
    ("personalipartner", "Personalipartner", "personal", "personalijuht", False),
]

# (position, substitutes) — as the job descriptions' "Keda asendab" say.
SUBSTITUTES = [
    ("talitusejuhataja", ["kliendinoustaja"]),
    ("vanemspetsialist", ["talitusejuhataja"]),
    ("tallinna-juht", ["piirkonna-juht", "kt-juht"]),
    ("piirkonna-juht", ["tallinna-juht"]),
    ("personalipartner", ["personalipartner"]),
]

# (username or None, first, last, position key, role, start, probation end)
EMPLOYEES = [
    ("noustaja", "Kadri", "Tamm", "kliendinoustaja", roles.AGENT, "2025-03-03", "2025-07-02"),
    ("infolett", "Marek", "Saar", "infospetsialist", roles.INFO_SPECIALIST, "2024-09-02", "2024-12-31"),
    ("juht", "Liina", "Kask", "talitusejuhataja", roles.TEAM_LEAD, "2021-01-04", None),
    ("spetsialist", "Priit", "Mägi", "peretoetuste-spetsialist", roles.SECOND_LEVEL, "2022-05-16", None),
    ("personal", "Anu", "Lepp", "personalipartner", roles.HR_PARTNER, "2020-02-03", None),
    ("admin", "Toomas", "Ilves", None, roles.ADMINISTRATOR, None, None),
    (None, "Mari", "Rebane", "kliendinoustaja", roles.AGENT, "2023-04-03", None),
    (None, "Jaan", "Kuusk", "kliendinoustaja", roles.AGENT, "2026-09-01", "2026-12-31"),
    (None, "Olga", "Ivanova", "kliendinoustaja", roles.AGENT, "2022-11-14", None),
    (None, "Sergei", "Petrov", "kliendinoustaja", roles.AGENT, "2024-01-08", None),
    (None, "Tiina", "Koppel", "kliendinoustaja", roles.AGENT, "2025-06-02", None),
    ("vanem", "Andres", "Lill", "vanemspetsialist", roles.SENIOR_SPECIALIST, "2019-08-19", None),
    (None, "Helen", "Sepp", "osakonnajuhataja", None, "2018-03-01", None),
    ("teenindusjuht", "Margus", "Pärn", "kt-juht", roles.SERVICE_MANAGER, "2017-10-02", None),
    (None, "Kristi", "Oja", "tallinna-juht", roles.SERVICE_MANAGER, "2020-06-01", None),
    (None, "Urmas", "Karu", "kt-spetsialist", roles.AGENT, "2023-02-13", None),
    (None, "Eve", "Raud", "kt-spetsialist", roles.AGENT, "2026-10-05", "2027-02-04"),
    (None, "Rein", "Vaher", "piirkonna-juht", roles.SERVICE_MANAGER, "2016-04-11", None),
    (None, "Svetlana", "Smirnova", "infospetsialist", roles.INFO_SPECIALIST, "2021-09-20", None),
    (None, "Katrin", "Luik", "personalijuht", roles.HR_PARTNER, "2015-01-05", None),
    (None, "Piret", "Kivi", "personalipartner", roles.HR_PARTNER, "2022-03-07", None),
]

# Who left: (first, last, position key, start, end, exit reasons).
LEAVERS = [("Kaido", "Kallas", "kliendinoustaja", "2023-02-01", "2026-08-31", ["pay", "workload"])]

# The three real job descriptions, on the positions they describe (teenindus/people/samples).
JOB_DESCRIPTIONS = [
    ("talitusejuhataja", "talitusejuhataja-konekeskus.txt"),
    ("tallinna-juht", "tallinna-klienditeeninduse-juht.md"),
    ("personalipartner", "personalipartner.txt"),
]

FIRST_NAMES_ET = [
    ("Mari", 2),
    ("Kati", 2),
    ("Liis", 2),
    ("Anne", 2),
    ("Piret", 2),
    ("Kristiina", 2),
    ("Tiiu", 2),
    ("Helgi", 2),
    ("Jaan", 1),
    ("Peeter", 1),
    ("Toomas", 1),
    ("Andres", 1),
    ("Mart", 1),
    ("Rein", 1),
    ("Tõnu", 1),
    ("Juhan", 1),
]
FIRST_NAMES_RU = [
    ("Olga", 2),
    ("Tatjana", 2),
    ("Natalja", 2),
    ("Irina", 2),
    ("Sergei", 1),
    ("Aleksandr", 1),
    ("Dmitri", 1),
    ("Andrei", 1),
]
LAST_NAMES_ET = [
    "Tamm",
    "Saar",
    "Sepp",
    "Mägi",
    "Kask",
    "Kukk",
    "Rebane",
    "Ilves",
    "Pärn",
    "Koppel",
    "Lepik",
    "Kuusk",
    "Karu",
    "Oja",
    "Raudsepp",
    "Vaher",
    "Kallas",
    "Laur",
    "Põder",
    "Jõgi",
]
LAST_NAMES_RU = ["Ivanov", "Petrov", "Smirnov", "Kuznetsov", "Sokolov", "Popov", "Vasiljev", "Fjodorov"]
FOREIGN = [("John", "Smith", "en", "GB"), ("Anna", "Kowalska", "en", "PL"), ("Mikko", "Virtanen", "en", "FI")]
CITIES = [
    ("Tallinn", "10"),
    ("Tartu", "50"),
    ("Narva", "20"),
    ("Pärnu", "80"),
    ("Rakvere", "44"),
    ("Viljandi", "71"),
]
STREETS = ["Pärnu mnt", "Narva mnt", "Tartu mnt", "Lai", "Pikk", "Rüütli", "Kesk", "Vabaduse pst", "Jaama"]
COMPANIES = [
    "Põhjaranniku Ehitus OÜ",
    "Kalamaja Kohvik OÜ",
    "Tartu Tarkvara AS",
    "Virumaa Transport OÜ",
    "Pärnu Puhkemaja OÜ",
    "Saare Kalatööstus AS",
    "Lõuna Hooldekodu MTÜ",
    "Narva Tekstiil OÜ",
    "Mulgi Mesi OÜ",
    "Harju Raamatupidamine OÜ",
    "Peipsi Köögivili OÜ",
    "Hiiu Tuul OÜ",
]

QUEUES = [
    ("pensionid", "Pensionid"),
    ("peretoetused", "Peretoetused"),
    ("puue", "Puue ja töövõime"),
    ("üldinfo", "Üldinfo"),
]
# Call-centre staff who answer the info line, in extension order from 201.
AGENTS = [
    ("Kadri", "Tamm"),
    ("Mari", "Rebane"),
    ("Jaan", "Kuusk"),
    ("Olga", "Ivanova"),
    ("Sergei", "Petrov"),
    ("Tiina", "Koppel"),
    ("Andres", "Lill"),
    ("Urmas", "Karu"),
]
TOPICS = {
    "Pensionid": ["Vanaduspension", "Toitjakaotuspension", "Pensioni ümberarvutus"],
    "Peretoetused": ["Lapsetoetus", "Vanemahüvitis", "Lasterikka pere toetus"],
    "Puue ja töövõime": ["Puude raskusaste", "Töövõime hindamine", "Hooldajatoetus"],
    "Üldinfo": ["E-teenindus ja volikirjad", "Dokumendi staatus", "Kojukanne"],
}
