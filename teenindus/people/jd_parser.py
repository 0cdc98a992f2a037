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

Whatever cannot be placed goes to `unplaced`; things worth a look (a renumbered duty, a language
level it does not know) go to `warnings`.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from teenindus.core.exceptions import ValidationFailed
from teenindus.people.jd_sources import Line
from teenindus.people.jd_text import (
    Items,
    bullet_text,
    ends_sentence,
    is_letter_item,
    join_wrapped,
    split_inline_bullets,
    squash,
    starts_lower,
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
        "requirements": {
            "education": "",
            "experience": "",
            "languages": [],
            "computer_skills": "",
            "competencies": [],
        },
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


# --- duties ----------------------------------------------------------------------------------

_DUTY_NUMBER = re.compile(
    r"^\s*(?P<number>(?:\d{1,2})?\s*[.,]\s*\d{1,2}(?:\s*[.,]\s*\d{1,2})?)\s*[.)]?(?:\s+|$)(?P<rest>.*)$"
)
# Duties numbered 1., 2., … (without the section's number): a number followed by a capital.
_SIMPLE_NUMBER = re.compile(r"^\s*(?P<number>\d{1,2})\s*[.)]\s+(?P<rest>[A-ZÕÄÖÜŠŽ].*)$")
_COLUMN_HEADER = re.compile(r"(ülesan|kohustus).*(tulemus|tulemused)$", re.I)


class _Duties:
    def __init__(self, section_number: str | None, warnings: list[str], unplaced: list[str]):
        self.section = section_number
        self.warnings = warnings
        self.unplaced = unplaced
        self.duties: list[dict] = []
        self.task: list[str] = []
        self.results = Items()
        self.in_results = False
        self.last_parts: tuple[int, ...] = ()

    # numbering ---------------------------------------------------------------------------------
    _simple_last = 0

    def _simple(self, text: str) -> re.Match | None:
        """A "2. Task" line when duties are numbered on their own, in sequence."""
        match = _SIMPLE_NUMBER.match(text)
        if match is None or self.last_parts:
            return None
        number = int(match["number"])
        if number != self._simple_last + 1 and not (self._simple_last and number > self._simple_last):
            return None
        self._simple_last = number
        return match

    def _number(self, written: str) -> str | None:
        parts = [part for part in re.split(r"\s*[.,]\s*", written.strip()) if part]
        numbers = tuple(int(part) for part in parts)
        if written.strip()[0] in ".,":  # ".12." — the section number fell off
            numbers = (int(self.section or (self.last_parts[:1] or (0,))[0]), *numbers)
        if self.section and str(numbers[0]) != self.section:
            return None
        expected_next = (*self.last_parts[:-1], self.last_parts[-1] + 1) if self.last_parts else None
        plausible = (
            not self.last_parts
            or numbers[: len(self.last_parts)] > self.last_parts
            or len(numbers) > len(self.last_parts)
        )
        if not plausible and expected_next:
            self.warnings.append(
                _("Duty number %(written)s is out of sequence; read as %(number)s.")
                % {"written": written.strip(), "number": ".".join(map(str, expected_next))}
            )
            numbers = expected_next
        number = ".".join(map(str, numbers))
        if written.strip().rstrip(".") != number:
            compact = re.sub(r"\s", "", written).strip(".").replace(",", ".")
            if compact != number:
                self.warnings.append(
                    _("Duty number “%(written)s” read as %(number)s.")
                    % {"written": written.strip(), "number": number}
                )
        self.last_parts = numbers
        return number

    # building ----------------------------------------------------------------------------------
    def _close(self) -> None:
        if self.duties:
            self.duties[-1]["task"] = join_wrapped(self.task)
            self.duties[-1]["results"] = self.results.result()
        self.task, self.results, self.in_results = [], Items(), False

    def _start(self, number: str, rest: str) -> None:
        self._close()
        self.duties.append({"number": number, "task": "", "results": []})
        for piece in split_inline_bullets(rest):
            self._text(piece)

    def _task_takes_subitem(self, text: str) -> bool:
        """A lower-case item after a task that introduces a list ("…, sh:") belongs to the task."""
        if self.in_results or not starts_lower(text):
            return False
        last = self.task[-1].rstrip() if self.task else ""
        return last.endswith((":", " sh", ",", ";")) or bool(self._subitems)

    _subitems = False

    def _text(self, raw: str) -> None:
        text = raw.strip()
        if not text:
            return
        item = bullet_text(text)
        if item is not None:
            if self._task_takes_subitem(item):
                self.task.append(item)
                self._subitems = True
                return
            self.in_results = True
            self._subitems = False
            self.results.add_bullet(item)
            return
        if not self.duties:
            if not _COLUMN_HEADER.search(squash(text)):
                self.unplaced.append(squash(text))
            return
        if self.in_results:
            self.results.add_line(text)
        else:
            if is_letter_item(text):
                self._subitems = True
            self.task.append(text)

    def feed(self, line: Line) -> None:
        if line.cells is not None:
            task_cell, results_cell = line.cells[0], "\n".join(line.cells[1:])
            if task_cell.strip():
                first, *rest = task_cell.split("\n")
                match = _DUTY_NUMBER.match(first)
                number = self._number(match["number"]) if match else None
                if number is None and (simple := self._simple(first)):
                    number, match = simple["number"], simple
                if number is None and _COLUMN_HEADER.search(squash(line.text)):
                    return
                if number is None and self.duties and self.last_parts:
                    # The rest of a row a page break cut: the task goes on, then its results.
                    self.task.extend(part for part in (first, *rest) if part.strip())
                else:
                    if number is None:  # a table of duties without numbers: number them in order
                        count = len(self.duties) + 1
                        number, match, rest = f"{self.section or 1}.{count}", None, [first, *rest]
                    self._start(number, match["rest"] if match else "")
                    for part in rest:
                        self._text(part)
            self.in_results = True
            self._subitems = False
            for part in results_cell.split("\n"):
                item = bullet_text(part)
                if item is not None:
                    self.results.add_bullet(item)
                elif part.strip():
                    self.results.add_line(part)
            return
        text = line.text
        if not text.strip():
            return
        match = _DUTY_NUMBER.match(text)
        number = self._number(match["number"]) if match and match["rest"].strip() else None
        if number:
            self._start(number, match["rest"])
            return
        simple = self._simple(text)
        if simple:
            self._start(simple["number"], simple["rest"])
            return
        for piece in split_inline_bullets(text):
            self._text(piece)

    def result(self) -> list[dict]:
        self._close()
        return self.duties


def parse_duties(section: Section, warnings: list[str], unplaced: list[str]) -> list[dict]:
    parser = _Duties(section.number, warnings, unplaced)
    bulletless = not any(
        bullet_text(piece) is not None
        for line in section.lines
        for piece in split_inline_bullets(line.text)
        if line.cells is None
    ) and not any(line.cells for line in section.lines)
    for line in section.lines:
        parser.feed(line)
    duties = parser.result()
    if bulletless:
        for duty in duties:
            _split_bulletless(duty)
    return duties


def _split_bulletless(duty: dict) -> None:
    """Without bullets the task is the first sentence; every further sentence is a result."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÕÄÖÜŠŽ])", duty["task"]) if s]
    if len(sentences) > 1 and not duty["results"]:
        duty["task"], duty["results"] = sentences[0], sentences[1:]


# --- lists, paragraphs -----------------------------------------------------------------------

# "Töötajal on õigus:", "Teenistuja vastutab" — the sentence a list continues.
_LEAD_IN = re.compile(r"^[^.;]{0,60}:$|^\w+\s+(on\s+)?(õigus\w*|vastut\w*|kohustu\w*)\s*:?$", re.I)


def parse_list(lines: list[Line]) -> list[str]:
    items = Items()
    texts = [piece for line in lines for piece in split_inline_bullets(line.text)]
    items.bulletless = not any(bullet_text(text) is not None for text in texts)
    for text in texts:
        text = text.strip()
        if not text:
            continue
        item = bullet_text(text)
        if item is None and re.match(r"^\d{1,2}\.\d{1,2}\.?\s+\S", text):
            item = re.sub(r"^\d{1,2}\.\d{1,2}\.?\s+", "", text)
        if item is not None:
            items.add_bullet(item)
        elif not items.items and _LEAD_IN.match(text):
            continue  # "Töötajal on õigus:" introduces the list
        elif is_letter_item(text):
            items.add_bullet(re.sub(r"^\s*[a-zõäöü]\)\s+", "", text))
        else:
            items.add_line(text)
    return items.result()


def parse_paragraph(lines: list[Line]) -> str:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.text.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(line.text)
    joined = [join_wrapped(p) for p in paragraphs if p]
    # PDF blank lines inside a sentence: a paragraph that does not end a sentence goes on.
    out: list[str] = []
    for text in joined:
        if out and (not ends_sentence(out[-1]) or starts_lower(text)):
            out[-1] = join_wrapped([out[-1], text])
        else:
            out.append(text)
    return "\n".join(out)


# --- requirements ----------------------------------------------------------------------------

REQUIREMENT_HEADINGS = (
    ("education+experience", r"haridus\s+ja\s+(?:töö)?kogemus"),
    ("education", r"haridus(?:nõuded)?|hariduse?\s+nõue"),
    ("experience", r"(?:töö|eelnev\s+töö|erialane\s+töö)?kogemus"),
    ("languages", r"keeleoskus|keelteoskus|keelenõuded|keeled"),
    ("computer_skills", r"arvuti(?:kasutamise)?\s*oskus|arvutioskus|digioskused|it[- ]oskused"),
    ("additional", r"täiendavad\s+kompetentsid.*|isikuomadused.*|muud\s+oskused.*"),
    ("competencies", r"(?:tööks\s+)?vajalikud\s+kompetentsid|kompetentsid|pädevused"),
    ("knowledge", r"(?:erialased\s+)?teadmised(?:\s+ja\s+oskused)?|oskused"),
)
_REQ_RES = [
    (name, re.compile(rf"^(?:\d{{1,2}}\.\d{{1,2}}\.?\s+)?(?:{p})\s*(?::\s*(?P<rest>.*))?$", re.I))
    for name, p in REQUIREMENT_HEADINGS
]

LANGUAGES = (
    "eesti", "inglise", "vene", "soome", "saksa", "prantsuse", "rootsi", "läti", "leedu",
    "hispaania", "itaalia", "ukraina", "poola", "norra", "taani", "hollandi", "portugali",
    "hiina", "jaapani", "ungari", "viipe",
)  # fmt: skip
LEVEL_WORDS = (("kõrgtase", "C1"), ("kesktase", "B1"), ("algtase", "A2"), ("emakeel", "C2"))


def _requirement_heading(text: str) -> tuple[str, str] | None:
    text = text.strip()
    if len(text) > 90:
        return None
    for name, regex in _REQ_RES:
        match = regex.match(text)
        if match:
            return name, (match.group("rest") or "").strip()
    return None


_LEVEL_TOKEN = re.compile(r"\b([ABC][12])\b|\b(\w*tase\w*|\w*tasand\w*|emakeel\w*)\b", re.I)
_LANGUAGE_TOKEN = re.compile(rf"\b({'|'.join(LANGUAGES)}|võõrkeel\w*)\b", re.I)


def _level_code(token: re.Match) -> str | None:
    if token.group(1):
        return token.group(1).upper()
    word = token.group(2).casefold()
    if word in ("tasemel", "tase", "taset", "tasandil"):
        return ""  # "tasemel B1": the code follows
    for stem, code in LEVEL_WORDS:
        if word.startswith(stem):
            return code
    return None  # a level in words it does not know


def parse_languages(text: str, warnings: list[str]) -> list[dict]:
    """Each language mentioned with the first level after it; languages listed together
    ("inglise või vene keel … tasemel B1") share the level that follows them."""
    out: list[dict] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if "keel" not in sentence.casefold():
            continue
        mentions = list(_LANGUAGE_TOKEN.finditer(sentence))
        named = [m for m in mentions if not m.group(1).casefold().startswith("võõrkeel")]
        mentions = named or mentions[:1]
        levels = [(m.start(), _level_code(m), m.group(0)) for m in _LEVEL_TOKEN.finditer(sentence)]
        levels = [level for level in levels if level[1] != ""]
        for index, mention in enumerate(mentions):
            following = [level for level in levels if level[0] > mention.end()]
            if index + 1 < len(mentions):
                own = [level for level in following if level[0] < mentions[index + 1].start()]
                following = own or following
            name = mention.group(1).casefold()
            name = "võõrkeel" if name.startswith("võõrkeel") else name
            level = following[0] if following else None
            if level is None or level[1] is None:
                warnings.append(
                    _("Unknown language level for %(language)s in “%(text)s”: give a CEFR level (A1–C2).")
                    % {"language": name, "text": squash(sentence)}
                )
            code = level[1] if level and level[1] else ""
            if not any(entry["language"] == name for entry in out):
                out.append({"language": name, "level": code})
    return out


def _competencies(lines: list[str], group: str, out: list[dict]) -> None:
    current: dict | None = None
    items = Items()

    def close() -> None:
        nonlocal current, items
        if current is not None:
            current["items"] = items.result()
            out.append(current)
        current, items = None, Items()

    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        item = bullet_text(text)
        body = item if item is not None else text
        named = re.match(r"^(?P<name>[^:]{2,120}?):\s*(?P<rest>.*)$", body)
        # "Kliendikesksus:" alone on its line names the competency whose items follow.
        if (
            item is None
            and named
            and not named["rest"]
            and len(named["name"].split()) <= 12
            and not starts_lower(body)
        ):
            close()
            current = {"name": named["name"].strip(), "items": [], "group": group}
            continue
        starts_own = (
            named
            and named["rest"]
            and (group == "additional" or current is None)
            and not starts_lower(body)
            and len(named["name"].split()) <= 12
        )
        if starts_own and not (items.items and not ends_sentence(items.items[-1][-1]) and item is None):
            close()
            current = {"name": squash(named["name"]), "items": [], "group": group}
            items.add_bullet(named["rest"])
            continue
        if current is None:
            current = {"name": "", "items": [], "group": group}
        if item is not None:
            items.add_bullet(item)
        else:
            items.add_line(text)
    close()


def parse_requirements(lines: list[Line], warnings: list[str], unplaced: list[str]) -> dict:
    blocks: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        texts = line.cells if line.cells is not None else (line.text,)
        for cell in texts:
            for text in cell.split("\n"):
                heading = _requirement_heading(text) if bullet_text(text) is None else None
                if heading:
                    blocks.append((heading[0], [heading[1]] if heading[1] else []))
                else:
                    blocks[-1][1].append(text)
    out = empty_record()["requirements"]
    for name, texts in blocks:
        paragraph = parse_paragraph([Line(t) for t in texts])
        if name == "education+experience":
            sentences = re.split(r"(?<=[.!?])\s+|\n", paragraph)
            edu = [s for s in sentences if s and "kogemus" not in s.casefold()]
            exp = [s for s in sentences if s and "kogemus" in s.casefold()]
            out["education"] = " ".join(filter(None, [out["education"], *edu]))
            out["experience"] = " ".join(filter(None, [out["experience"], *exp]))
        elif name in ("education", "experience", "computer_skills"):
            out[name] = " ".join(filter(None, [out[name], paragraph.replace("\n", " ")]))
        elif name == "languages":
            out["languages"].extend(parse_languages(paragraph.replace("\n", " "), warnings))
        elif name in ("competencies", "additional"):
            _competencies(texts, "additional" if name == "additional" else "core", out["competencies"])
        elif name == "knowledge" and paragraph:
            out["competencies"].append(
                {"name": "", "items": parse_list([Line(t) for t in texts]), "group": "knowledge"}
            )
        elif paragraph:
            unplaced.append(paragraph)
    return out


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
