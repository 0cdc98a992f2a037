"""The public document register's word search with 1,000,000 documents on PostgreSQL.

1. Data. 1,000,000 documents are generated inside PostgreSQL (one INSERT ... SELECT over
   generate_series, not through the services) over five years, in five series and the nine
   standard types. A title is "<head> <subject> <place> kohta": a head word (40 words, each in
   several Estonian forms: "Teabenõue", "teabenõude", "Taotlus", "taotlusele", ...; skewed, the
   commonest in a third of titles), a subject (200 words in forms, skewed) and a place (20,000
   made-up names of 3-4 syllables, uniform: about 50 titles each). The party is a private person
   (70 %, stored by initials) or one of 2,000 companies. 3 % are restricted (AK), half of them
   with an end date already past. Stems are computed in Python once per vocabulary word
   (registry.search.stem_words) and joined in SQL, as document_index would store them. The GIN
   indexes are built after the load.
2. Searches. About 200 word searches of varied frequency through the public page
   (/dokumendiregister/?q=..., Django's test client in this process, the page rendered): rare
   (places), common and medium words in other forms than the stored ones, two words, a word with
   a type filter, a company as the party. p50/p95/max in ms, by kind; the slowest search.
3. Naive comparison: title ILIKE '%word%' ORDER BY registered_at DESC LIMIT 21 on a sample of the
   same words, against the search's own query (public_documents, no rendering), as a ratio.

Goal: p95 < 100 ms for the page. Usage: python bench/registry.py [--documents 1000000]
[--naive 40] [--reuse: search the documents of the last run again, its indexes made again]
"""

import argparse
import importlib
import os
import random
import statistics
import time

from _setup import percentile, pg_url, setup

