"""Ids a database row can have: positive and within a bigint. A larger number is refused before it
reaches the database (SQLite raises OverflowError beyond 64 bits: a 500 instead of a 404).

`id_ok` for services and selectors; the `dbid` path converter for URLs (`<dbid:meeting_id>`), so
a longer number matches no URL (404)."""

from django.urls import register_converter

ID_MAX = 2**63 - 1  # the largest id a database column holds; beyond it nothing exists


def id_ok(value) -> bool:
    """Whether `value` can be an id at all."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= ID_MAX


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not id_ok(number):
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "dbid")
