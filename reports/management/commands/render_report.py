from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from branches.models import Organization
from reports import rendering
from reports.defaults import report_for


class Command(BaseCommand):
    help = (
        "Render a branch's annual report to a PDF file, or every branch's to a zip, here "
        "and now (for scripts and checks; the web app renders in Celery workers)."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--branch", help="the branch's short name, name or id")
        which.add_argument("--all", action="store_true", help="every branch in the ledger")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--output", type=Path, required=True, help="a .pdf, or a .zip with --all"
        )

    def handle(self, *args, branch, all, year, output, **options):
        branches = Organization.objects.branches().order_by("path")
        if branch:
            lookup = Q(short_name=branch) | Q(name=branch)
            if branch.isdecimal():
                lookup |= Q(pk=int(branch))
            branches = list(branches.filter(lookup))
            if len(branches) != 1:
                raise CommandError(f"No single branch is called “{branch}”.")
        reports = [report_for(each, year) for each in branches]
        for report in reports:
            rendering.render(report.pk)
            report.refresh_from_db()
            if report.render_status != "done":
                raise CommandError(f"{report}: {report.render_error}")
            self.stdout.write(f"{report}: {report.page_count} pages")
        if all:
            output.write_bytes(rendering.zip_reports(reports).read())
        else:
            with reports[0].pdf.open("rb") as pdf:
                output.write_bytes(pdf.read())
        self.stdout.write(self.style.SUCCESS(f"Written to {output}"))
