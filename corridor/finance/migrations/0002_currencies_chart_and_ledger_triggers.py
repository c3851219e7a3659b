"""The currencies (data/iso4217.csv), the funds and chart every deployment starts with, and the
database's own guard of the ledger (ADR 0070):

- transactions, postings, seals and exchange rates are append-only (no UPDATE, no DELETE);
- a posting is refused once its transaction is sealed, and must carry its transaction's date
  and, in its fund's base currency, a base amount equal to its amount;
- a seal is refused unless the transaction has two postings or more and balances in each fund
  and currency, and in each fund's base currency;
- PostgreSQL also checks at commit (deferred constraint triggers) that every transaction written
  is sealed and balanced, so none can be committed open or unbalanced. SQLite has no deferred
  triggers: there an open transaction could be left by hand-written SQL, and it counts nowhere
  (every balance reads sealed transactions only).
"""

from django.db import migrations

from corridor.core.append_only import append_only

APPEND_ONLY = "ledger transactions are append-only: reverse one instead"

FUNDS = [("ADMIN", "Administrative budget", "administrative", "CHF"),
         ("EMERGENCY", "Emergency revolving fund", "emergency", "USD")]
CHART = [("1000", "Cash and bank", "asset"),
         ("1100", "Contributions receivable", "asset"),
         ("1900", "Currency exchange clearing", "asset"),
         ("2200", "Refunds payable to member States", "liability"),
         ("3000", "Net assets", "net_assets"),
         ("4000", "Assessed contributions", "income"),
         ("4100", "Voluntary contributions", "income"),
         ("5000", "Expenses", "expense")]


def load(apps, schema_editor):
    from corridor.finance.currencies import all_currencies

    Currency = apps.get_model("finance", "Currency")
    Currency.objects.bulk_create([
        Currency(code=c.code, numeric=c.numeric, minor_units=c.minor_units, name=c.name,
                 withdrawn=c.withdrawn) for c in all_currencies().values()])
    Fund = apps.get_model("finance", "Fund")
    for code, name, kind, base in FUNDS:
        Fund.objects.create(code=code, name=name, kind=kind, base_currency_id=base)
    Account = apps.get_model("finance", "Account")
    for code, name, kind in CHART:
        Account.objects.create(code=code, name=name, kind=kind)


BALANCE_SQLITE = [
    ("SELECT RAISE(ABORT, 'a ledger transaction needs two postings or more') WHERE "
     "(SELECT COUNT(*) FROM finance_posting WHERE transaction_id = NEW.transaction_id) < 2;"),
    ("SELECT RAISE(ABORT, 'a ledger transaction must balance in each fund and currency') "
     "WHERE EXISTS (SELECT 1 FROM finance_posting WHERE transaction_id = NEW.transaction_id "
     "GROUP BY fund_id, currency_id HAVING SUM(amount_minor) <> 0);"),
    ("SELECT RAISE(ABORT, 'a ledger transaction must balance in each fund''s base currency') "
     "WHERE EXISTS (SELECT 1 FROM finance_posting WHERE transaction_id = NEW.transaction_id "
     "GROUP BY fund_id HAVING SUM(base_minor) <> 0);"),
]

SQLITE = (
    ["CREATE TRIGGER finance_seal_balanced BEFORE INSERT ON finance_transactionseal BEGIN "
     + " ".join(BALANCE_SQLITE) + " END;",
     "CREATE TRIGGER finance_posting_open BEFORE INSERT ON finance_posting BEGIN "
     "SELECT RAISE(ABORT, 'a sealed ledger transaction takes no more postings') WHERE EXISTS "
     "(SELECT 1 FROM finance_transactionseal WHERE transaction_id = NEW.transaction_id); "
     "SELECT RAISE(ABORT, 'a posting carries its transaction''s date') WHERE NEW.booked_on <> "
     "(SELECT booked_on FROM finance_transaction WHERE id = NEW.transaction_id); "
     "SELECT RAISE(ABORT, 'in its fund''s base currency a posting''s base amount is its amount') "
     "WHERE NEW.base_minor <> NEW.amount_minor AND NEW.currency_id = "
     "(SELECT base_currency_id FROM finance_fund WHERE id = NEW.fund_id); END;"],
    ["DROP TRIGGER IF EXISTS finance_seal_balanced;",
     "DROP TRIGGER IF EXISTS finance_posting_open;"],
)

