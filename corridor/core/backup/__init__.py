"""Backup and restore: one archive file holding the database, the flows store and uploaded files.

The archive is a tar file:

    database.sqlite3 | database.pgdump   SQLite online backup copy, or pg_dump's custom format
    flows.duckdb                          the flows store, copied under its lock after a checkpoint
    media/…                               the files under MEDIA_ROOT
    manifest.json                         last: what the archive is and every file's sha256

The encryption keys are never in it: document numbers stay encrypted, and a restore needs the same
DOCUMENT_ENCRYPTION_KEY(S) and DOCUMENT_HASH_KEY (or the same SECRET_KEY they were derived from).
"""

from corridor.core.backup.archive import (
    FORMAT,
    KEYS_NOTICE,
    Outcome,
    backup_create,
    pending_migrations,
    read_manifest,
    restore,
)
from corridor.core.backup.databases import DATABASE, BackupError

__all__ = ["DATABASE", "FORMAT", "KEYS_NOTICE", "BackupError", "Outcome", "backup_create",
           "pending_migrations", "read_manifest", "restore"]
