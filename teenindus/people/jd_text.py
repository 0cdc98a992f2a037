"""Text helpers the job-description parser shares: joining wrapped lines, list items, bullets."""

import re

from teenindus.people.jd_sources import Line

BULLETS = "▪•·\uf0a7\uf0b7\uf0d8\uf076➢►◦○■□–—-*"
_BULLET_START = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s*(?=\S)")
_LETTER_ITEM = re.compile(r"^\s*[a-zõäöüšž]\)\s+")
_INLINE_BULLET = re.compile(r"\s+[▪•\uf0a7\uf0b7]\s+")
_CONJUNCTIONS = {"ja", "või", "ning", "kui", "ega", "ehk", "and", "or"}
TERMINAL = ".;:!?"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def join_wrapped(parts: list[str]) -> str:
    """Join lines a layout wrapped, undoing end-of-line hyphenation (puuduta- / vatest) and keeping
    a hyphen that begins a word where the line broke after it (ja - / kanaleid -> ja -kanaleid).

    A hyphen before a conjunction stays a hyphen ("katseaja- ja aastavestlused").
    """
    out = ""
    for part in parts:
        part = squash(part)
        if not part:
            continue
        if not out:
            out = part
            continue
        first_word = part.split(" ", 1)[0]
        if (
            out.endswith("-")
            and len(out) > 1
            and out[-2].isalpha()
            and part[0].islower()
            and first_word.strip(",.;:") not in _CONJUNCTIONS
        ):
            out = out[:-1] + part
        elif out.endswith(" -") and part[0].islower():
            out = out + part  # "ja -" / "kanaleid": the hyphen belongs to the next word (-kanaleid)
        else:
            out = f"{out} {part}"
    return out


def bullet_text(line: str) -> str | None:
    """The text of a list item line without its bullet, or None when the line is no list item."""
    match = _BULLET_START.match(line)
    if match:
        rest = line[match.end() :]
        # "-mööbel" or "–arendamine" continue a word; a bullet is followed by a space.
        if line.strip()[0] in "-–—" and not line.strip()[1:2].isspace():
            return None
        return rest.strip()
    return None


def split_inline_bullets(line: str) -> list[str]:
    """ "Task text ▪ first result" on one line: the text before the bullet and each bullet item."""
    pieces = _INLINE_BULLET.split(f" {line} ")
    head, items = pieces[0].strip(), [piece.strip() for piece in pieces[1:] if piece.strip()]
    return [head] + [f"▪ {item}" for item in items]


def is_letter_item(line: str) -> bool:
    return bool(_LETTER_ITEM.match(line))


def starts_lower(text: str) -> bool:
    text = text.lstrip("\"'„(")
    return bool(text) and text[0].islower()


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(tuple(TERMINAL))


class Items:
    """Collects list items from bullets, wrapped lines and PDF glitches.

    A line without a bullet continues the last item. A bullet whose text starts in lower case
    after an item that has not ended (no . ; : ! ?) continues it too: PDF extraction sometimes
    puts a bullet in front of a wrapped line. Without any bullets, a line after an ended item
    starts a new one.
    """

    def __init__(self) -> None:
        self.items: list[list[str]] = []

    def add_bullet(self, text: str) -> None:
        if self.items and starts_lower(text) and not ends_sentence(self.items[-1][-1]):
            self.items[-1].append(text)
        else:
            self.items.append([text])

    def add_line(self, text: str) -> None:
        if not text.strip():
            return
        if not self.items:
            self.items.append([text])
        elif self.bulletless and self.items[-1][-1].rstrip().endswith((".", ";")):
            self.items.append([text])  # without bullets, ; and . end an item
        else:
            self.items[-1].append(text)

    bulletless = False

    def result(self) -> list[str]:
        return [text for text in (join_wrapped(parts) for parts in self.items) if text]


# --- lists and paragraphs of a section ---------------------------------------------------

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