HEADS = [
    ("Teabenõue", "teabenõude", "teabenõuet", "teabenõudele"),
    ("Taotlus", "taotluse", "taotlusele", "taotlust"),
    ("Märgukiri", "märgukirja", "märgukirjale"),
    ("Selgitustaotlus", "selgitustaotluse"),
    ("Avaldus", "avalduse", "avaldusele"),
    ("Vastus", "vastuse", "vastust"),
    ("Otsus", "otsuse", "otsusele"),
    ("Teatis", "teatise"),
    ("Kaebus", "kaebuse", "kaebusele"),
    ("Vaie", "vaide", "vaiet"),
    ("Päring", "päringu", "päringule"),
    ("Ettepanek", "ettepaneku"),
    ("Pöördumine", "pöördumise"),
    ("Tõend", "tõendi"),
    ("Leping", "lepingu", "lepingule"),
    ("Kooskõlastus", "kooskõlastuse"),
    ("Arvamus", "arvamuse"),
    ("Aruanne", "aruande"),
    ("Ettekirjutus", "ettekirjutuse"),
    ("Hoiatus", "hoiatuse"),
    ("Meeldetuletus", "meeldetuletuse"),
    ("Kutse", "kutse"),
    ("Volikiri", "volikirja"),
    ("Nõue", "nõude"),
    ("Tagasiside", "tagasiside"),
    ("Kinnitus", "kinnituse"),
    ("Teade", "teate"),
    ("Ülevaade", "ülevaate"),
    ("Protokoll", "protokolli"),
    ("Akt", "akti"),
    ("Korraldus", "korralduse"),
    ("Käskkiri", "käskkirja"),
    ("Muudatus", "muudatuse"),
    ("Pikendamine", "pikendamise"),
    ("Lõpetamine", "lõpetamise"),
    ("Tühistamine", "tühistamise"),
    ("Registreerimine", "registreerimise"),
    ("Väljavõte", "väljavõtte"),
    ("Selgitus", "selgituse"),
    ("Palve", "palve"),
]
SUBJECTS = [
    "ehitusloa",
    "kasutusloa",
    "metsateatise",
    "raieloa",
    "jahiloa",
    "kalapüügiloa",
    "veeloa",
    "keskkonnaloa",
    "jäätmeloa",
    "õhusaasteloa",
    "maakorralduse",
    "detailplaneeringu",
    "üldplaneeringu",
    "projekteerimistingimuste",
    "kinnistu",
    "krundi",
    "maaüksuse",
    "hoonestusõiguse",
    "servituudi",
    "sundvalduse",
    "reklaamiloa",
    "kaeveloa",
    "teekasutuse",
    "liikluskorralduse",
    "parkimise",
    "bussiliini",
    "koolivõrgu",
    "lasteaiakoha",
    "toetuse",
    "sotsiaaltoetuse",
    "toimetulekutoetuse",
    "pensioni",
    "peretoetuse",
    "elatisabi",
    "hooldajatoetuse",
    "puudetoetuse",
    "töötuskindlustuse",
    "koolituse",
    "stipendiumi",
    "õppelaenu",
    "tervisekindlustuse",
    "ravikindlustuse",
    "retseptide",
    "vaktsineerimise",
    "nakkushaiguse",
    "toiduohutuse",
    "veterinaarjärelevalve",
    "loomakaitse",
    "taimekaitse",
    "väetiste",
    "mullaproovide",
    "joogivee",
    "reoveepuhasti",
    "kanalisatsiooni",
    "sademevee",
    "kaugkütte",
    "gaasitrassi",
    "elektriliitumise",
    "tänavavalgustuse",
    "teehoolduse",
    "lumekoristuse",
    "haljastuse",
    "puude",
    "raie",
    "pargi",
    "mänguväljaku",
    "spordiväljaku",
    "staadioni",
    "ujula",
    "raamatukogu",
    "muuseumi",
    "kultuurimaja",
    "rahvamaja",
    "noortekeskuse",
    "hooldekodu",
    "päevakeskuse",
    "tugiisiku",
    "isikliku",
    "abistaja",
    "koduteenuse",
    "eluruumi",
    "üüri",
    "munitsipaalkorteri",
    "sotsiaalkorteri",
    "andmekaitse",
    "isikuandmete",
    "arhiivi",
    "dokumendihalduse",
    "hanke",
    "riigihanke",
    "lepingu",
    "eelarve",
    "lisaeelarve",
    "audiitori",
    "revisjoni",
    "järelevalve",
    "menetluse",
    "väärteo",
    "trahvi",
    "sunniraha",
    "kohtuotsuse",
    "vaidlustuse",
    "kaebuse",
    "apellatsiooni",
    "kassatsiooni",
    "lepitusmenetluse",
    "vahekohtu",
    "notari",
    "pärimise",
    "abielu",
    "lahutuse",
    "sünni",
    "surma",
    "nimemuutuse",
    "elukoha",
    "rahvastikuregistri",
    "passi",
    "isikutunnistuse",
    "elamisloa",
    "tööloa",
    "viisa",
    "kodakondsuse",
    "relvaloa",
    "juhiloa",
    "sõidukiregistri",
    "ülevaatuse",
    "kindlustuse",
    "maksu",
    "maksuvõla",
    "tagastuse",
    "käibemaksu",
    "tulumaksu",
    "maamaksu",
    "aktsiisi",
    "tolli",
    "impordi",
    "ekspordi",
    "litsentsi",
    "sertifikaadi",
    "akrediteerimise",
    "vastavushindamise",
    "standardi",
    "mõõtevahendi",
    "taatluse",
    "ohutuse",
    "tuleohutuse",
    "päästeameti",
    "evakuatsiooni",
    "tsiviilkaitse",
    "varjendi",
    "kriisiplaani",
    "häirekeskuse",
    "politsei",
    "piirivalve",
    "kaitseväe",
    "ajateenistuse",
    "reservväe",
    "vabatahtliku",
    "noorkotka",
    "kodukaitse",
    "kalmistu",
    "matmise",
    "hauaplatsi",
    "kiriku",
    "koguduse",
    "mittetulundusühingu",
    "sihtasutuse",
    "seltsi",
    "ühistu",
    "korteriühistu",
    "aiandusühistu",
    "garaažiühistu",
    "metsaühistu",
    "maaparandusühistu",
    "teeühistu",
    "veeühistu",
    "jahiseltsi",
    "kalastusklubi",
    "spordiklubi",
]
SYLLABLES = [c + v for c in "hjklmnprstv" for v in "aeiouõäü"]
PLACE_KINDS = ["küla", "tee", "tänav", "talu", "park", "väljak"]
FIRST = [
    "Mari",
    "Jaan",
    "Kadri",
    "Peeter",
    "Liis",
    "Andres",
    "Kati",
    "Toomas",
    "Anu",
    "Mart",
    "Eve",
    "Priit",
    "Tiina",
    "Urmas",
    "Kristi",
]
LAST = [
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
    "Luik",
    "Kallas",
    "Oja",
]
COMPANY_PARTS = [
    "Metsa",
    "Kivi",
    "Vee",
    "Ehitus",
    "Tarkvara",
    "Logistika",
    "Agro",
    "Energia",
    "Konsult",
    "Kinnisvara",
    "Transpordi",
    "Tootmis",
    "Kaubandus",
    "Teenus",
    "Arendus",
    "Haldus",
    "Mööbli",
    "Toidu",
    "Puidu",
    "Auto",
]


