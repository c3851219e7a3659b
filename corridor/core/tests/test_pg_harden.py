"""corridor_pg_harden: the application's role may read and append to the audit trail, and
neither change it, empty it nor drop its trigger (PostgreSQL only)."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="roles and table ownership are PostgreSQL's")

INSERT = ("INSERT INTO core_auditevent (at, actor_label, action, object_type, object_id, summary, "
          "changes, via) VALUES (now(), '', 'view', 'test', '1', 'hardening', '{}', 'command')")


@pytest.fixture
def roles():
    """A login role as the application would use (no superuser, owns nothing) and the owner
    role's name; both removed afterwards, with whatever they were given. Names are unique:
    roles are shared by every database of the server."""
    suffix = uuid.uuid4().hex[:8]
    app, owner = f"corridor_test_app_{suffix}", f"corridor_test_owner_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{app}" LOGIN')
    yield app, owner
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [owner])
        if cursor.fetchone():
            cursor.execute(f'REASSIGN OWNED BY "{owner}" TO CURRENT_USER')
            cursor.execute(f'DROP OWNED BY "{owner}"')
            cursor.execute(f'DROP ROLE "{owner}"')
        cursor.execute(f'DROP OWNED BY "{app}"')
        cursor.execute(f'DROP ROLE "{app}"')


def _as(role: str):
    import psycopg

    params = connection.settings_dict
    return psycopg.connect(dbname=params["NAME"], host=params["HOST"] or None,
                           port=params["PORT"] or None, user=role, autocommit=True)


@pytest.mark.django_db(transaction=True)
def test_the_application_role_can_only_read_and_append_the_audit_trail(roles):
    import psycopg

    app, owner = roles
    call_command("corridor_pg_harden", "--app-role", app, "--owner-role", owner,
                 stdout=(out := io.StringIO()))
    assert "core_auditevent: owned by" in out.getvalue()
    assert "cases_caseevent: owned by" in out.getvalue()
    call_command("corridor_pg_harden", "--app-role", app, "--owner-role", owner,
                 stdout=io.StringIO())  # again: nothing changes, nothing fails

    with _as(app) as conn:
        conn.execute(INSERT)
        assert conn.execute("SELECT count(*) FROM core_auditevent WHERE summary = 'hardening'"
                            ).fetchone()[0] == 1
        for refused in ("UPDATE core_auditevent SET summary = 'changed'",
                        "DELETE FROM core_auditevent",
                        "TRUNCATE core_auditevent",
                        "DROP TRIGGER core_auditevent_no_change ON core_auditevent",
                        "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
                        "DROP TABLE core_auditevent",
                        "DELETE FROM cases_caseevent",
                        "DROP TRIGGER cases_caseevent_no_change ON cases_caseevent"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(refused)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'core_auditevent'")
        assert cursor.fetchone()[0] == owner


@pytest.mark.django_db
def test_a_superuser_application_role_is_refused():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        me = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="superuser"):
        call_command("corridor_pg_harden", "--app-role", me, stdout=io.StringIO())
