"""The database itself refuses to change or remove a case's timeline event (SQLite, PostgreSQL)."""

from django.db import migrations

from corridor.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_cases_workflow_assistance_referrals")]
    operations = [append_only("cases_caseevent", "case events are append-only")]
