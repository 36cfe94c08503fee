import re
import resource
import statistics
import time
from dataclasses import replace
from urllib.parse import urljoin

from django.core.management.base import BaseCommand, CommandError

from branches.models import Organization
from reports import document, rendering
from reports.defaults import report_for
from reports.figures import collect

CHROMIUM = "/usr/bin/chromium"
LONG_PAGES = 20
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]


class Command(BaseCommand):
    help = (
        "Time the annual report: build its HTML, render it with WeasyPrint several times, "
        "and render the same HTML with headless Chromium (Playwright's page.pdf) as the peer; "
        "then the same for the report with its meeting ledger repeated to 20 pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--branch", default="白云轨交", help="short name (demo: 白云轨交)")
        parser.add_argument("--year", type=int, default=2024)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, branch, year, runs, **options):
        found = Organization.objects.branches().filter(short_name=branch).first()
        if found is None:
            raise CommandError(f"No branch “{branch}”: load the demo first (load_demo).")
        report = report_for(found, year)

        html_times, html = [], ""
        for _ in range(runs):
            started = time.perf_counter()
            html = document.html(report)
            html_times.append(time.perf_counter() - started)

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        pdf_times, pages = [], 0
        for _ in range(runs + 1):  # the first run loads the fonts: timed apart as "cold"
            started = time.perf_counter()
            _pdf, pages = rendering.pdf_of(report, html)
            pdf_times.append(time.perf_counter() - started)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        growth_mb = peak_mb - rss_before / 1024
        cold, warm = pdf_times[0], statistics.median(pdf_times[1:])
        rows = [
            ("report", f"{report} ({pages} pages)"),
            ("HTML (figures + template), median", f"{statistics.median(html_times):.3f} s"),
            ("WeasyPrint PDF, cold (first render)", f"{cold:.3f} s"),
            ("WeasyPrint PDF, warm median", f"{warm:.3f} s"),
            ("WeasyPrint per page, warm", f"{warm / pages * 1000:.0f} ms"),
            ("peak RSS of this process", f"{peak_mb:.0f} MB (+{growth_mb:.0f} MB rendering)"),
            *self._peer_rows(report, html, runs, warm),
        ]
        self._write(rows)

        long_html, long_pages = self._long_variant(report, collect(found, year))
        long_times = []
        for _ in range(runs):
            started = time.perf_counter()
            rendering.pdf_of(report, long_html)
            long_times.append(time.perf_counter() - started)
        long_warm = statistics.median(long_times)
        self.stdout.write(f"the same, its meeting ledger repeated ({long_pages} pages):")
        self._write(
            [
                ("WeasyPrint PDF, warm median", f"{long_warm:.3f} s"),
                ("WeasyPrint per page, warm", f"{long_warm / long_pages * 1000:.0f} ms"),
                *self._peer_rows(report, long_html, runs, long_warm),
            ]
        )

    def _write(self, rows):
        width = max(len(name) for name, _value in rows)
        for name, value in rows:
            self.stdout.write(f"{name:<{width}}  {value}")

    def _long_variant(self, report, figures):
        """The report's HTML with the meeting ledger repeated until the PDF has at least
        LONG_PAGES pages: the issue's target is for a report of 20 pages."""
        if not figures.meetings:
            raise CommandError("The report has no meeting ledger to make a long one of.")
        for copies in range(2, 100):
            longer = replace(figures, meetings=figures.meetings * copies)
            html = document.html(report, longer)
            _pdf, pages = rendering.pdf_of(report, html)
            if pages >= LONG_PAGES:
                return html, pages
        raise CommandError("The meeting ledger is too short to make a long report of.")

    def _peer_rows(self, report, html, runs, warm):
        peer = self._chromium(report, html, runs)
        if peer is None:
            return []
        return [
            ("Chromium page.pdf(), warm median", f"{peer:.3f} s"),
            ("WeasyPrint ÷ Chromium", f"{warm / peer:.2f}"),
        ]

    def _chromium(self, report, html, runs):
        """The same HTML and stylesheet, printed to PDF by headless Chromium."""
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            self.stderr.write("Playwright is not installed (make install-test): no peer.")
            return None
        # Fetched beforehand: Playwright calls the route handler from its event loop,
        # where Django refuses the database queries that find the photos.
        fetcher = rendering.LedgerFetcher(report.branch_id)
        resources = {}
        for reference in re.findall(r'(?:href|src)="([^"]+)"', html):
            url = urljoin(rendering.BASE_URL, reference)
            try:
                response = fetcher.fetch(url)
            except ValueError:
                continue
            resources[url] = (response.read(), response.content_type)

        def serve(route):
            url = route.request.url
            if url == rendering.BASE_URL + "report":
                return route.fulfill(body=html, content_type="text/html; charset=utf-8")
            if url not in resources:
                return route.abort()
            body, content_type = resources[url]
            return route.fulfill(body=body, content_type=content_type)

        times = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.route("**/*", serve)
            for _ in range(runs + 1):
                started = time.perf_counter()
                page.goto(rendering.BASE_URL + "report")
                page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
                times.append(time.perf_counter() - started)
            browser.close()
        return statistics.median(times[1:])
