"""The shipped name-variant table grew (Ahmet, Abdulai, Awa, Oxana, Bogdan, Sesay, …) and
"Abdullahi"-like names are read through the table before the "abdul" prefix is split: stored
name-search keys are recomputed so that search finds what the new table unifies."""

import importlib

from django.db import migrations

# The same recomputation as the migration that created the keys.
compute_keys = importlib.import_module(
    "corridor.registry.migrations.0006_person_name_keys").compute_keys


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0007_person_filter_covering_index"),
    ]

    operations = [
        migrations.RunPython(compute_keys, migrations.RunPython.noop),
    ]
