"""`manage.py corridor_pg_harden --app-role ROLE`: on PostgreSQL, put the append-only tables (the
audit trail, the cases' timeline, every table with an append-only trigger) beyond the reach of
the role the application connects as.

The trigger alone refuses UPDATE and DELETE, but the table's owner can drop it. Run at deployment
by the database owner (a superuser or a role with CREATEROLE that owns the tables), after
`migrate`, and again after every `migrate` (it is idempotent). It

- creates a NOLOGIN role (`--owner-role`, default corridor_append_only_owner) if missing;
- gives it each append-only table (with the sequence of its id) and the trigger's function;
- leaves the application's role SELECT and INSERT on those tables, USAGE on their sequences,
  and revokes everything else (UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER) from it and PUBLIC.

Later migrations that alter these tables must run as a member of the owner role.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from corridor.core.append_only import postgres_append_only_tables


class Command(BaseCommand):
    help = ("PostgreSQL: give the append-only tables to a NOLOGIN owner role and leave the "
            "application's role only SELECT and INSERT on them (idempotent).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--app-role", required=True,
                            help="the role the application connects as")
        parser.add_argument("--owner-role", default="corridor_append_only_owner",
                            help="the NOLOGIN role that will own the tables")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, app_role: str, owner_role: str, database: str, **options) -> None:
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("corridor_pg_harden is for PostgreSQL; this database is "
                               f"{connection.vendor}")
        from psycopg import sql

        if app_role == owner_role:
            raise CommandError("--app-role and --owner-role must be different roles")
        with transaction.atomic(using=database), connection.cursor() as cursor:
            def run(statement, *identifiers) -> None:
                cursor.execute(sql.SQL(statement).format(*map(sql.Identifier, identifiers))
                               .as_string(connection.connection))

            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"--app-role: no role {app_role!r} in this cluster")
            if found[0]:
                raise CommandError(f"--app-role: {app_role!r} is a superuser, which no privilege "
                                   "binds: let the application connect as an ordinary role")
            cursor.execute("SELECT pg_get_userbyid(nspowner) = %s FROM pg_namespace "
                           "WHERE nspname = current_schema()", [app_role])
            if cursor.fetchone()[0]:
                raise CommandError(f"--app-role: {app_role!r} owns the schema, and a schema's "
                                   "owner may drop any table in it: give the schema to another "
                                   "role first")
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [owner_role])
            if cursor.fetchone() is None:
                run("CREATE ROLE {} NOLOGIN", owner_role)
                self.stdout.write(f"created role {owner_role} (NOLOGIN)")
            tables = postgres_append_only_tables(cursor)
            if not tables:
                raise CommandError("no append-only table found: run migrate first")
            for table, function in tables:
                run("ALTER TABLE {} OWNER TO {}", table, owner_role)
                run("ALTER FUNCTION {}() OWNER TO {}", function, owner_role)
                run("REVOKE ALL ON TABLE {} FROM PUBLIC, {}", table, app_role)
                run("GRANT SELECT, INSERT ON TABLE {} TO {}", table, app_role)
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute(sql.SQL("REVOKE ALL ON SEQUENCE {} FROM PUBLIC, {}").format(
                        sql.SQL(sequence), sql.Identifier(app_role))
                        .as_string(connection.connection))
                    cursor.execute(sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(
                        sql.SQL(sequence), sql.Identifier(app_role))
                        .as_string(connection.connection))
                self.stdout.write(f"{table}: owned by {owner_role}; {app_role} may SELECT and "
                                  "INSERT only")