def vocabulary() -> dict[str, list[str]]:
    from teenindus.registry.search import stem_words

    rng = random.Random(7)
    heads = [form for forms in HEADS for form in forms]
    names: dict[str, None] = {}
    while len(names) < 20_000:
        names["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))).title()] = None
    places = [f"{name} {rng.choice(PLACE_KINDS)}" for name in names]
    companies = [
        f"{rng.choice(COMPANY_PARTS)}{rng.choice(COMPANY_PARTS).lower()} {form} {i}"
        for i, form in enumerate(rng.choice(["OÜ", "AS", "MTÜ"]) for _ in range(2_000))
    ]

    def stems(texts):
        return [" ".join(stem_words(t)) for t in texts]

    return {
        "heads": heads,
        "head_stems": stems(heads),
        "subjects": SUBJECTS,
        "subject_stems": stems(SUBJECTS),
        "places": places,
        "place_stems": stems(places),
        "companies": companies,
        "company_stems": stems(companies),
        "first": FIRST,
        "last": LAST,
    }


DOCUMENTS_SQL = """
INSERT INTO registry_document (
    created_at, updated_at, series_id, year, seq, number, direction, doc_type_id, title,
    party_name, party_is_person, party_email, sender_reference, received_on, registered_at,
    registered_late, channel, state, access, ak_basis, ak_until, public_stems, title_stems, version,
    extension_reason
)
SELECT
    r.at, r.at, (%(series_ids)s::bigint[])[r.s], extract(year FROM r.at)::int, r.g,
    (%(series_codes)s::text[])[r.s] || '/' || extract(year FROM r.at)::int || '/' || r.g,
    CASE WHEN r.g %% 3 = 0 THEN 'out' ELSE 'in' END,
    (%(type_ids)s::bigint[])[r.t],
    (%(heads)s::text[])[r.h] || ' ' || (%(subjects)s::text[])[r.b] || ' ' || (%(places)s::text[])[r.p]
        || ' kohta',
    CASE WHEN r.person THEN (%(first)s::text[])[r.f] || ' ' || (%(last)s::text[])[r.l]
         ELSE (%(companies)s::text[])[r.c] END,
    r.person, '', '', r.at::date, r.at, false, 'email',
    CASE WHEN r.g %% 5 = 0 THEN 'open' ELSE 'closed' END,
    CASE WHEN r.ak THEN 'ak' ELSE 'public' END,
    CASE WHEN r.ak THEN 'AvTS § 35 lg 1 p 12' ELSE '' END,
    CASE WHEN r.ak THEN (now() + (r.g %% 2 * 2 - 1) * interval '30 days')::date END,
    ' ' || (%(series_code_stems)s::text[])[r.s] || ' ' || extract(year FROM r.at)::int || ' ' || r.g
        || ' ' || (%(type_stems)s::text[])[r.t] || ' ' || (%(series_name_stems)s::text[])[r.s] || ' '
        || CASE WHEN r.person THEN lower(left((%(first)s::text[])[r.f], 1)) || ' '
                                   || lower(left((%(last)s::text[])[r.l], 1))
                ELSE (%(company_stems)s::text[])[r.c] END || ' ',
    ' ' || (%(head_stems)s::text[])[r.h] || ' ' || (%(subject_stems)s::text[])[r.b] || ' '
        || (%(place_stems)s::text[])[r.p] || ' koht ',
    1, ''
FROM (
    SELECT g,
        now() - (%(n)s - g) * (interval '5 years' / %(n)s) AS at,
        1 + g %% 5 AS s,
        1 + floor(power(random(), 2) * %(n_types)s)::int AS t,
        1 + floor(power(random(), 3) * %(n_heads)s)::int AS h,
        1 + floor(power(random(), 2) * %(n_subjects)s)::int AS b,
        1 + floor(random() * %(n_places)s)::int AS p,
        1 + floor(random() * %(n_first)s)::int AS f,
        1 + floor(random() * %(n_last)s)::int AS l,
        1 + floor(random() * %(n_companies)s)::int AS c,
        random() < 0.7 AS person,
        random() < 0.03 AS ak
    FROM generate_series(1, %(n)s) AS g
) AS r
"""


def populate(args, vocab) -> None:
    from django.db import connection

    from teenindus.registry.defaults import document_types_ensure
    from teenindus.registry.models import Series
    from teenindus.registry.search import stem_words

    types = list(document_types_ensure().values())
    series = [
        Series.objects.create(code=code, name=name)
        for code, name in [
            ("1-2", "Kirjavahetus"),
            ("7-1", "Teabenõuded"),
            ("5-3", "Load ja taotlused"),
            ("9-2", "Väljastatud tõendid"),
            ("3-1", "Märgukirjad ja selgitustaotlused"),
        ]
    ]
    params = {
        **{
            key: vocab[key]
            for key in (
                "heads",
                "head_stems",
                "subjects",
                "subject_stems",
                "places",
                "place_stems",
                "companies",
                "company_stems",
                "first",
                "last",
            )
        },
        "n": args.documents,
        "series_ids": [s.pk for s in series],
        "series_codes": [s.code for s in series],
        "series_code_stems": [" ".join(stem_words(s.code)) for s in series],
        "series_name_stems": [" ".join(stem_words(s.name)) for s in series],
        "type_ids": [t.pk for t in types],
        "type_stems": [" ".join(stem_words(t.name)) for t in types],
        "n_types": len(types),
        "n_heads": len(vocab["heads"]),
        "n_subjects": len(vocab["subjects"]),
        "n_places": len(vocab["places"]),
        "n_first": len(vocab["first"]),
        "n_last": len(vocab["last"]),
        "n_companies": len(vocab["companies"]),
    }
    migration = importlib.import_module("teenindus.registry.migrations.0003_public_search")
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("DROP INDEX IF EXISTS document_public_words")
        cursor.execute("DROP INDEX IF EXISTS document_title_words")
        cursor.execute(DOCUMENTS_SQL, params)
        loaded = time.perf_counter()
        for sql in migration.WORDS:
            cursor.execute(sql)
        indexed = time.perf_counter()
        cursor.execute("VACUUM ANALYZE registry_document")
        cursor.execute("CHECKPOINT")
    print(
        f"  loaded {args.documents:,} documents in {loaded - began:.0f} s, GIN index in "
        f"{indexed - loaded:.0f} s"
    )


def reindex() -> None:
    from django.db import connection

    migration = importlib.import_module("teenindus.registry.migrations.0003_public_search")
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("DROP INDEX IF EXISTS document_public_words")
        cursor.execute("DROP INDEX IF EXISTS document_title_words")
        for sql in migration.WORDS:
            cursor.execute(sql)
        cursor.execute("ANALYZE registry_document")
    print("  reused the documents of the last run; search indexes made again")


def _searches(vocab, types) -> list[tuple[str, dict]]:
    rng = random.Random(11)
    out = []
    forms_common = [forms[1 if len(forms) > 1 else 0] for forms in HEADS[:8]]  # other forms than stored
    for word in rng.sample(vocab["places"], 50):
        out.append(("rare", {"q": word.split()[0]}))
    for word in forms_common + [forms[-1] for forms in HEADS[8:40]]:
        out.append(("common/medium", {"q": word}))
    for word in rng.sample(SUBJECTS, 40):
        out.append(("subject", {"q": word}))
    for _ in range(30):
        out.append(("two words", {"q": f"{rng.choice(forms_common)} {rng.choice(SUBJECTS[:60])}"}))
    for _ in range(20):
        out.append(("word+type", {"q": rng.choice(SUBJECTS[:80]), "type": rng.choice(types).pk}))
    for company in rng.sample(vocab["companies"], 10):
        out.append(("company", {"party": company.rsplit(" ", 1)[0].split()[0]}))
    return out


def search(args, vocab) -> None:
    from django.db import connection
    from django.test import Client

    from teenindus.registry import public
    from teenindus.registry.models import DocumentType

    types = list(DocumentType.objects.all())
    searches = _searches(vocab, types)
    client = Client()
    assert client.get("/dokumendiregister/", {"q": "teabenõue"}).status_code == 200  # warm
    times, kinds, rows = [], {}, []
    for kind, params in searches:
        began = time.perf_counter()
        response = client.get("/dokumendiregister/", params)
        elapsed = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, response.content[:300]
        times.append(elapsed)
        kinds.setdefault(kind, []).append(elapsed)
        rows.append((elapsed, kind, params))
    print(f"\n2. Public page /dokumendiregister/ word search, {len(times)} searches (rendered):")
    print(
        f"  p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms,"
        f" max {max(times):.1f} ms"
    )
    for kind, values in kinds.items():
        print(
            f"    {kind:14} n={len(values):3}  p50 {statistics.median(values):6.1f}  p95 "
            f"{percentile(values, 95):6.1f}  max {max(values):6.1f} ms"
        )
    slowest = max(rows, key=lambda r: r[0])
    print(f"  slowest: {slowest[1]} {slowest[2]} {slowest[0]:.1f} ms")

    # 3. The naive search against the search's own query, on a sample of the same words.
    sample = random.Random(5).sample([p for _k, p in searches if "q" in p and "type" not in p], args.naive)
    ours, naive = [], []
    with connection.cursor() as cursor:
        for params in sample:
            word = params["q"].split()[0]
            began = time.perf_counter()
            public.public_documents(filters=public.PublicFilter(words=word))
            ours.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            cursor.execute(
                "SELECT id, number, title FROM registry_document WHERE title ILIKE %s"
                " ORDER BY registered_at DESC, id DESC LIMIT 21",
                [f"%{word}%"],
            )
            cursor.fetchall()
            naive.append((time.perf_counter() - began) * 1000)
    print(f"\n3. Naive title ILIKE '%word%' vs the stem search (query only), {len(sample)} words:")
    print(
        f"  stems: p50 {statistics.median(ours):.1f} ms, p95 {percentile(ours, 95):.1f} ms; naive ILIKE: "
        f"p50 {statistics.median(naive):.1f} ms, p95 {percentile(naive, 95):.1f} ms, max {max(naive):.1f} ms"
    )
    print(
        f"  ratio naive/stems: p50 {statistics.median(naive) / statistics.median(ours):.1f}x, "
        f"p95 {percentile(naive, 95) / percentile(ours, 95):.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--naive", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="search the documents of the last run")
    args = parser.parse_args()
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    if args.reuse:  # the documents of an earlier run; the search indexes made again
        import sys

        import django
        from _setup import ROOT

        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DEBUG", "0")
        os.environ["DATABASE_URL"] = pg_url("bench_registry")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()
    else:
        setup(pg_url("bench_registry"))
    import logging

    from django.conf import settings

    logging.getLogger("teenindus.request").setLevel(logging.WARNING)  # a line per request otherwise
    # In process, without collectstatic: plain static URLs (the page's rendering is the same work).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    vocab = vocabulary()
    print(f"1. Data: {args.documents:,} documents")
    if args.reuse:
        reindex()
    else:
        populate(args, vocab)
    search(args, vocab)


if __name__ == "__main__":
    main()
