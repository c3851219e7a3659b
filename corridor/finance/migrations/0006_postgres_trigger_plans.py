"""PostgreSQL's ledger triggers read a transaction's postings once, through the index on
`transaction_id`, whatever the planner knows of the table (ADR 0070, addendum of session 12).

The balance check (`finance_balance_problem`) and the seal's daily and monthly totals grouped a
transaction's postings by fund (and account) with `WHERE transaction_id = txn`. Planned without
statistics (a new table, or autovacuum behind a bulk load), or as a generic plan inside a
function, PostgreSQL chose the index on `fund_id` (or `(fund_id, account_id, booked_on)`) for its
order and filtered every posting of the fund: one seal cost a scan of the fund, and a load of
1,000,000 entries slowed to ~35 seals a second. Each query now reads the transaction's postings in
a `MATERIALIZED` common table expression (filtered by `transaction_id` only, so the planner has no
order to buy) and groups those few rows.

The deferred checks at commit stay, reduced to what the seal has not already proved: a sealed
transaction balanced when it was sealed, and it takes no posting after (`finance_posting_open`),
none is updated or deleted (append-only), so at commit each transaction or posting written needs
only its seal. A transaction's check runs once per transaction, not once per posting and per
transaction as before. SQLite's triggers are unchanged (its planner takes the
`transaction_id` index for them).
"""

from django.db import migrations

BALANCE = """CREATE OR REPLACE FUNCTION finance_balance_problem(txn bigint) RETURNS text AS $$
        WITH p AS MATERIALIZED (
          SELECT fund_id, currency_id, amount_minor, base_minor FROM finance_posting
          WHERE transaction_id = txn)
        SELECT CASE
          WHEN (SELECT count(*) FROM p) < 2
            THEN 'a ledger transaction needs two postings or more'
          WHEN EXISTS (SELECT 1 FROM p GROUP BY fund_id, currency_id
                       HAVING sum(amount_minor) <> 0)
            THEN 'a ledger transaction must balance in each fund and currency'
          WHEN EXISTS (SELECT 1 FROM p GROUP BY fund_id HAVING sum(base_minor) <> 0)
            THEN 'a ledger transaction must balance in each fund''s base currency'
        END $$ LANGUAGE sql STABLE;"""

OLD_BALANCE = """CREATE OR REPLACE FUNCTION finance_balance_problem(txn bigint) RETURNS text AS $$
        SELECT CASE
          WHEN (SELECT count(*) FROM finance_posting WHERE transaction_id = txn) < 2
            THEN 'a ledger transaction needs two postings or more'
          WHEN EXISTS (SELECT 1 FROM finance_posting WHERE transaction_id = txn
                       GROUP BY fund_id, currency_id HAVING sum(amount_minor) <> 0)
            THEN 'a ledger transaction must balance in each fund and currency'
          WHEN EXISTS (SELECT 1 FROM finance_posting WHERE transaction_id = txn
                       GROUP BY fund_id HAVING sum(base_minor) <> 0)
            THEN 'a ledger transaction must balance in each fund''s base currency'
        END $$ LANGUAGE sql STABLE;"""

SEALED = """CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM finance_transactionseal WHERE transaction_id = {txn}) THEN
            RAISE EXCEPTION 'a ledger transaction must be sealed before it is committed'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql;"""

OLD_SEALED = """CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
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


def _totals(table: str, period: str, key: str, materialized: bool) -> str:
    columns = f"fund_id, account_id, currency_id, year, {key}, amount_minor, base_minor, entries"
    upsert = (f" ON CONFLICT (fund_id, account_id, currency_id, year, {key}) DO UPDATE SET "
              f"amount_minor = {table}.amount_minor + excluded.amount_minor, "
              f"base_minor = {table}.base_minor + excluded.base_minor, "
              f"entries = {table}.entries + excluded.entries")
    source = "finance_posting WHERE transaction_id = NEW.transaction_id"
    if materialized:
        prefix = (f"WITH p AS MATERIALIZED (SELECT * FROM {source}) ")
        source = "p"
    else:
        prefix = ""
    name = "finance_seal_totals" if key == "day" else "finance_seal_month_totals"
    return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
            f"{prefix}INSERT INTO {table} ({columns}) "
            f"SELECT fund_id, account_id, currency_id, COALESCE(year, 0), {period}, "
            f"SUM(amount_minor), SUM(base_minor), COUNT(*) FROM {source} "
            f"GROUP BY fund_id, account_id, currency_id, COALESCE(year, 0), {period}"
            f"{upsert}; RETURN NULL; END $$ LANGUAGE plpgsql;")


MONTH = "CAST(date_trunc('month', booked_on) AS date)"


def _statements(new: bool) -> list[str]:
    sealed = SEALED if new else OLD_SEALED
    return [BALANCE if new else OLD_BALANCE,
            sealed.format(name="finance_posting_committed", txn="NEW.transaction_id"),
            sealed.format(name="finance_transaction_committed", txn="NEW.id"),
            _totals("finance_dailytotal", "booked_on", "day", new),
            _totals("finance_monthlytotal", MONTH, "month", new)]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in _statements(new=True):
            schema_editor.execute(sql, None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in _statements(new=False):
            schema_editor.execute(sql, None)


class Migration(migrations.Migration):
    dependencies = [("finance", "0005_monthly_totals")]
    operations = [migrations.RunPython(forward, backward)]
