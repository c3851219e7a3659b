"""Append-only tables (the audit trail, a case's timeline, a booking's history): the model
refuses to save an existing row or delete one (AppendOnly), and database triggers refuse UPDATE
and DELETE on SQLite and PostgreSQL (append_only, used by the migrations that create them)."""

from __future__ import annotations

from django.db import migrations


class AppendOnly:
    """Mixed into a model before models.Model: rows are written once, never changed or removed.
    `append_only_message` names what is refused."""

    append_only_message = "append-only"

    def save(self, *args, **kwargs) -> None:
        # Not "has a pk": a row keyed by a random UUID has one before it is first written.
        if not self._state.adding:
            raise PermissionError(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(self.append_only_message)


def _statements(table: str, message: str) -> dict[str, tuple[list[str], list[str]]]:
    return {
        "sqlite": (
            [f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
             f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
             f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
             f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"],
            [f"DROP TRIGGER IF EXISTS {table}_no_update;",
             f"DROP TRIGGER IF EXISTS {table}_no_delete;"],
        ),
        "postgresql": (
            [f"""CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql;""",
             f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
             f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only();"],
            [f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};",
             f"DROP FUNCTION IF EXISTS {table}_append_only();"],
        ),
    }


def append_only(table: str, message: str) -> migrations.RunPython:
    """A migration operation adding (and, backwards, dropping) the triggers for `table`."""
    statements = _statements(table, message)

    def forward(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, ([], []))[0]:
            schema_editor.execute(sql)

    def backward(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, ([], []))[1]:
            schema_editor.execute(sql)

    return migrations.RunPython(forward, backward)


def postgres_append_only_tables(cursor) -> list[tuple[str, str]]:
    """(table, trigger function) of every table in the current schema that `append_only` gave
    its PostgreSQL trigger: what corridor_pg_harden puts beyond the application's role."""
    cursor.execute("""
        SELECT c.relname, p.proname FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE NOT t.tgisinternal AND n.nspname = current_schema()
          AND t.tgname = c.relname || '_no_change' AND p.proname = c.relname || '_append_only'
        ORDER BY c.relname""")
    return list(cursor.fetchall())
