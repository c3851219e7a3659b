"""Idempotency records keep which record a create made, not its answer (which held decrypted
document numbers, phones and an import's names): the id is read out of each stored answer, the
answers are dropped, and records past their 24 hours, or naming no record, are deleted."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

# What each endpoint created (its prefix: some endpoints end with their parent's id).
TYPES = {
    "registry.person": "registry.person", "registry.household": "registry.household",
    "registry.import": "fielddata.importbatch", "cases.case": "cases.case",
    "cases.assistance": "cases.assistanceitem", "cases.project": "partners.project",
    "jobs.vacancy": "jobs.vacancy", "jobs.profile": "jobs.skillsprofile",
    "jobs.referral": "jobs.jobreferral", "tracing.request": "tracing.tracingrequest",
    "tracing.plan": "tracing.reunificationplan", "flows.import": "flows.importbatch",
    "flows.event": "flows.displacementevent", "movements.operation": "movements.operation",
    "movements.leg": "movements.leg", "movements.bookings": "movements.leg",
}


def _record_of(endpoint: str, body) -> tuple[str, int] | None:
    prefix = ".".join(endpoint.split(".")[:2])
    object_type = TYPES.get(prefix)
    if object_type is None:
        return None
    if prefix == "movements.bookings":  # the answer was the list; the record is the leg
        tail = endpoint.rsplit(".", 1)[-1]
        return (object_type, int(tail)) if tail.isdigit() else None
    if not isinstance(body, dict):
        return None
    pk = body.get("batch_id" if prefix == "registry.import" else "id")
    return (object_type, pk) if isinstance(pk, int) else None


def keep_ids(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        # Overwrite the freed bytes of the dropped answers, not only unlink them (most builds do
        # by default; not all).
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    Record = apps.get_model("core", "IdempotencyRecord")
    Record.objects.filter(created_at__lt=timezone.now() - timedelta(hours=24)).delete()
    for record in Record.objects.all().iterator():
        found = _record_of(record.endpoint, record.body)
        if found is None:
            record.delete()
            continue
        record.object_type, record.object_id = found
        record.body = None
        record.save(update_fields=["object_type", "object_id", "body"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_audit_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="idempotencyrecord",
            name="object_type",
            field=models.CharField(default="", max_length=60),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="idempotencyrecord",
            name="object_id",
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="idempotencyrecord",
            name="request_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="idempotencyrecord",
            name="body",
            field=models.JSONField(null=True),
        ),
        migrations.RunPython(keep_ids, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="idempotencyrecord",
            name="body",
        ),
        migrations.AlterField(
            model_name="idempotencyrecord",
            name="object_id",
            field=models.BigIntegerField(),
        ),
        migrations.AlterField(
            model_name="idempotencyrecord",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True),
        ),
    ]
