"""The duties section: numbered tasks, each with its expected results, whether the two columns
arrive as table cells or flattened into one stream of lines."""

import re

from django.utils.translation import gettext as _

from teenindus.people.jd_sources import Line
from teenindus.people.jd_text import (
    Items,
    bullet_text,
    is_letter_item,
    join_wrapped,
    split_inline_bullets,
    squash,
    starts_lower,
)

_DUTY_NUMBER = re.compile(
    r"^\s*(?P<number>(?:\d{1,2})?\s*[.,]+\s*\d{1,2}(?:\s*[.,]+\s*\d{1,2})?)\s*[.)]?(?:\s+|$)(?P<rest>.*)$"
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
        self.subitems = False  # the current task has a list of its own (sub-bullets, a) b) c))
        self.last_parts: tuple[int, ...] = ()  # the last dotted number read (3, 12)
        self.simple_last = 0  # the last 1., 2., … number read

    # numbering ---------------------------------------------------------------------------------

    def _simple(self, text: str) -> re.Match | None:
        """A "2. Task" line when duties are numbered on their own, in sequence."""
        match = _SIMPLE_NUMBER.match(text)
        if match is None or self.last_parts:
            return None
        number = int(match["number"])
        if number != self.simple_last + 1 and not (self.simple_last and number > self.simple_last):
            return None
        self.simple_last = number
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
        self.task, self.results, self.in_results, self.subitems = [], Items(), False, False

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
        return last.endswith((":", " sh", ",", ";")) or self.subitems

    def _text(self, raw: str) -> None:
        text = raw.strip()
        if not text:
            return
        item = bullet_text(text)
        if item is not None:
            if self._task_takes_subitem(item):
                self.task.append(item)
                self.subitems = True
                return
            self.in_results = True
            self.subitems = False
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
                self.subitems = True
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
            self.subitems = False
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


def parse_duties(section, warnings: list[str], unplaced: list[str]) -> list[dict]:
    """`section`: a jd_parser.Section of kind "duties"."""
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
