from django.core.management.base import BaseCommand, CommandError

from reports import fonts


class Command(BaseCommand):
    help = (
        "Cut Debian's Noto Serif CJK SC down to GB 2312 for the annual reports' PDFs "
        "(REPORT_FONT_DIR); faces already cut from the same collection are kept."
    )

    def handle(self, *args, **options):
        try:
            written = fonts.build(out=self.stdout)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        state = f"{len(written)} written" if written else "up to date"
        self.stdout.write(f"Report fonts in {fonts.directory()}: {state}.")
