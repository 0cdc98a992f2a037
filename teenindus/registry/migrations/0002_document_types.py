"""The document types every agency has, with their reply deadlines (the admin edits them and adds
the agency's own)."""

from django.db import migrations

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


def seed(apps, schema_editor):
    DocumentType = apps.get_model("registry", "DocumentType")
    for code, name, direction, kind, days, extendable in TYPES:
        DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "direction": direction,
                "deadline_kind": kind,
                "deadline_days": days,
                "extendable_to": extendable,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
