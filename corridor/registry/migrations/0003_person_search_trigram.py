"""On PostgreSQL, name search uses a trigram index so that a substring search stays fast on a
million people; SQLite scans, which is fast enough at the size it is used for."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS person_search_trgm ON registry_person "
            "USING gin (search_text gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_households_documents_consent")]
    operations = [migrations.RunPython(forward, backward)]
