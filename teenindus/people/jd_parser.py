"""A job description (ametijuhend) read by its structure.

The documents agencies have share one structure, whatever their layout: a general part (title,
unit, line manager, substitution), the purpose, duties with expected results, rights,
responsibilities, tools, requirements and the review rule, under numbered headings. The parser
works in two steps:

1. **Sections**: a heading is a short line, usually numbered and in capitals, whose words name a
   section (ÜLDOSA/ÜLDSÄTTED, …EESMÄRK, TÖÖÜLESANDED/TEENISTUSKOHUSTUSED, ÕIGUSED, VASTUTUS,
   TÖÖVAHENDID, …NÕUDED, …MUUTMINE). The vocabulary is Estonian public-sector usage, not one file.
2. **Each section by its own grammar**: label/value grids (as a table, or flattened so that the
   values follow the labels on one line), numbered duties whose results are list items (a duty's
   own sub-items begin in lower case, as an Estonian list continuing a sentence does; results are
   sentences), plain lists, and requirement blocks under their sub-headings.

Here: the sections and the general part; the duties in jd_duties.py, the requirements in
jd_requirements.py, lists and paragraphs in jd_text.py.

Whatever cannot be placed goes to `unplaced`; things worth a look (a duty number out of sequence, a language
level it does not know) go to `warnings`.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from teenindus.core.exceptions import ValidationFailed
from teenindus.people.jd_duties import parse_duties
from teenindus.people.jd_requirements import empty_requirements, parse_requirements
from teenindus.people.jd_sources import Line
from teenindus.people.jd_text import (
    join_wrapped,
    parse_list,
    parse_paragraph,
    squash,
)

# The record's plain-text fields; the others are lists and the requirements.
TEXT_KEYS = (
    "title",
    "unit",
    "manager",
    "substituted_by",
    "substitutes",
    "reports",
    "purpose",
    "tools",
    "review",
)
RECORD_KEYS = (
    *TEXT_KEYS[:7],
    "duties",
    "rights",
    "responsibilities",
    "tools",
    "requirements",
    "review",
    "unplaced",
)


class NotAJobDescription(ValidationFailed):
    """The text has no job description structure; `extra["text"]` holds what could be read."""


def empty_record() -> dict:
    return {
        "title": "",
        "unit": "",
        "manager": "",
        "substituted_by": "",
        "substitutes": "",
        "reports": "",
        "purpose": "",
        "duties": [],
        "rights": [],
        "responsibilities": [],
        "tools": "",
        "requirements": empty_requirements(),
        "review": "",
        "unplaced": [],
    }


@dataclass
class ParseResult:
    record: dict
    warnings: list[str] = field(default_factory=list)


# --- Step 1: sections ------------------------------------------------------------------------

# Checked in this order: "TÖÖKOHALE ESITATAVAD NÕUDED" is about requirements, not the workplace.
SECTION_WORDS = (
    ("requirements", ("nõuded", "nõudmised", "kvalifikatsioon")),
    ("purpose", ("eesmärk",)),
    ("tools", ("vahendid",)),
    ("duties", ("ülesanded", "kohustused", "tööülesanne")),
    ("rights", ("õigused",)),
    ("responsibilities", ("vastutus",)),
    ("review", ("muutmine", "ülevaatamine", "muudatused", "kehtivus")),
    ("general", ("üldosa", "üldsätted", "üldandmed", "üldinfo", "üldised andmed")),
)
_HEADING = re.compile(r"^\s*(?:(?P<number>\d{1,2})\s*[.)]?\s+)?(?P<words>[^\d].*?)\s*:?\s*$")
_SIGNATURES = re.compile(r"^\s*(poolte\s+)?allkirjad\s*:?\s*$|^\s*\(?allkirjastatud digitaalselt\)?", re.I)
_DOCUMENT_CAPTION = re.compile(
    r"^(ametijuhend|teenistuskoha kirjeldus|töökoha kirjeldus|ametikoha kirjeldus)$"
    r"|(lepingu|käskkirja)\s+(juurde kuuluv\s+)?lisa|^lisa\s*\d*$|kinnitatud$|^kinnitatud",
    re.I,
)


def _section_of(text: str) -> tuple[str, str | None] | None:
    """(kind, number) when the line is a section heading."""
    match = _HEADING.match(text)
    if not match or len(text.strip()) > 70:
        return None
    words = match["words"].strip()
    letters = [ch for ch in words if ch.isalpha()]
    if not letters:
        return None
    capitals = sum(ch.isupper() for ch in letters) / len(letters) > 0.8
    if not (capitals or match["number"]) or words.endswith((".", ";", ",")):
        return None
    folded = words.casefold()
    if len(folded.split()) > 6:
        return None
    for kind, keys in SECTION_WORDS:
        if any(key in folded for key in keys):
            return kind, match["number"]
    if capitals and match["number"]:
        return "unknown", match["number"]
    return None


@dataclass
class Section:
    kind: str
    number: str | None
    heading: str
    lines: list[Line] = field(default_factory=list)


def split_sections(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    preamble: list[Line] = []
    sections: list[Section] = []
    signatures = False
    for line in lines:
        if signatures:
            continue  # the old signature block: the system records signatures itself
        if line.cells is None:
            if _SIGNATURES.match(line.text):
                signatures = True
                continue
            found = _section_of(line.text)
            if found:
                sections.append(Section(found[0], found[1], squash(line.text)))
                continue
        (sections[-1].lines if sections else preamble).append(line)
    return preamble, sections


# --- Step 2: the general part ----------------------------------------------------------------

GENERAL_LABELS = (
    ("substituted_by", r"kes\s+(?:teda\s+)?asendab|asendaja|(?:\w+koha\s+)?täitjat\s+asendab"),
    ("substitutes", r"keda\s+(?:ta\s+)?asendab|asendatav(?:ad)?|(?:\w+koha\s+)?täitja\s+asendab"),
    ("reports", r"(?:vahetud\s+|otsesed\s+)?alluvad"),
    ("manager", r"(?:vahetu|otsene)\s+juht|(?:\w+\s+)?alluvus|allub"),
    ("title", r"(?:\w+koha\s+)?\w*nimetus"),
    ("unit", r"struktuuriüksus|üksus|osakond"),
)
_LABEL_RES = [(name, re.compile(rf"^(?:{pattern})\b\s*[:\-–]?\s*", re.I)) for name, pattern in GENERAL_LABELS]
_FIELD_NUMBER = re.compile(r"(?:^|\s)\d{1,2}\s*\.\s*\d{1,2}\.?\s+")
_COLUMN_GAP = re.compile(r"\s{2,}|\t")
# A dash standing for "none" in a grid: "Keda asendab: -".
DASHES = ("-", "–", "—")


@dataclass(frozen=True)
class _Label:
    """A general-part label: the record's field (None for one the record has no field for, such as
    TEENISTUSPIIRKOND or TÖÖPERE.TASE), the label as written and the value written after it."""

    name: str | None
    label: str
    rest: str


def _label(segment: str, *, numbered: bool = False) -> _Label | None:
    """The label a segment starts with. A numbered segment whose label is in capitals is a label
    even when the record has no field for it: "1.8 TEENISTUSPIIRKOND Eesti"."""
    segment = segment.strip()
    for name, regex in _LABEL_RES:
        match = regex.match(segment)
        if match:
            # "1.5 AMETIKOHA ALLUVUS Osakonnajuhataja": the label, then its value.
            return _Label(name, segment[: match.end()].strip(" :-–"), segment[match.end() :].strip())
    if numbered:
        words = segment.split()
        caps = 0
        for word in words:
            letters = [ch for ch in word if ch.isalpha()]
            if len(letters) < 2 or not all(ch.isupper() for ch in letters):
                break
            caps += 1
        if caps:
            label = " ".join(words[:caps]).rstrip(":")
            return _Label(None, label, " ".join(words[caps:]).lstrip(":–- ").strip())
    return None


def _segments(text: str) -> list[str]:
    """ "1.3 Vahetu juht  1.4 Kes asendab" -> ["Vahetu juht", "Kes asendab"]."""
    parts = _FIELD_NUMBER.split(f" {text}")
    return [part.strip() for part in parts if part.strip()]


def _line_labels(text: str, pending: bool) -> list[_Label] | None:
    """The labels of a text line, or None when it is a line of values.

    Numbered labels may run into one line, each with or without its value (PDF extraction joins a
    grid's row); unnumbered ones stand apart by a wide gap ("Kes asendab    Keda asendab")."""
    if _FIELD_NUMBER.search(f" {text}"):
        labels = [_label(segment, numbered=True) for segment in _segments(text)]
        return labels if all(labels) else None
    if pending:
        return None  # a value such as "Osakond" after a label row is no label
    parts = _COLUMN_GAP.split(text)
    if len(parts) > 1:
        labels = [_label(part) for part in parts]
        names = [label.name for label in labels if label and not label.rest]
        if len(names) == len(parts) and len(set(names)) == len(names):
            return labels
    one = _label(text)
    return [one] if one else None


def _value(text: str) -> str:
    value = join_wrapped(text.split("\n"))
    return "" if value in DASHES else value


def _split_values(text_lines: list[str], count: int) -> list[str]:
    """Values of `count` flattened columns: cut before capitalised words, strongest gaps first.

    Each cell of a general-part grid starts with a capital letter; a cell that wraps goes on in
    lower case, so the cuts are before capitalised words. A line break or a wide gap beats a
    single space when there are more candidates than cuts. A dash standing alone is a value of its
    own (an empty one), so it is cut off on both sides.
    """
    tokens: list[tuple[str, float]] = []  # (word, strength of the gap before it)
    for line_no, line in enumerate(text_lines):
        for index, match in enumerate(re.finditer(r"(\s*)(\S+)", line)):
            gap = match.group(1)
            strength = 3.0 if index == 0 and line_no > 0 else 2.0 if len(gap) >= 2 else 1.0
            tokens.append((match.group(2), strength))
    if count <= 1 or not tokens:
        return [join_wrapped([" ".join(word for word, _ in tokens)])] + [""] * (count - 1)
    candidates = []
    for position, (word, strength) in enumerate(tokens):
        if position == 0:
            continue
        previous = tokens[position - 1][0]
        if word in DASHES or previous in DASHES:
            candidates.append((strength + 0.5, position))
        elif word[0].isupper() and not previous.endswith(","):
            candidates.append((strength, position))
    chosen = sorted(position for _, position in sorted(candidates, key=lambda c: (-c[0], c[1]))[: count - 1])
    bounds = [0, *chosen, len(tokens)]
    values = [" ".join(word for word, _ in tokens[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    values += [""] * (count - len(values))
    return [join_wrapped([value]) for value in values]


def parse_general(lines: list[Line], record: dict, unplaced: list[str]) -> None:
    pending: list[_Label | None] = []
    values: list[str] = []

    def put(label: _Label | None, value: str) -> None:
        value = _value(value)
        if not value:
            return
        if label is None:
            unplaced.append(value)
        elif label.name:
            record[label.name] = value
        else:  # a label the record has no field for: shown, not lost
            unplaced.append(f"{label.label}: {value}")

    def flush() -> None:
        nonlocal pending, values
        if pending and values:
            for label, value in zip(pending, _split_values(values, len(pending)), strict=False):
                put(label, value)
        elif values:
            unplaced.append(join_wrapped(values))
        pending, values = [], []

    for line in lines:
        if line.cells is not None:
            labels = [
                _label(
                    _FIELD_NUMBER.sub(" ", f" {cell}").strip(),
                    numbered=bool(_FIELD_NUMBER.search(f" {cell}")),
                )
                for cell in line.cells
            ]
            if len(line.cells) == 2 and labels[0] and not labels[1] and not labels[0].rest:
                flush()  # a label and its value side by side: | 1.1 Ametinimetus | Nõustaja |
                put(labels[0], line.cells[1])
                continue
            if any(labels):
                flush()
                pending = labels
                for label in labels:
                    if label and label.rest:
                        put(label, label.rest)
                continue
            if pending:
                for label, cell in zip(pending, line.cells, strict=False):
                    if label and not label.rest:
                        put(label, cell)
                pending = []
                continue
            unplaced.append(squash(line.text))
            continue
        text = line.text.strip()
        if not text:
            continue
        labels = _line_labels(text, bool(pending))
        if labels:
            flush()
            for label in labels:
                if label.rest:
                    put(label, label.rest)
            # Labels at the end of the line without a value: their values follow on the next lines.
            waiting = len(labels)
            while waiting and not labels[waiting - 1].rest:
                waiting -= 1
            pending = labels[waiting:]
            continue
        values.append(text)
    flush()


# --- the whole document ----------------------------------------------------------------------


def parse_job_description(lines: list[Line]) -> ParseResult:
    record, warnings = empty_record(), []
    unplaced: list[str] = record["unplaced"]
    preamble, sections = split_sections(lines)
    kinds = {section.kind for section in sections}
    if not ({"duties", "general"} & kinds) or len(kinds - {"unknown"}) < 3:
        readable = "\n".join(squash(line.text) for line in lines if line.text.strip())[:2000]
        raise NotAJobDescription(
            _(
                "This does not look like a job description: no sections such as ÜLDOSA, "
                "TÖÖÜLESANDED and NÕUDED were found."
            ),
            extra={"text": readable},
        )
    for line in preamble:
        text = squash(line.text)
        if text and not _DOCUMENT_CAPTION.search(text):
            unplaced.append(text)
    for section in sections:
        if section.kind == "general":
            parse_general(section.lines, record, unplaced)
        elif section.kind == "duties":
            record["duties"].extend(parse_duties(section, warnings, unplaced))
        elif section.kind in ("rights", "responsibilities"):
            record[section.kind].extend(parse_list(section.lines))
        elif section.kind in ("purpose", "tools", "review"):
            text = parse_paragraph(section.lines)
            record[section.kind] = "\n".join(filter(None, [record[section.kind], text]))
        elif section.kind == "requirements":
            record["requirements"] = parse_requirements(section.lines, warnings, unplaced)
        else:
            body = parse_paragraph(section.lines)
            unplaced.append(f"{section.heading}: {body}" if body else section.heading)
    for key in ("title", "duties"):
        if not record[key]:
            warnings.append(_("Not found in the document: %(part)s.") % {"part": _PART_NAMES[key]()})
    return ParseResult(record=record, warnings=warnings)


_PART_NAMES = {"title": lambda: _("job title"), "duties": lambda: _("duties")}
