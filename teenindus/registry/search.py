"""Search words of a registered document: Estonian snowball stems, lower-cased, stored as
" stem stem ... " (each stem preceded by a space, so a query stem can be matched as a prefix,
as in people/search.py).

The snowball stemmer leaves some forms of one word apart ("teabenõue" → teabenõue, "teabenõude" →
teabenõu, "teabenõuded" → teabenõude; "taotlus" → taotlu, "taotluse" → taotluse), so a stem is
shortened further by its trailing a, e, i, o, u, d, s and t (not below ROOT_MIN letters): every
form above then gives "teabenõ" or "taotl", on both sides, and a query word matches a stored word
by prefix.
Consonant gradation (ehitusluba/ehitusloa) is not undone.

`public_stems` holds only what the public may always see: the registration number, the type, the
series and the party's name when the party is a company or an organisation; a private person
only by initials ("Mari Tamm" → "m t"). The title is kept apart (`title_stems`): an AK document's
title is not public."""

import re
from functools import cache

import snowballstemmer

_WORD = re.compile(r"[\wõäöüšž]+", re.IGNORECASE)


@cache
def _stemmer():
    return snowballstemmer.stemmer("estonian")


ROOT_MIN = 4
_TRAILING = set("aeioudst")


def _root(stem: str) -> str:
    if stem.isdigit():
        return stem
    while len(stem) > ROOT_MIN and stem[-1] in _TRAILING:
        stem = stem[:-1]
    return stem


def stem_words(text: str) -> list[str]:
    """The stems of the words of `text`, lower-cased and shortened to their root, numbers kept as
    they are."""
    words = [word.casefold() for word in _WORD.findall(text or "")]
    return [_root(stem) for stem in _stemmer().stemWords(words)]


def stems_text(*texts: str) -> str:
    """Stored form: each stem once, each preceded by a space, with a space at the end."""
    found = dict.fromkeys(stem for text in texts for stem in stem_words(text))
    return "".join(f" {stem}" for stem in found) + " " if found else ""


def initials(name: str) -> str:
    """A private person's name as the public sees it: "Mari Tamm" → "M. T."."""
    return " ".join(f"{word[0].upper()}." for word in _WORD.findall(name or "") if word)


def party_public_name(doc) -> str:
    """The party's name as the public register shows it."""
    name = doc.party_customer.name if doc.party_customer_id else doc.party_name
    is_person = doc.party_customer.kind == "person" if doc.party_customer_id else doc.party_is_person
    return initials(name) if is_person else name


def document_index(doc) -> None:
    """Set `doc.public_stems` and `doc.title_stems` from its fields (the caller saves it)."""
    doc.public_stems = stems_text(
        doc.number,
        doc.doc_type.name,
        doc.series.code,
        doc.series.name,
        party_public_name(doc),
    )
    doc.title_stems = stems_text(doc.title)
