"""The database itself refuses to change or remove an audit event, on SQLite and PostgreSQL."""

from django.db import migrations

from corridor.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [append_only("core_auditevent", "audit events are append-only")]
