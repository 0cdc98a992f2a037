"""Registration numbers (viide): a series' pattern and its yearly counter.

A pattern is text with the placeholders {series} (the series' code), {year} and {seq} (the
number within the series and year), {seq:N} zero-padding it to N digits; all three are
required: "{series}/{year}/{seq}" gives "1-2/2026/123". The counter is one row per series and
year, advanced by one upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING) that locks the row
until the registering transaction ends: concurrent registrations in one series get consecutive
numbers without gaps or duplicates, whatever server or process they run in; a rolled-back
registration takes its number back with it.
"""

import string

from django.db import connection
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ValidationFailed

PLACEHOLDERS = frozenset({"series", "year", "seq"})


def _parts(pattern: str) -> list[tuple[str, str | None, str]]:
    """(literal, placeholder or None, format spec) pieces; ValueError on an unknown placeholder or
    a stray brace."""
    parts = []
    for literal, field, spec, conversion in string.Formatter().parse(pattern):
        if field is not None:
            if field not in PLACEHOLDERS or conversion:
                raise ValueError(field)
            if spec and (field != "seq" or not spec.isdigit() or not 1 <= int(spec) <= 12):
                raise ValueError(spec)
        parts.append((literal, field, spec or ""))
    return parts


def pattern_check(pattern: str) -> None:
    """ValidationFailed (field "pattern") unless the pattern is usable: known placeholders only, and
    all three of {series}, {year} and {seq}. Without {series} two series would give the same
    numbers; without {year} the counter, which starts again every year, would repeat last year's."""
    try:
        parts = _parts(pattern or "")
    except ValueError:
        parts = None
    if parts is None or len(pattern) > 60:
        raise ValidationFailed(
            _(
                "Wrong registration pattern: use the placeholders {series}, {year} and {seq} "
                "(or {seq:4} for four digits); {seq} is required."
            ),
            field="pattern",
        )
    present = {field for _lit, field, _spec in parts if field}
    missing = [name for name in ("series", "year", "seq") if name not in present]
    if missing:
        raise ValidationFailed(
            _(
                "Wrong registration pattern: %(missing)s missing. A pattern needs {series}, {year} "
                "and {seq}, so that numbers never repeat across series or years."
            )
            % {"missing": ", ".join(f"{{{name}}}" for name in missing)},
            field="pattern",
        )


def number_format(pattern: str, *, series: str, year: int, seq: int) -> str:
    values = {"series": series, "year": str(year)}
    out = []
    for literal, field, spec in _parts(pattern):
        out.append(literal)
        if field == "seq":
            out.append(str(seq).zfill(int(spec)) if spec else str(seq))
        elif field:
            out.append(values[field])
    return "".join(out)


def number_next(series_id: int, year: int) -> int:
    """The next sequence number of the series in the year; the counter row stays locked until the
    caller's transaction ends (call it inside the transaction that saves the document)."""
    from teenindus.registry.models import SeriesCounter

    table = connection.ops.quote_name(SeriesCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (series_id, year, last) VALUES (%s, %s, 1) "  # noqa: S608 - our table
            f"ON CONFLICT (series_id, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [series_id, year],
        )
        return cursor.fetchone()[0]
