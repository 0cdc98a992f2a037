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

Whatever cannot be placed goes to `unplaced`; things worth a look (a renumbered duty, a language
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
    ("substituted_by", r"kes\s+(?:teda\s+)?asendab|asendaja"),
    ("substitutes", r"keda\s+(?:ta\s+)?asendab|asendatav(?:ad)?"),
    ("reports", r"(?:vahetud\s+|otsesed\s+)?alluvad"),
    ("manager", r"(?:vahetu|otsene)\s+juht|(?:\w+\s+)?alluvus|allub"),
    ("title", r"(?:\w+koha\s+)?\w*nimetus"),
    ("unit", r"struktuuriüksus|üksus|osakond"),
)
_LABEL_RES = [(name, re.compile(rf"^(?:{pattern})\b\s*[:\-–]?\s*", re.I)) for name, pattern in GENERAL_LABELS]
_FIELD_NUMBER = re.compile(r"(?:^|\s)\d{1,2}\s*\.\s*\d{1,2}\.?\s+")


def _label(segment: str) -> tuple[str, str] | None:
    """(field, value written after the label) when the segment starts with a general-part label."""
    segment = segment.strip()
    for name, regex in _LABEL_RES:
        match = regex.match(segment)
        if match:
            rest = segment[match.end() :].strip()
            # "1.5 AMETIKOHA ALLUVUS Osakonnajuhataja": the label is in capitals, the value not.
            return name, rest
    return None


def _segments(text: str) -> list[str]:
    """ "1.3 Vahetu juht  1.4 Kes asendab" -> ["Vahetu juht", "Kes asendab"]."""
    parts = _FIELD_NUMBER.split(f" {text}")
    return [part.strip() for part in parts if part.strip()]


def _split_values(text_lines: list[str], count: int) -> list[str]:
    """Values of `count` flattened columns: cut before capitalised words, strongest gaps first.

    Each cell of a general-part grid starts with a capital letter; a cell that wraps goes on in
    lower case, so the cuts are before capitalised words. A line break or a wide gap beats a
    single space when there are more candidates than cuts.
    """
    tokens: list[tuple[str, float]] = []  # (word, strength of the gap before it)
    for line_no, line in enumerate(text_lines):
        for index, match in enumerate(re.finditer(r"(\s*)(\S+)", line)):
            gap = match.group(1)
            strength = 3.0 if index == 0 and line_no > 0 else 2.0 if len(gap) >= 2 else 1.0
            tokens.append((match.group(2), strength))
    if count <= 1 or not tokens:
        return [join_wrapped([" ".join(word for word, _ in tokens)])] + [""] * (count - 1)
    candidates = [
        (strength, position)
        for position, (word, strength) in enumerate(tokens)
        if position > 0 and word[0].isupper() and not tokens[position - 1][0].endswith(",")
    ]
    chosen = sorted(position for _, position in sorted(candidates, key=lambda c: (-c[0], c[1]))[: count - 1])
    bounds = [0, *chosen, len(tokens)]
    values = [" ".join(word for word, _ in tokens[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    values += [""] * (count - len(values))
    return [join_wrapped([value]) for value in values]


def parse_general(lines: list[Line], record: dict, unplaced: list[str]) -> None:
    pending: list[str | None] = []
    values: list[str] = []

    def flush() -> None:
        nonlocal pending, values
        if pending and values:
            for name, value in zip(pending, _split_values(values, len(pending)), strict=False):
                if name and value:
                    record[name] = value
        elif values:
            unplaced.append(join_wrapped(values))
        pending, values = [], []

    for line in lines:
        if line.cells is not None:
            labels = [_label(_FIELD_NUMBER.sub(" ", f" {cell}").strip()) for cell in line.cells]
            if len(line.cells) == 2 and labels[0] and not labels[1] and not labels[0][1]:
                flush()  # a label and its value side by side: | 1.1 Ametinimetus | Nõustaja |
                record[labels[0][0]] = join_wrapped(line.cells[1].split("\n"))
                continue
            if any(labels):
                flush()
                pending = [label[0] if label else None for label in labels]
                for label in labels:
                    if label and label[1]:
                        record[label[0]] = squash(label[1])
                continue
            if pending:
                for name, cell in zip(pending, line.cells, strict=False):
                    if name and cell.strip():
                        record[name] = join_wrapped(cell.split("\n"))
                pending = []
                continue
            unplaced.append(squash(line.text))
            continue
        text = line.text.strip()
        if not text:
            continue
        labels = [_label(segment) for segment in _segments(text)] if _FIELD_NUMBER.search(f" {text}") else []
        if not labels and not pending:
            one = _label(text)
            labels = [one] if one else []
        if labels and all(labels):
            flush()
            if len(labels) == 1 and labels[0][1]:
                record[labels[0][0]] = squash(labels[0][1])
            else:
                pending = [label[0] for label in labels]
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
