"""The database's part of a backup: SQLite's online backup API, or pg_dump and pg_restore."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connections
from django.db.migrations.recorder import MigrationRecorder

ALIAS = "default"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore refused or failed; the message says what and where."""


def vendor() -> str:
    found = connections[ALIAS].vendor
    if found not in DATABASE:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {found}")
    return found


# -- PostgreSQL ---------------------------------------------------------------------------

def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found on PATH: install the PostgreSQL client of the "
                          f"server's major version (Debian: postgresql-client)")
    connection = connections[ALIAS]
    connection.ensure_connection()
    server = connection.pg_version // 10000
    output = subprocess.run([found, "--version"], capture_output=True, text=True,  # noqa: S603
                            check=False).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    client = int(match.group(1)) if match else 0
    if client < server:
        raise BackupError(f"{found} is version {client}, older than the PostgreSQL server ({server}): "
                          f"install the client of version {server}")
    return found


def _pg_env() -> dict[str, str]:
    """libpq's variables from DATABASE_URL: the password never appears on a command line."""
    db = connections[ALIAS].settings_dict
    env = dict(os.environ)
    for variable, value in (("PGHOST", db.get("HOST")), ("PGPORT", db.get("PORT")),
                            ("PGUSER", db.get("USER")), ("PGPASSWORD", db.get("PASSWORD")),
                            ("PGDATABASE", db.get("NAME"))):
        if value:
            env[variable] = str(value)
    options = db.get("OPTIONS", {})
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if options.get(option):
            env[f"PG{option.upper()}"] = str(options[option])
    return env


def _run(command: list[str], what: str, consequence: str = "") -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}{consequence}")


def _applied_live() -> list[list[str]]:
    recorder = MigrationRecorder(connections[ALIAS])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


# -- copy and restore ---------------------------------------------------------------------

def database_copy(vendor: str, target: Path) -> list[list[str]]:
    """Copy the database to `target`; return its applied migrations, as of the copy."""
    if vendor == "sqlite":
        source = Path(connections[ALIAS].settings_dict["NAME"])
        if not source.is_file():
            raise BackupError(f"no SQLite database at {source}")
        # The online backup API reads one consistent state while the app goes on writing (WAL).
        read_only = f"{source.resolve().as_uri()}?mode=ro"
        with closing_sqlite(read_only, uri=True) as src, closing_sqlite(target) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            tables = {row[0] for row in dst.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "django_migrations" not in tables:
                return []
            return sorted([a, n] for a, n in dst.execute("SELECT app, name FROM django_migrations"))
    applied = _applied_live()
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"], "pg_dump")
    return applied


@contextmanager
def closing_sqlite(*args: Any, **kwargs: Any) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(*args, **kwargs)
    try:
        yield con
    finally:
        con.close()


def database_empty() -> bool:
    connection = connections[ALIAS]
    try:
        with connection.cursor() as cursor:
            return not connection.introspection.table_names(cursor)
    except DatabaseError as exc:
        raise BackupError(f"cannot open the database DATABASE_URL names ({exc}); on PostgreSQL create "
                          f"it first (createdb). Nothing was restored") from exc


def restore_sqlite(staged: Path) -> None:
    """Check the staged copy, then put it in place in one step."""
    target = Path(connections[ALIAS].settings_dict["NAME"])
    with closing_sqlite(staged) as con:
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"the archive's database is not readable: {exc}; nothing was restored") from exc
        if result[0] != "ok":
            raise BackupError(f"the archive's database fails its integrity check ({result[0]}): "
                              f"nothing was restored")
    connections.close_all()
    if not target.exists():
        os.replace(staged, target)
        return
    # The live file may be open (and in WAL mode): SQLite's backup API writes the staged copy over
    # it in one transaction, so a reader sees the old database or the new one, never a mix.
    with closing_sqlite(staged) as src, closing_sqlite(target, timeout=30) as dst:
        src.backup(dst)


def restore_postgresql(staged: Path) -> None:
    name = connections[ALIAS].settings_dict["NAME"]
    tool = _pg_tool("pg_restore")
    connections.close_all()
    # One transaction: an error rolls everything back and leaves the database as it was.
    _run([tool, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner",
          "--no-acl", "--no-password", f"--dbname={name}", str(staged)], "pg_restore",
         "; it was one transaction: nothing was restored")
