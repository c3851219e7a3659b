"""Scratch databases for tests whose child processes need a database of their own (backup and
restore, a worker killed mid-task): a copy of the migrated test database, on SQLite a file, on
PostgreSQL a database made from the test database as template."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg
from django.db import connection, connections


def pg_settings() -> dict:
    if connection.vendor == "postgresql":
        return connection.settings_dict
    url = os.environ.get("DATABASE_URL", "")
    return dj_database_url.parse(url if url.startswith("postgres")
                                 else "postgres://postgres@127.0.0.1:5432/postgres")


def pg_admin(db: dict) -> psycopg.Connection:
    return psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                           user=db["USER"] or "postgres", password=db["PASSWORD"] or None,
                           dbname="postgres", autocommit=True)


def pg_url(db: dict, name: str) -> str:
    auth = db["USER"] or "postgres"
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@contextlib.contextmanager
def copy_of_test_database(tmp_path: Path) -> Iterator[str]:
    """The address (DATABASE_URL) of a copy of the migrated test database of this suite's vendor,
    dropped afterwards. Use with `transactional_db`: a copy taken inside a test's transaction
    would not hold what the test wrote."""
    if connection.vendor == "sqlite":
        path = tmp_path / "scratch.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        yield f"sqlite:///{path}"
        return
    db = pg_settings()
    name = f"corridor_scratch_{uuid.uuid4().hex[:12]}"
    with pg_admin(db) as admin:
        connections.close_all()  # a template may have no other session
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{db["NAME"]}"')
    try:
        yield pg_url(db, name)
    finally:
        with pg_admin(db) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
