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
        self.before_stray: tuple[int, ...] = ()  # the number before one out of sequence
        self.seen: set[tuple[int, ...]] = set()
        self.owner = 0  # the duty the results being read belong to
        self.after_break = False  # the line before was blank: in a PDF, the end of a page

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
        """The duty number as the document writes it; a number out of sequence is kept and warned
        about, never corrected (a later duty is not renumbered because of it)."""
        parts = [part for part in re.split(r"\s*[.,]\s*", written.strip()) if part]
        numbers = tuple(int(part) for part in parts)
        if written.strip()[0] in ".,":  # ".12." — the section number fell off
            numbers = (int(self.section or (self.last_parts[:1] or (0,))[0]), *numbers)
        if self.section and str(numbers[0]) != self.section:
            return None
        number = ".".join(map(str, numbers))
        if written.strip().rstrip(".") != number:
            compact = re.sub(r"\s", "", written).strip(".").replace(",", ".")
            if compact != number:
                self.warnings.append(
                    _("Duty number “%(written)s” read as %(number)s.")
                    % {"written": written.strip(), "number": number}
                )
        self._check_sequence(numbers)
        return number

    def _check_sequence(self, numbers: tuple[int, ...]) -> None:
        """Warn about a number that does not follow the one before (3.11 between 3.3 and 3.4, a
        number twice, a gap). The duty after a stray number is in sequence when it follows the
        number before the stray one, so one slip gives one warning."""
        previous = [self.last_parts, self.before_stray] if self.before_stray else [self.last_parts]
        if not self.last_parts or any(numbers in _successors(p) for p in previous if p):
            self.before_stray = ()
        else:
            if numbers in self.seen:
                message = _("Duty number %(number)s appears twice in the document; both are kept.")
            else:
                message = _(
                    "Duty number %(number)s does not follow %(previous)s: the document's own "
                    "numbering is kept; check it."
                )
            self.warnings.append(
                message
                % {"number": ".".join(map(str, numbers)), "previous": ".".join(map(str, self.last_parts))}
            )
            self.before_stray = self.before_stray or self.last_parts
        self.seen.add(numbers)
        self.last_parts = numbers

    # building ----------------------------------------------------------------------------------
    def _close(self) -> None:
        if self.duties:
            self.duties[-1]["task"] = join_wrapped(self.task)
            self.duties[self.owner]["results"].extend(self.results.result())
        self.task, self.results, self.in_results, self.subitems = [], Items(), False, False

    def _start(self, number: str, rest: str, *, group: bool = False) -> None:
        """A new duty. In a group (3.1.1 … in the cell of 3.1) the results stay with the group's
        first duty: the results column stands beside the whole group."""
        self._close()
        self.duties.append({"number": number, "task": "", "results": []})
        if not group:
            self.owner = len(self.duties) - 1
        for piece in split_inline_bullets(rest):
            self._text(piece)

    def _in_group(self, number: str, rest: str) -> bool:
        """ "3.1 Nõustamine, sh:" / "3.1.1 telefoni teel;": numbered items of the duty's own list
        (in lower case, continuing its sentence) share the results that follow the group."""
        if not self.duties or not starts_lower(rest.strip()):
            return False
        head = self.duties[self.owner]["number"]
        return bool(head) and number.startswith(f"{head}.")

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
        after_break, self.after_break = self.after_break, not line.text.strip() and line.cells is None
        if line.cells is not None:
            self._row(line, after_break)
            return
        text = line.text
        if not text.strip():
            return
        match = _DUTY_NUMBER.match(text)
        number = self._number(match["number"]) if match and match["rest"].strip() else None
        if number:
            self._start(number, match["rest"], group=self._in_group(number, match["rest"]))
            return
        simple = self._simple(text)
        if simple:
            self._start(simple["number"], simple["rest"])
            return
        for piece in split_inline_bullets(text):
            self._text(piece)

    def _row(self, line: Line, after_break: bool) -> None:
        """A table row: the task cell (a duty, a numbered group of duties, or the rest of a row a
        page break cut) and the results beside it."""
        task_cell, results_cell = line.cells[0], "\n".join(line.cells[1:])
        if task_cell.strip():
            first, *rest = task_cell.split("\n")
            match = _DUTY_NUMBER.match(first)
            number = self._number(match["number"]) if match else None
            if number is None and (simple := self._simple(first)):
                number, match = simple["number"], simple
            if number is None and _COLUMN_HEADER.search(squash(line.text)):
                return
            if number is None and self.duties and self.last_parts and (after_break or starts_lower(first)):
                # The rest of a row a page break cut: the task goes on, then its results.
                self.task.extend(part for part in (first, *rest) if part.strip())
            else:
                if number is None and self.last_parts:
                    # A duty the document left without a number among numbered ones: no number is made up.
                    number, match, rest = "", None, [first, *rest]
                    self.warnings.append(
                        _("A duty has no number in the document: “%(task)s”.")
                        % {"task": squash(join_wrapped(rest))[:80]}
                    )
                elif number is None:  # a table of duties without numbers: number them in order
                    count = len(self.duties) + 1
                    number, match, rest = f"{self.section or 1}.{count}", None, [first, *rest]
                self._start(number, match["rest"] if match else "")
                for part in rest:
                    sub = _DUTY_NUMBER.match(part)
                    sub_number = self._number(sub["number"]) if sub and sub["rest"].strip() else None
                    if sub_number:  # 3.1.1 … under 3.1 in one cell: duties of their own, one result
                        self._start(sub_number, sub["rest"], group=sub_number.startswith(f"{number}."))
                    else:
                        self._text(part)
        self.in_results = True
        self.subitems = False
        for part in results_cell.split("\n"):
            item = bullet_text(part)
            if item is not None:
                self.results.add_bullet(item)
            elif part.strip():
                self.results.add_line(part)

    def result(self) -> list[dict]:
        self._close()
        return self.duties


def _successors(number: tuple[int, ...]) -> set[tuple[int, ...]]:
    """The numbers that may follow: 3.2 -> 3.2.1, 3.3 (and 4); 3.2.1 -> 3.2.1.1, 3.2.2, 3.3."""
    out = {(*number, 1)}
    for depth in range(1, len(number) + 1):
        out.add((*number[: depth - 1], number[depth - 1] + 1))
    return out


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
