"""`python -m corridor.core.dbcheck URL`: exit 0 when the PostgreSQL server at URL answers."""

from __future__ import annotations

import sys

import dj_database_url
import psycopg


def reachable(url: str) -> bool:
    cfg = dj_database_url.parse(url)
    try:
        with psycopg.connect(
            host=cfg["HOST"] or "127.0.0.1",
            port=cfg["PORT"] or 5432,
            user=cfg["USER"] or "postgres",
            password=cfg["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=5,
        ):
            return True
    except psycopg.OperationalError:
        return False


if __name__ == "__main__":
    raise SystemExit(0 if reachable(sys.argv[1]) else 1)
