"""Guide search in any Estonian word form: index terms stored on the guide, one way of ranking.

Two analysers make the terms, and the same terms serve both databases:

- "vabamorf" (chosen, see tests/test_search_recall.py for the measured recall): EstNLTK's Vabamorf
  lemmas. Every analysis of a word counts (no disambiguation: "toetusi" -> toetus), and a compound
  is indexed whole and by its parts (lapsetoetuse -> lapsetoetus, toetus, laps), so "toetus" finds
  a guide on lapsetoetus and "pensionile" one that speaks of pensioniiga. A query word is matched by
  its own lemmas (a compound query word by the whole compound only).
- "snowball": the snowball stems used for job descriptions, matched by prefix (a stem less its last
  two letters, never shorter than four), as teenindus/people/search.py does.

PostgreSQL: `to_tsvector('simple', ...)` over the stored terms (title weighted A, the whole text B),
stored as a tsvector column with a GIN index (migration 0002), ranked by `ts_rank`. SQLite: the
guides holding a term (LIKE) ranked in Python over the same terms (title 1.0, text 0.4 per query
word, more occurrences a little more)."""

import math
import re
from collections.abc import Iterable
from functools import cache

import nh3
import snowballstemmer
from django.db import connection
from django.db.models import Q

from teenindus.knowledge.formatting import render_body

CHOSEN = "vabamorf"
ANALYSERS = ("vabamorf", "snowball")

# PostgreSQL: the stored vector (GIN-indexed, migration 0002) and how it is made from the terms.
VECTOR = '"knowledge_guide"."search_vector"'
VECTOR_FROM_TERMS = (
    "setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_terms), 'B')"
)
MAX_WORDS = 8
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_CLEAN = re.compile(r"[^0-9a-zõäöüšž]+")
# Words an agent types that say nothing about the case.
STOPWORDS = frozenset(
    ("ja", "ning", "ka", "kas", "kui", "et", "ei", "on", "see", "mis", "kuidas", "kus", "kes", "mida",
     "millal", "miks", "või", "aga", "ta", "nad", "mul", "mulle", "minu", "oma", "tema", "selle", "seda")
)  # fmt: skip


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text or "")]


def _clean(term: str) -> str:
    return _CLEAN.sub("", term.casefold())


# --- the analysers ----------------------------------------------------------------------------


@cache
def _stemmer():
    return snowballstemmer.stemmer("estonian")


@cache
def _vabamorf():
    from estnltk.vabamorf.morf import Vabamorf  # heavy (pandas): loaded on first use only

    return Vabamorf.instance()


def _analyse(words: list[str]) -> dict[str, list[dict]]:
    distinct = list(dict.fromkeys(w for w in words if w))
    if not distinct:
        return {}
    analysed = _vabamorf().analyze(distinct, guess=True, disambiguate=False)
    return {word: a["analysis"] or [] for word, a in zip(distinct, analysed, strict=True)}


def _lemmas(words: list[str], *, parts: bool = True) -> dict[str, list[str]]:
    """Each distinct word's lemmas; with `parts`, a compound's parts too: the last as it ends the
    lemma (lapsetoetus -> toetus), the others by their own lemma (pensioniiga -> pension)."""
    analyses = _analyse(words)
    out: dict[str, list[str]] = {}
    first_parts: dict[str, set[str]] = {}
    for word, found in analyses.items():
        terms: list[str] = []
        for analysis in found:
            lemma = _clean(analysis["lemma"])
            terms.append(lemma)
            pieces = [_clean(p) for p in analysis["root"].split("_")]
            if parts and len(pieces) > 1 and pieces[-1]:
                terms.append(lemma[-len(pieces[-1]) :] if lemma.endswith(pieces[-1]) else pieces[-1])
                first_parts.setdefault(word, set()).update(p for p in pieces[:-1] if len(p) > 2)
        out[word] = [t for t in dict.fromkeys(terms) if t] or [_clean(word)]
    if first_parts:
        part_lemmas = _analyse(sorted({p for ps in first_parts.values() for p in ps}))
        for word, pieces in first_parts.items():
            for piece in sorted(pieces):
                lemmas = [_clean(a["lemma"]) for a in part_lemmas.get(piece, [])] or [piece]
                out[word] += [t for t in dict.fromkeys(lemmas) if t and t not in out[word]]
    return out


