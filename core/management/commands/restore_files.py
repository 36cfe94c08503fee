from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.stored_files import RestoreError, restore


class Command(BaseCommand):
    help = "Put the files of a backup_files archive back into an empty storage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        try:
            count = restore(archive)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} files restored from {archive}")
