"""Indexes of the public register's search, on PostgreSQL only (SQLite searches with LIKE).

- document_public_words: GIN over the stems, the public ones weighted A and the title's B;
  registry.public.WORDS_VECTOR repeats the expression exactly, so that queries use it.
(A registration number's beginning, LIKE 'prefix%', uses the varchar_pattern_ops index Django
makes for the unique number.)
The model does not declare them (its Meta is the register's own); makemigrations sees no change.
"""

from django.db import migrations

WORDS = (
    "CREATE INDEX IF NOT EXISTS document_public_words ON registry_document USING gin ("
    "(setweight(to_tsvector('simple'::regconfig, public_stems), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, title_stems), 'B')))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WORDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_public_words")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_document_types")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
