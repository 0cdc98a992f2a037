"""Indexes of the public register's search, on PostgreSQL only (SQLite searches with LIKE).

- document_public_words, document_title_words: GIN over the stored stems, the public ones and
  the title's; registry.public.PUBLIC_VECTOR/TITLE_VECTOR repeat the expressions exactly.
(A registration number's beginning, LIKE 'prefix%', uses the varchar_pattern_ops index Django
makes for the unique number.)
The model does not declare them (its Meta is the register's own); makemigrations sees no change.
"""

from django.db import migrations

WORDS = [
    "CREATE INDEX IF NOT EXISTS document_public_words ON registry_document"
    " USING gin ((to_tsvector('simple'::regconfig, public_stems)))",
    "CREATE INDEX IF NOT EXISTS document_title_words ON registry_document"
    " USING gin ((to_tsvector('simple'::regconfig, title_stems)))",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in WORDS:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_public_words")
        schema_editor.execute("DROP INDEX IF EXISTS document_title_words")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_document_types")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
