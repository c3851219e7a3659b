"""`manage.py corridor_restore FILE [--force]`: put back what `corridor_backup` wrote, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.core.backup import KEYS_NOTICE, BackupError, pending_migrations, restore


class Command(BaseCommand):
    help = ("Restore a backup archive: the database, the flows store and MEDIA_ROOT. Refuses a "
            "damaged archive, another database vendor's, or one from newer code; refuses a "
            "non-empty database without --force. Stop the web server and worker first.")

    # No system checks: the database being restored may not match the code until it is migrated.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the archive written by corridor_backup")
        parser.add_argument("--force", action="store_true",
                            help="replace the database even when it is not empty")

    def handle(self, *args, file: Path, force: bool, **options) -> None:
        try:
            outcome = restore(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = outcome.manifest
        self.stdout.write(f"Restored {outcome.path} (taken {manifest['created_at']}, Corridor "
                          f"{manifest['corridor_version']}, {len(manifest['files'])} files).")
        self.stdout.write(KEYS_NOTICE)
        pending = pending_migrations(manifest)
        if pending:
            self.stdout.write(f"The archive predates {pending} migrations of this code: run "
                              f"`manage.py migrate` now.")
