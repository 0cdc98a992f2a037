"""Guide search latency: the chosen analyser (Vabamorf lemmas) against the other (snowball stems)
on ~2,000 generated guides, on SQLite and (when DATABASE_URL points at PostgreSQL) on PostgreSQL.

1. Data. The demo guides (teenindus/demo/knowledge.py) are loaded, then copied into N guides in
   all: each copy takes a demo guide's title and body, a few sentences of other demo guides and a
   made-up place name, so the terms are those of real guides in realistic proportions. The copies
   are written in bulk, published, with their terms computed by knowledge.search.guide_terms.
2. For each analyser: the terms of every guide are computed (time per guide printed), stored, and
   the recall test's 39 agent queries are run through knowledge.search.ranked_ids (top 5 of the
   published guides) 5 times each: p50/p95/max in ms.
3. The ratio chosen/other of p50 and p95.

Usage: python bench/knowledge.py [--guides 2000] [--rounds 5]  (DATABASE_URL=postgres://... adds PG)
"""

import argparse
import os
import random
import re
import subprocess
import sys
import time

from _setup import percentile, pg_url, setup, sqlite_url

PLACES = [
    "Tartu",
    "Pärnu",
    "Narva",
    "Viljandi",
    "Rakvere",
    "Kuressaare",
    "Võru",
    "Paide",
    "Haapsalu",
    "Jõhvi",
]


def _generate(n: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from teenindus.accounts import roles
    from teenindus.demo.knowledge import GUIDES, load_knowledge
    from teenindus.knowledge.models import Guide, GuideStatus, GuideVersion

    User = get_user_model()
    owner, _ = User.objects.get_or_create(username="juht")
    from django.contrib.auth.models import Group

    owner.groups.add(Group.objects.get(name=roles.TEAM_LEAD))
    load_knowledge()
    rng = random.Random(12)
    sentences = [s for g in GUIDES for s in re.split(r"(?<=[.!?])\s+", g.body) if len(s) > 30]
    now = timezone.now()
    guides, versions = [], []
    for i in range(n - Guide.objects.count()):
        base = GUIDES[i % len(GUIDES)]
        title = f"{base.title} ({rng.choice(PLACES)} {i})"
        body = base.body + "\n\n" + " ".join(rng.sample(sentences, 3))
        guides.append(Guide(title=title, status=GuideStatus.PUBLISHED, owner=owner, published_at=now))
        versions.append((title, body))
    made = Guide.objects.bulk_create(guides, batch_size=500)
    GuideVersion.objects.bulk_create(
        [
            GuideVersion(guide=g, number=1, title=t, body=b, author=owner)
            for g, (t, b) in zip(made, versions, strict=True)
        ],
        batch_size=500,
    )


def _index(analyser: str) -> float:
    from teenindus.knowledge import search
    from teenindus.knowledge.models import Guide, GuideVersion

    bodies = {v.guide_id: (v.title, v.body) for v in GuideVersion.objects.order_by("guide_id", "number")}
    guides = list(Guide.objects.only("pk"))
    start = time.perf_counter()
    for guide in guides:
        title, body = bodies[guide.pk]
        guide.title_terms, guide.search_terms = search.guide_terms(title=title, body=body, analyser=analyser)
    seconds = time.perf_counter() - start
    Guide.objects.bulk_update(guides, ["title_terms", "search_terms"], batch_size=500)
    search.vectors_refresh(Guide.objects.all())
    return seconds / len(guides) * 1000


def _search(analyser: str, rounds: int) -> list[float]:
    from teenindus.knowledge import search
    from teenindus.knowledge.models import Guide, GuideStatus
    from teenindus.knowledge.tests.test_search_recall import QUERIES

    published = Guide.objects.filter(status=GuideStatus.PUBLISHED)
    for query, _expected in QUERIES:  # warm: Vabamorf loaded, caches filled
        search.ranked_ids(published, query=query, analyser=analyser, limit=5)
    times = []
    for _ in range(rounds):
        for query, _expected in QUERIES:
            start = time.perf_counter()
            search.ranked_ids(published, query=query, analyser=analyser, limit=5)
            times.append((time.perf_counter() - start) * 1000)
    return times


def run(url: str, label: str, n: int, rounds: int) -> None:
    setup(url)
    from django.db import connection

    from teenindus.knowledge import search

    _generate(n)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE knowledge_guide")
    other = next(a for a in search.ANALYSERS if a != search.CHOSEN)
    figures = {}
    for analyser in (search.CHOSEN, other):
        per_guide = _index(analyser)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE knowledge_guide")
        times = _search(analyser, rounds)
        p50, p95, worst = figures[analyser] = (percentile(times, 50), percentile(times, 95), max(times))
        print(
            f"{label} {analyser:9s}: index {per_guide:6.2f} ms/guide; search p50 {p50:6.2f} ms,"
            f" p95 {p95:6.2f} ms, max {worst:6.2f} ms ({len(times)} searches)"
        )
    chosen, rest = figures[search.CHOSEN], figures[other]
    print(
        f"{label} ratio {search.CHOSEN}/{other}: p50 {chosen[0] / rest[0]:.2f}, p95 {chosen[1] / rest[1]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guides", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pg-only", action="store_true")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if args.pg_only:
        run(pg_url("bench_knowledge"), "PostgreSQL", args.guides, args.rounds)
        return
    run(sqlite_url("bench_knowledge"), "SQLite    ", args.guides, args.rounds)
    if database_url.startswith("postgres"):
        # A process of its own: Django's settings pick the database once.
        env = {**os.environ, "BENCH_PG_URL": database_url}
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--pg-only",
                "--guides",
                str(args.guides),
                "--rounds",
                str(args.rounds),
            ],
            env=env,
            check=True,
        )


if __name__ == "__main__":
    main()