def index_terms(text: str, analyser: str = CHOSEN) -> list[str]:
    """The terms of a text in text order (repeated as often as they occur)."""
    words = [w for part in _words(text) for w in part.split("-")]
    if analyser == "snowball":
        return [t for t in (_clean(s) for s in _stemmer().stemWords(words)) if t]
    lemmas = _lemmas(words)
    return [t for word in words for t in lemmas.get(word, ())]


def query_groups(query: str, analyser: str = CHOSEN) -> list[tuple[tuple[str, ...], bool]]:
    """Per query word: the terms any of which matches it, and whether they are prefixes."""
    words = [w for part in _words(query) for w in part.split("-") if w not in STOPWORDS][:MAX_WORDS]
    groups: list[tuple[tuple[str, ...], bool]] = []
    if analyser == "snowball":
        for stem in (_clean(s) for s in _stemmer().stemWords(words)):
            if stem:
                keep = max(4, len(stem) - 2) if len(stem) > 4 else len(stem)
                groups.append(((stem[:keep],), True))
    else:
        # The query word's own lemmas: a compound's last part is an index term only, so
        # "lapsetoetus" does not find every guide on any "toetus".
        lemmas = _lemmas(words, parts=False)
        for word in words:
            groups.append((tuple(lemmas.get(word, ())), False))
    return list(dict.fromkeys(g for g in groups if g[0]))


def plain_text(body: str) -> str:
    """The words of a formatted body (markup and link addresses dropped)."""
    return nh3.clean(str(render_body(body)), tags=set())


def guide_terms(
    *, title: str, body: str, topics: Iterable[str] = (), analyser: str = CHOSEN
) -> tuple[str, str]:
    """(title_terms, search_terms) to store on a guide."""
    title_terms = index_terms(title, analyser)
    body_terms = index_terms(plain_text(body), analyser)
    topic_terms = [t for name in topics for t in index_terms(name, analyser)]
    # Each term between spaces (" a b c "), so SQLite finds a term with LIKE '% a %' (or a prefix
    # with LIKE '% a%'); to_tsvector does not mind the spaces.
    return f" {' '.join(title_terms)} ", f" {' '.join(title_terms + topic_terms + body_terms)} "


# --- ranking ----------------------------------------------------------------------------------


def vectors_refresh(guides) -> None:
    """PostgreSQL: the stored vectors of `guides` (a queryset) made again from their terms."""
    if connection.vendor == "postgresql":
        ids = list(guides.values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE knowledge_guide SET search_vector = {VECTOR_FROM_TERMS} WHERE id = ANY(%s)", [ids]
            )


def _tsquery(groups) -> str:
    parts = []
    for terms, prefix in groups:
        parts += [f"{t}:*" if prefix else t for t in terms]
    return " | ".join(dict.fromkeys(parts))


def _count(text: str, alternatives: tuple[str, ...], prefix: bool) -> int:
    """How often any of the terms occurs in a stored " a b c " text (as a prefix of a term)."""
    return sum(text.count(f" {t}" if prefix else f" {t} ") for t in alternatives)


def ranked_ids(guides, *, query: str, analyser: str = CHOSEN, limit: int = 50) -> list[int]:
    """The ids of `guides` (a queryset) matching any word of `query`, best first."""
    groups = query_groups(query, analyser)
    if not groups:
        return []
    if connection.vendor == "postgresql":
        q = _tsquery(groups)
        rows = (
            guides.extra(
                select={"rank": f"ts_rank({VECTOR}, to_tsquery('simple'::regconfig, %s))"},
                select_params=[q],
                where=[f"{VECTOR} @@ to_tsquery('simple'::regconfig, %s)"],
                params=[q],
            )
            .order_by("-rank", "-pk")
            .values_list("pk", flat=True)[:limit]
        )
        return list(rows)
    # SQLite: only the guides holding a term (LIKE) are read, then ranked here.
    holding = Q()
    for alternatives, prefix in groups:
        for term in alternatives:
            holding |= Q(search_terms__contains=f" {term}" if prefix else f" {term} ")
    scored = []
    for pk, title, text in guides.filter(holding).values_list("pk", "title_terms", "search_terms").iterator():
        score = 0.0
        for alternatives, prefix in groups:
            if _count(title, alternatives, prefix):
                score += 1.0
            found = _count(text, alternatives, prefix)
            if found:
                score += 0.4 * (1 + math.log(found))
        if score:
            scored.append((-score, -pk))
    scored.sort()
    return [-pk for _, pk in scored[:limit]]
