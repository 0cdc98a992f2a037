"""Estonian word forms for search: snowball stems, compared by prefix.

The stemmer cuts case endings unevenly (kõnekeskus -> kõnekesku, kõnekeskuses -> kõnekeskuse), so a
query stem matches any stored stem that starts with the query stem less its last two letters (never
shorter than four): kõnekeskuses finds kõnekeskus, klienditeenindus finds klienditeeninduse.
"""

import re
from functools import cache

import snowballstemmer

_WORD = re.compile(r"[\wõäöüšž]+", re.IGNORECASE)


@cache
def _stemmer():
    return snowballstemmer.stemmer("estonian")


def stems(text: str) -> list[str]:
    words = [word.casefold() for word in _WORD.findall(text or "") if not word.isdigit()]
    return _stemmer().stemWords(words)


def search_text(*texts: str) -> str:
    """Stored form: every stem once, each preceded by a space so a prefix can be matched."""
    return "".join(f" {stem}" for stem in dict.fromkeys(stem for text in texts for stem in stems(text))) + " "


def query_prefixes(query: str) -> list[str]:
    """What each query word must start a stored stem with (" " + prefix)."""
    out = []
    for stem in stems(query):
        keep = max(4, len(stem) - 2) if len(stem) > 4 else len(stem)
        out.append(f" {stem[:keep]}")
    return list(dict.fromkeys(out))


def same_name(a: str, b: str) -> bool:
    """Two position names in any case form: "talitusejuhatajat" and "Talitusejuhataja"."""
    left, right = stems(a), stems(b)
    if not left or len(left) != len(right):
        return False
    for x, y in zip(left, right, strict=True):
        common = (
            len(x)
            if x == y
            else next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
        )
        if common < min(4, len(x), len(y)) or common < min(len(x), len(y)) - 1:
            return False
    return True