# At commit (deferred): the transaction of the row written is sealed and balanced.
COMMITTED = """CREATE FUNCTION {name}() RETURNS trigger AS $$
        DECLARE problem text := finance_balance_problem({txn});
        BEGIN
          IF problem IS NOT NULL THEN
            RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation';
          END IF;
          IF NOT EXISTS (SELECT 1 FROM finance_transactionseal WHERE transaction_id = {txn}) THEN
            RAISE EXCEPTION 'a ledger transaction must be sealed before it is committed'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql;"""

POSTGRES = (
    ["""CREATE FUNCTION finance_balance_problem(txn bigint) RETURNS text AS $$
        SELECT CASE
          WHEN (SELECT count(*) FROM finance_posting WHERE transaction_id = txn) < 2
            THEN 'a ledger transaction needs two postings or more'
          WHEN EXISTS (SELECT 1 FROM finance_posting WHERE transaction_id = txn
                       GROUP BY fund_id, currency_id HAVING sum(amount_minor) <> 0)
            THEN 'a ledger transaction must balance in each fund and currency'
          WHEN EXISTS (SELECT 1 FROM finance_posting WHERE transaction_id = txn
                       GROUP BY fund_id HAVING sum(base_minor) <> 0)
            THEN 'a ledger transaction must balance in each fund''s base currency'
        END $$ LANGUAGE sql STABLE;""",
     """CREATE FUNCTION finance_seal_check() RETURNS trigger AS $$
        DECLARE problem text := finance_balance_problem(NEW.transaction_id);
        BEGIN
          IF problem IS NOT NULL THEN
            RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql;""",
     "CREATE TRIGGER finance_seal_balanced BEFORE INSERT ON finance_transactionseal "
     "FOR EACH ROW EXECUTE FUNCTION finance_seal_check();",
     """CREATE FUNCTION finance_posting_check() RETURNS trigger AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM finance_transactionseal
                     WHERE transaction_id = NEW.transaction_id) THEN
            RAISE EXCEPTION 'a sealed ledger transaction takes no more postings'
              USING ERRCODE = 'check_violation';
          END IF;
          IF NEW.booked_on IS DISTINCT FROM (SELECT booked_on FROM finance_transaction
                                             WHERE id = NEW.transaction_id) THEN
            RAISE EXCEPTION 'a posting carries its transaction''s date'
              USING ERRCODE = 'check_violation';
          END IF;
          IF NEW.base_minor <> NEW.amount_minor AND NEW.currency_id =
             (SELECT base_currency_id FROM finance_fund WHERE id = NEW.fund_id) THEN
            RAISE EXCEPTION 'in its fund''s base currency a posting''s base amount is its amount'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql;""",
     "CREATE TRIGGER finance_posting_open BEFORE INSERT ON finance_posting "
     "FOR EACH ROW EXECUTE FUNCTION finance_posting_check();",
     COMMITTED.format(name="finance_posting_committed", txn="NEW.transaction_id"),
     COMMITTED.format(name="finance_transaction_committed", txn="NEW.id"),
     "CREATE CONSTRAINT TRIGGER finance_posting_balanced AFTER INSERT ON finance_posting "
     "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION finance_posting_committed();",
     "CREATE CONSTRAINT TRIGGER finance_transaction_sealed AFTER INSERT ON finance_transaction "
     "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION finance_transaction_committed();"],
    ["DROP TRIGGER IF EXISTS finance_transaction_sealed ON finance_transaction;",
     "DROP TRIGGER IF EXISTS finance_posting_balanced ON finance_posting;",
     "DROP TRIGGER IF EXISTS finance_posting_open ON finance_posting;",
     "DROP TRIGGER IF EXISTS finance_seal_balanced ON finance_transactionseal;",
     "DROP FUNCTION IF EXISTS finance_transaction_committed();",
     "DROP FUNCTION IF EXISTS finance_posting_committed();",
     "DROP FUNCTION IF EXISTS finance_posting_check();",
     "DROP FUNCTION IF EXISTS finance_seal_check();",
     "DROP FUNCTION IF EXISTS finance_balance_problem(bigint);"],
)


def guards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor)
    for sql in (statements or ([], []))[0]:
        schema_editor.execute(sql, None)


def unguard(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor)
    for sql in (statements or ([], []))[1]:
        schema_editor.execute(sql, None)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_ledger_and_assessed_contributions")]
    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        append_only("finance_transaction", APPEND_ONLY),
        append_only("finance_posting", APPEND_ONLY),
        append_only("finance_transactionseal", APPEND_ONLY),
        append_only("finance_exchangerate", "exchange rates are append-only"),
        migrations.RunPython(guards, unguard),
    ]
