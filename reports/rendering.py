"""Rendering a report's PDF with WeasyPrint, in a Celery worker (or in-process in the
embedded set-up). Rendering is idempotent: a report whose stored PDF was made from the
same inputs is not rendered again, and a render that dies leaves the old PDF in place."""

import io
import logging
import mimetypes
import re
import zipfile

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from attachments.models import Attachment

from . import document, fonts, inputs
from .models import AnnualReport, Render, Shown

logger = logging.getLogger(__name__)

# Relative URLs in the document resolve against this address, which never goes out.
BASE_URL = "https://ledger.invalid/"
ATTACHMENT = re.compile(r"^attachments/(\d+)/$")


class LedgerFetcher(URLFetcher):
    """Gives WeasyPrint the app's own static files, the report's fonts and the branch's
    own photos, and nothing else: no network, no other file on the machine."""

    def __init__(self, branch_id):
        super().__init__()
        self.branch_id = branch_id

    def fetch(self, url, headers=None):
        if not url.startswith(BASE_URL):
            raise ValueError(f"refused: {url}")
        path = url.removeprefix(BASE_URL).split("?")[0]
        if ".." in path.split("/"):
            raise ValueError(f"refused: {url}")
        if path.startswith("static/") and (found := finders.find(path.removeprefix("static/"))):
            with open(found, "rb") as file:
                body = file.read()
            mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})
        if path.startswith("fonts/") and (font := fonts.file(path.removeprefix("fonts/"))):
            return URLFetcherResponse(url, font.read_bytes(), {"Content-Type": "font/otf"})
        if match := ATTACHMENT.match(path):
            photo = Attachment.objects.filter(
                pk=match[1], branch_id=self.branch_id, mime_type__startswith="image/"
            ).first()
            if photo is not None:
                with photo.file.open("rb") as file:
                    body = file.read()
                return URLFetcherResponse(url, body, {"Content-Type": photo.mime_type})
        raise ValueError(f"refused: {url}")


def pdf_of(report, html, laid_out=lambda: None):
    """(PDF bytes, number of pages); `laid_out` is called between layout and writing."""
    fetcher = LedgerFetcher(report.branch_id)
    # The cut-down faces only in the PDF: a browser showing the preview needs none.
    font_config = FontConfiguration()
    faces = CSS(
        string=fonts.font_faces(), base_url=BASE_URL, url_fetcher=fetcher, font_config=font_config
    )
    rendered = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[faces], font_config=font_config
    )
    laid_out()
    return rendered.write_pdf(), len(rendered.pages)


def _set(report, **fields):
    AnnualReport.objects.filter(pk=report.pk).update(**fields)


def render(report_id):
    """Render and store the report's PDF unless the stored one is current."""
    report = AnnualReport.objects.select_related("branch").get(pk=report_id)
    html = document.html(report)
    digest = document.digest(html)
    if report.pdf and report.pdf_digest == digest:
        _set(report, render_status=Render.DONE, render_progress=100, render_error="")
        return report.pdf.name
    _set(
        report,
        render_status=Render.RENDERING,
        render_progress=20,
        render_started_at=timezone.now(),
        render_error="",
    )
    try:
        pdf, pages = pdf_of(report, html, laid_out=lambda: _set(report, render_progress=70))
    except Exception as error:  # a failed render is reported on the page, not retried
        logger.exception("Rendering report %s failed", report_id)
        reason = _("The PDF could not be made: %(error)s") % {"error": error}
        _set(report, render_status=Render.FAILED, render_error=reason[:300])
        return None
    name = default_storage.save(
        f"reports/{report.branch_id}-{report.year}-{digest[:16]}.pdf", ContentFile(pdf)
    )
    old = report.pdf.name
    _set(
        report,
        pdf=name,
        pdf_digest=digest,
        page_count=pages,
        rendered_at=timezone.now(),
        render_status=Render.DONE,
        render_progress=100,
    )
    if old and old != name:
        default_storage.delete(old)
    return name


def is_current(report):
    """Whether the stored PDF is what a render now would give (see reports.inputs)."""
    return bool(report.pdf) and report.pdf_digest == inputs.current_digest(report)


def shown_state(report):
    """What a page says of `report` (saved or not), the same on every page."""
    if report.pk is None:
        return Shown.NOT_STARTED
    if report.render_status in (Render.QUEUED, Render.RENDERING, Render.FAILED):
        return Shown(report.render_status)
    if not report.pdf:
        return Shown.NOT_RENDERED
    return Shown.CURRENT if is_current(report) else Shown.OUT_OF_DATE


def zip_reports(reports):
    """One zip of the reports' PDFs, named by branch and year; reports that could not be
    rendered are listed in a note inside."""
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for report in reports:
            if report.pdf and report.render_status == Render.DONE:
                with report.pdf.open("rb") as pdf:
                    archive.writestr(report.pdf_filename(), pdf.read())
            else:
                reason = report.render_error or report.get_render_status_display()
                missing.append(f"{report.branch.name}: {reason}")
        if missing:
            archive.writestr(_("not-rendered.txt"), "\n".join(missing))
    return ContentFile(buffer.getvalue())
