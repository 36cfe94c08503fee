from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.stored_files import back_up


class Command(BaseCommand):
    help = "Copy every stored file (uploads, rendered reports) into a .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        count = back_up(archive)
        self.stdout.write(f"{count} files written to {archive}")
