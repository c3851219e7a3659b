"""Name search moves from a text column (scanned, or trigram-indexed on PostgreSQL) to a table of
name keys with b-tree indexes (see corridor/registry/search.py)."""

import django.db.models.deletion
from django.db import migrations, models


def compute_keys(apps, schema_editor):
    from corridor.registry.search import rebuild_name_keys

    rebuild_name_keys(apps.get_model("registry", "Person"),
                      apps.get_model("registry", "PersonNameKey"))


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0005_person_merged_into"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonNameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("key", models.CharField(max_length=40)),
                ("person", models.ForeignKey(db_index=False,
                                             on_delete=django.db.models.deletion.CASCADE,
                                             related_name="name_keys", to="registry.person")),
            ],
            options={
                "indexes": [models.Index(fields=["person", "key"],
                                         name="person_name_key_person_idx")],
                "constraints": [models.UniqueConstraint(fields=("key", "person"),
                                                        name="person_name_key_unique")],
            },
        ),
        # Going back re-adds search_text empty; it is not refilled.
        migrations.RunPython(compute_keys, migrations.RunPython.noop),
        migrations.RemoveField(model_name="person", name="search_text"),
    ]
