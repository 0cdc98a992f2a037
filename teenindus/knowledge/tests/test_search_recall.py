"""Which analyser finds the guide an agent means: recall at 5 on realistic agent queries in inflected
forms, against the demo guides (teenindus/demo/knowledge.py, loaded as the demo loads them).

Both analysers index the same guides and answer the same queries on the database under test;
the chosen one (search.CHOSEN) must do at least as well as the other and reach FLOOR."""

import pytest

from teenindus.demo.knowledge import load_knowledge
from teenindus.knowledge import search, selectors, services

pytestmark = pytest.mark.django_db

FLOOR = 0.85  # the chosen analyser's recall at 5 must reach this

# (query as an agent types it, the demo guides (keys) that answer it)
QUERIES = [
    ("pensionile", {"vanaduspension"}),
    ("pensionile jäämine", {"vanaduspension"}),
    ("pensionist välismaal", {"valismaale"}),
    ("välisriiki kolimine pensionäril", {"valismaale"}),
    ("ennetähtaegsele pensionile", {"ennetahtaegne"}),
    ("pensioni edasilükkamine", {"paindlik"}),
    ("poole pensioni võtmine", {"paindlik"}),
    ("toitjakaotuspensioni taotlemine", {"toitjakaotus"}),
    ("toitja surma korral", {"toitjakaotus"}),
    ("lapsetõusud pensionile", {"umberarvutus"}),
    ("staažilisa ümberarvutamine", {"umberarvutus"}),
    ("millal pensioni makstakse", {"maksepaev"}),
    ("pangakonto muutmine", {"maksepaev"}),
    ("lapsetoetuse maksmine", {"lapsetoetus"}),
    ("lapsetoetust ei laekunud", {"lapsetoetus"}),
    ("õppivale lapsele toetust", {"ule16"}),
    ("gümnaasiumis õppiv laps", {"ule16"}),
    ("peretoetuste avaldus", {"peretoetuste-avaldus"}),
    ("avaldust esitada e-teeninduses", {"peretoetuste-avaldus"}),
    ("vanemahüvitise arvutamine", {"vanemahyvitis"}),
    ("isapuhkusele jäämine", {"isahyvitis"}),
    ("lasterikkale perele", {"lasterikas"}),
    ("kolme lapsega pere toetused", {"lasterikas"}),
    ("enammakstud toetuse tagasinõue", {"tagasinoue"}),
    ("toetusi tagasi maksta", {"tagasinoue"}),
    ("puude raskusastme taotlus", {"puude-raskusaste"}),
    ("puude tähtaeg lõppeb", {"korduvhindamine"}),
    ("töövõime hindamisele", {"toovoime-hindamine"}),
    ("töövõimetoetuse taotlemine", {"toovoime-hindamine", "toovoimetoetus"}),
    ("töövõimetoetust ei makstud", {"toovoimetoetus"}),
    ("puudega lapse hooldajale", {"hooldajatoetus"}),
    ("hooldajatoetuse saamine", {"hooldajatoetus"}),
    ("volikirjaga asjaajamine", {"volikiri"}),
    ("volikirja vormistamine", {"volikiri"}),
    ("e-teenindusse ei saa sisse", {"sisselogimine"}),
    ("avalduse menetluse seis", {"menetluse-seis"}),
    ("kojukannet tellida", {"kojukanne"}),
    ("elukoha muutmine", {"elukoht"}),
    ("toetus", {"lapsetoetus", "lasterikas", "hooldajatoetus", "tagasinoue"}),
]


def _recall(keys_by_id: dict[int, str], user, analyser: str) -> tuple[float, list[str]]:
    services.guides_reindex(analyser=analyser)
    total, misses = 0.0, []
    for query, expected in QUERIES:
        top = [
            keys_by_id.get(pk)
            for pk in search.ranked_ids(
                selectors.guides_visible(user=user), query=query, analyser=analyser, limit=5
            )
        ]
        # Recall at 5: the share of the expected guides among the first five (for a query with many
        # right answers, as many as fit in five).
        found = len(expected & set(top)) / min(len(expected), 5)
        total += found
        if found < 1:
            misses.append(f"{query!r} -> {top}")
    return total / len(QUERIES), misses


def test_the_chosen_analyser_finds_at_least_as_much_as_the_other_and_reaches_the_floor(users):
    assert len(QUERIES) >= 30
    guides = load_knowledge()
    keys_by_id = {guide.pk: key for key, guide in guides.items()}
    reader = users["agent"]
    results = {analyser: _recall(keys_by_id, reader, analyser) for analyser in search.ANALYSERS}
    other = next(a for a in search.ANALYSERS if a != search.CHOSEN)
    for analyser, (recall, misses) in results.items():
        print(f"\nrecall@5 {analyser}: {recall:.3f} ({len(QUERIES)} queries); missed: {misses}")
    assert results[search.CHOSEN][0] >= results[other][0]
    assert results[search.CHOSEN][0] >= FLOOR
    services.guides_reindex(analyser=search.CHOSEN)
