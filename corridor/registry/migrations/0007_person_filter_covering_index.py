"""On PostgreSQL, the list filters (office, category, sex, merged) ride along the primary key in a
covering index: a search checks each candidate person on the index alone instead of fetching the
row, which halved the database time of counting a common name's matches (3.3 → 1.5 ms). SQLite
reads its rows by rowid, which is already the table itself."""

from django.db import migrations

INDEX = "person_filter_covering_idx"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_person (id) "
            "INCLUDE (office_id, category, sex, merged_into_id)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_person_name_keys")]
    operations = [migrations.RunPython(forward, backward)]
