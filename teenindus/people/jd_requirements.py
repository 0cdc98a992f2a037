"""The requirements section of a job description: education, experience, languages with their
CEFR level, computer skills and competencies, each under its sub-heading."""

import re

from django.utils.translation import gettext as _

from teenindus.people.jd_sources import Line
from teenindus.people.jd_text import (
    Items,
    bullet_text,
    ends_sentence,
    parse_list,
    parse_paragraph,
    squash,
    starts_lower,
)


def empty_requirements() -> dict:
    return {"education": "", "experience": "", "languages": [], "computer_skills": "", "competencies": []}


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
    out = empty_requirements()
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
