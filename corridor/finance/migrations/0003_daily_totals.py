"""Daily totals of the sealed postings, kept by the database: a trigger on the insert of a seal
adds the transaction's postings to their day's row (ADR 0070). Existing seals are summed once."""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = "fund_id, account_id, currency_id, year, day, amount_minor, base_minor, entries"
SUMS = ("SELECT fund_id, account_id, currency_id, COALESCE(year, 0), booked_on, "
        "SUM(amount_minor), SUM(base_minor), COUNT(*) FROM finance_posting WHERE {where} "
        "GROUP BY fund_id, account_id, currency_id, COALESCE(year, 0), booked_on")
UPSERT = (" ON CONFLICT (fund_id, account_id, currency_id, year, day) DO UPDATE SET "
          "amount_minor = finance_dailytotal.amount_minor + excluded.amount_minor, "
          "base_minor = finance_dailytotal.base_minor + excluded.base_minor, "
          "entries = finance_dailytotal.entries + excluded.entries")
ADD_SEALED = (f"INSERT INTO finance_dailytotal ({COLUMNS}) "
              + SUMS.format(where="transaction_id = NEW.transaction_id") + UPSERT)
BACKFILL = (f"INSERT INTO finance_dailytotal ({COLUMNS}) " + SUMS.format(
    where="transaction_id IN (SELECT transaction_id FROM finance_transactionseal)"))

SQLITE = ([f"CREATE TRIGGER finance_seal_totals AFTER INSERT ON finance_transactionseal BEGIN "
           f"{ADD_SEALED}; END;", BACKFILL],
          ["DROP TRIGGER IF EXISTS finance_seal_totals;", "DELETE FROM finance_dailytotal;"])
POSTGRES = ([f"""CREATE FUNCTION finance_seal_totals() RETURNS trigger AS $$
        BEGIN {ADD_SEALED}; RETURN NULL; END $$ LANGUAGE plpgsql;""",
             "CREATE TRIGGER finance_seal_totals AFTER INSERT ON finance_transactionseal "
             "FOR EACH ROW EXECUTE FUNCTION finance_seal_totals();", BACKFILL],
            ["DROP TRIGGER IF EXISTS finance_seal_totals ON finance_transactionseal;",
             "DROP FUNCTION IF EXISTS finance_seal_totals();", "DELETE FROM finance_dailytotal;"])


def totals(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor)
    for sql in (statements or ([], []))[0]:
        schema_editor.execute(sql, None)


def untotal(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor)
    for sql in (statements or ([], []))[1]:
        schema_editor.execute(sql, None)


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0002_currencies_chart_and_ledger_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='DailyTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(default=0)),
                ('day', models.DateField()),
                ('amount_minor', models.BigIntegerField()),
                ('base_minor', models.BigIntegerField()),
                ('entries', models.PositiveIntegerField()),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='finance.account')),
                ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='finance.currency')),
                ('fund', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='finance.fund')),
            ],
            options={
                'indexes': [models.Index(fields=['fund', 'day'], name='finance_total_fund_day'), models.Index(fields=['account', 'day'], name='finance_total_account_day')],
                'constraints': [models.UniqueConstraint(fields=('fund', 'account', 'currency', 'year', 'day'), name='finance_one_total_a_day')],
            },
        ),
        migrations.RunPython(totals, untotal),
    ]
