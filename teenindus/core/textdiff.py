"""Two versions of a text side by side, line by line, with the changed words marked.

One way to compare versions for every app (job descriptions, guides): lines are matched first,
then the words of a changed line, <del> in the old one and <ins> in the new one. Everything is
HTML-escaped before the marks go in, so the rows are safe to show."""

import difflib
import html
from dataclasses import dataclass

from django.utils.safestring import mark_safe


@dataclass
class DiffRow:
    left: str
    right: str
    change: str  # "same", "changed", "removed", "added"


def words_marked(a: str, b: str) -> tuple[str, str]:
    """Word-level marks: <del> in the old line, <ins> in the new one."""
    left, right = [], []
    a_words, b_words = a.split(" "), b.split(" ")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False).get_opcodes():
        old, new = html.escape(" ".join(a_words[i1:i2])), html.escape(" ".join(b_words[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
        else:
            if old:
                left.append(f"<del>{old}</del>")
            if new:
                right.append(f"<ins>{new}</ins>")
    return " ".join(left), " ".join(right)


def lines_diff(old: str, new: str) -> list[DiffRow]:
    """The rows of two texts compared line by line, the changed lines word by word."""
    a, b = old.split("\n"), new.split("\n")
    rows: list[DiffRow] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [DiffRow(html.escape(x), html.escape(x), "same") for x in a[i1:i2]]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for index in range(max(len(olds), len(news))):
            x = olds[index] if index < len(olds) else None
            y = news[index] if index < len(news) else None
            if x is not None and y is not None:
                left, right = words_marked(x, y)
                rows.append(DiffRow(left, right, "changed"))
            elif x is not None:
                rows.append(DiffRow(f"<del>{html.escape(x)}</del>", "", "removed"))
            else:
                rows.append(DiffRow("", f"<ins>{html.escape(y)}</ins>", "added"))
    for row in rows:
        row.left, row.right = mark_safe(row.left), mark_safe(row.right)  # noqa: S308 - escaped above
    return rows
