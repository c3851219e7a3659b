"""The shipped name-variant table grew (Ahmet, Abdulai, Awa, Oxana, Bogdan, Sesay, …) and
"Abdullahi"-like names are read through the table before the "abdul" prefix is split: stored
name-search keys are recomputed so that search finds what the new table unifies."""

from django.db import migrations


def compute_keys(apps, schema_editor):
    from corridor.registry.search import rebuild_name_keys

    rebuild_name_keys(apps.get_model("registry", "Person"),
                      apps.get_model("registry", "PersonNameKey"))


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0007_person_filter_covering_index"),
    ]

    operations = [
        migrations.RunPython(compute_keys, migrations.RunPython.noop),
    ]
