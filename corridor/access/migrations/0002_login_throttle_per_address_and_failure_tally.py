# The login throttle is keyed by account name and address, address, or account name (access.
# authentication); its rows are short-lived counters, so the old per-name table is replaced
# rather than converted. Failed attempts are tallied per name, address and hour.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0001_initial'),
    ]

    operations = [
        migrations.DeleteModel(
            name='LoginThrottle',
        ),
        migrations.CreateModel(
            name='LoginThrottle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=255, unique=True)),
                ('failures', models.PositiveIntegerField(default=0)),
                ('last_failure_at', models.DateTimeField(blank=True, db_index=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name='LoginFailureTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(max_length=150)),
                ('address', models.CharField(max_length=45)),
                ('window_start', models.DateTimeField(db_index=True)),
                ('failures', models.PositiveIntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('username', 'address', 'window_start'), name='login_failure_tally_unique')],
            },
        ),
    ]
