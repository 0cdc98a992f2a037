"""The document types every agency has (the data migration seeds the same list; a test database
that was flushed, and the demo, get them back with `document_types_ensure`)."""

from teenindus.registry.models import DocumentType

TYPES = [
    # code, name, direction, deadline kind, days, extendable to (working days)
    ("teabenoue", "Teabenõue", "in", "working_days", 5, 15),
    ("margukiri", "Märgukiri", "in", "calendar_days", 30, None),
    ("selgitustaotlus", "Selgitustaotlus", "in", "calendar_days", 30, None),
    ("avaldus", "Avaldus", "in", "calendar_days", 30, None),
    ("kiri", "Kiri", "both", "none", None, None),
    ("vastus", "Vastus", "out", "none", None, None),
    ("toend", "Tõend", "out", "none", None, None),
    ("teatis", "Teatis", "out", "none", None, None),
    ("otsus", "Otsus", "out", "none", None, None),
]


def document_types_ensure() -> dict[str, DocumentType]:
    """The standard types by code, created when missing (an edited one is left as it is)."""
    out = {}
    for code, name, direction, kind, days, extendable in TYPES:
        out[code], _created = DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "direction": direction,
                "deadline_kind": kind,
                "deadline_days": days,
                "extendable_to": extendable,
            },
        )
    return out
