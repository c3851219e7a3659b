"""Escorts' document numbers are encrypted as travellers' are: existing plain values are encrypted
with the current first document key, then the plain column goes."""

from django.db import migrations, models


def encrypt_existing(apps, schema_editor):
    from corridor.registry import documents

    Escort = apps.get_model("movements", "Escort")
    for escort in Escort.objects.exclude(document_number="").only("pk", "document_number"):
        Escort.objects.filter(pk=escort.pk).update(
            document_number_encrypted=documents.encrypt(escort.document_number))


def decrypt_back(apps, schema_editor):
    from corridor.registry import documents

    Escort = apps.get_model("movements", "Escort")
    for escort in Escort.objects.exclude(document_number_encrypted="").only(
            "pk", "document_number_encrypted"):
        Escort.objects.filter(pk=escort.pk).update(
            document_number=documents.decrypt(escort.document_number_encrypted)[:40])


class Migration(migrations.Migration):
    dependencies = [("movements", "0003_booking_assistance_item")]

    operations = [
        migrations.AddField(
            model_name="escort",
            name="document_number_encrypted",
            field=models.TextField(blank=True, verbose_name="document number (encrypted)"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_back),
        migrations.RemoveField(model_name="escort", name="document_number"),
    ]
