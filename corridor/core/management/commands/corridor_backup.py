"""`manage.py corridor_backup [FILE]`: one archive of the database, the flows store and uploaded files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.core.backup import KEYS_NOTICE, BackupError, backup_create


class Command(BaseCommand):
    help = ("Write a backup archive (.tar) of the database, the flows store and MEDIA_ROOT; "
            "the encryption keys are not in it.")

    # No system checks: a backup must not wait on, or be stopped by, checks unrelated to it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", type=Path,
                            help="the archive to write (default: var/backups/corridor-<UTC time>.tar)")

    def handle(self, *args, file: Path | None, **options) -> None:
        try:
            outcome = backup_create(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = outcome.manifest["files"]
        self.stdout.write(f"Backup written to {outcome.path} ({len(files)} files, "
                          f"{outcome.manifest['vendor']} database).")
        self.stdout.write(KEYS_NOTICE)
        self.stdout.write("The archive holds personal data: store it as safely as the database.")
