from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.models import EditConflict
from core.years import offered_years, parse_year

from . import document
from .defaults import report_for, unsaved_report
from .forms import ReportForm, SectionFormSet
from .models import AnnualReport, ReportBundle
from .queue import BUSY, CURRENT, QueueUnavailable, bundle_progress, request_bundle, request_render
from .rendering import is_current, shown_state

BRANCHES_PER_PAGE = 50


def _year(year):
    """A year a report can be for: none before 2000, none still to come."""
    if parse_year(year, last=timezone.localdate().year) is None:
        raise Http404
    return year


def _parsed_year(value, default):
    """A year typed into the address or a form, or `default` for anything else."""
    return parse_year(value, default, last=timezone.localdate().year)


def _overseen_branch(request, branch_pk):
    """The branch, for those who may render and download its reports."""
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_oversee(branch)
    return branch


def _report(request, branch_pk, year):
    """The branch's report of the year as it stands, or, if nobody started it yet, the
    report it would start as, unsaved: looking writes nothing."""
    branch = _overseen_branch(request, branch_pk)
    report = AnnualReport.objects.filter(branch=branch, year=_year(year)).first()
    return (report or unsaved_report(branch, year)).show_stale_as_failed()


def _report_to_write(request, branch_pk, year):
    """The branch's report of the year, created with the default text if there is none:
    for the requests that write (POST)."""
    return report_for(_overseen_branch(request, branch_pk), _year(year))


def _queue_down(request):
    messages.error(
        request,
        _("The render queue is unavailable at the moment; nothing was lost. Try again shortly."),
    )


def _latest_written_year(branches, years):
    """The latest of `years` in which one of the branches wrote some of its report's
    text, or None: a report rendered or started unwritten has the default text only."""
    written = Q(overview__gt="") | Q(sections__text__gt="")
    reports = AnnualReport.objects.filter(written, branch__in=branches, year__in=years)
    return reports.aggregate(latest=Max("year"))["latest"]


@require_safe
@login_required
def report_index(request):
    """Every branch the user oversees, with its report of the year: the year asked for,
    else the latest year with a report written, else last year."""
    this_year = timezone.localdate().year
    access = request.access
    branches = [b for b in access.branches().order_by("path") if access.can_oversee(b)]
    years = offered_years(branches)
    year = _parsed_year(request.GET.get("year"), None)
    if year is None:
        year = _latest_written_year([b.pk for b in branches], years) or this_year - 1
    page = Paginator(branches, BRANCHES_PER_PAGE).get_page(request.GET.get("page"))
    reports = {
        report.branch_id: report.show_stale_as_failed()
        for report in AnnualReport.objects.filter(
            branch__in=[b.pk for b in page], year=year
        ).select_related("branch")
    }
    rows = []
    for branch in page:
        report = reports.get(branch.pk) or unsaved_report(branch, year)
        rows.append((branch, report, shown_state(report)))
    return render(
        request,
        "reports/report_index.html",
        {
            "year": year,
            "years": years,
            "page": page,
            "rows": rows,
            "can_bundle": request.access.is_admin or request.access.is_officer,
            "bundles": ReportBundle.objects.filter(requested_by=request.user, year=year)[:5],
        },
    )


@require_safe
@login_required
def report_detail(request, branch_pk, year):
    report = _report(request, branch_pk, year)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "branch": report.branch,
            "state": shown_state(report),
            "can_edit": request.access.can_edit(report.branch),
        },
    )


@require_safe
@login_required
def report_state(request, branch_pk, year):
    """The status and progress bar, polled by the page while a render is under way."""
    report = _report(request, branch_pk, year)
    return render(
        request, "reports/_render_state.html", {"report": report, "state": shown_state(report)}
    )


@require_POST
@login_required
def report_start(request, branch_pk, year):
    """Start the year's report from the default text, to write it."""
    branch = _overseen_branch(request, branch_pk)
    request.access.require_edit(branch)
    report = report_for(branch, _year(year))
    return redirect("reports:edit", report.branch_id, report.year)


@require_POST
@login_required
def report_render(request, branch_pk, year):
    report = _report_to_write(request, branch_pk, year)
    try:
        outcome = request_render(report)
    except QueueUnavailable:
        _queue_down(request)
    else:
        if outcome == CURRENT:
            messages.info(request, _("The PDF is up to date: nothing has changed since."))
        elif outcome == BUSY:
            messages.info(request, _("A render is already under way."))
    return redirect(report)


@require_http_methods(["GET", "POST"])
@login_required
def report_download(request, branch_pk, year):
    """The PDF. Asked for by a POST, it is rendered first if it is missing or out of
    date; a GET (a link) only hands out a PDF that is current."""
    if request.method == "GET":
        report = _report(request, branch_pk, year)
        if not is_current(report):
            messages.info(request, _("The PDF is not up to date: render it first."))
            return redirect(report)
    else:
        report = _report_to_write(request, branch_pk, year)
    if not is_current(report):
        try:
            request_render(report)
        except QueueUnavailable:
            _queue_down(request)
            return redirect(report)
        report.refresh_from_db()
        if not (report.pdf and report.render_status == "done"):
            messages.info(request, _("The PDF is being rendered; it can be downloaded when done."))
            return redirect(report)
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=report.pdf_filename(),
        content_type="application/pdf",
    )


@require_safe
@login_required
def report_preview(request, branch_pk, year):
    report = _report(request, branch_pk, year)
    if report.pk is None:
        return redirect(report)  # not started: its page offers to start or render it
    return HttpResponse(document.html(report))


@require_http_methods(["GET", "POST"])
@login_required
def report_edit(request, branch_pk, year):
    report = _report(request, branch_pk, year)
    request.access.require_edit(report.branch)
    if report.pk is None:
        return redirect(report)  # not started: its page offers to start it
    data = request.POST or None
    sections = SectionFormSet(data, instance=report)
    # Figures may go under any sub-section there is or is being added.
    section_count = max(
        [section.number for section in report.sections.all()]
        + [form.instance.number or 0 for form in sections.forms]
        + [len(sections.forms)]
    )
    form = ReportForm(data, instance=report, section_count=section_count)
    if data is not None and form.is_valid() and sections.is_valid():
        try:
            with transaction.atomic():
                form.save_claimed(request.user)
                sections.save()
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        else:
            messages.success(request, _("The report was saved."))
            return redirect(report)
    return render(
        request,
        "reports/report_form.html",
        {"report": report, "branch": report.branch, "form": form, "sections": sections},
    )


@require_POST
@login_required
def bundle_create(request):
    """HQ: every branch's report of the year, one task each, and one zip at the end."""
    access = request.access
    if not (access.is_admin or access.is_officer):
        raise PermissionDenied(_("Only headquarters downloads every branch's reports at once."))
    year = _parsed_year(request.POST.get("year"), None)
    if year is None:
        raise Http404
    try:
        bundle = request_bundle(request.user, year, access.branches().order_by("path"))
    except QueueUnavailable:
        _queue_down(request)
        return redirect(f"{reverse('reports:index')}?year={year}")
    return redirect(bundle)


def _bundle(request, pk):
    return get_object_or_404(ReportBundle.objects.filter(requested_by=request.user), pk=pk)


@require_safe
@login_required
def bundle_detail(request, pk):
    bundle = _bundle(request, pk).show_stale_as_failed()
    finished, total = bundle_progress(bundle)
    template = "reports/_bundle_state.html" if request.htmx else "reports/bundle_detail.html"
    return render(
        request,
        template,
        {
            "bundle": bundle,
            "finished": finished,
            "total": total,
            "percent": finished * 100 // (total or 1),
        },
    )


@require_safe
@login_required
def bundle_download(request, pk):
    bundle = _bundle(request, pk)
    if not bundle.zip:
        raise Http404
    return FileResponse(
        bundle.zip.open("rb"),
        as_attachment=True,
        filename=_("party-building-reports-%(year)s.zip") % {"year": bundle.year},
        content_type="application/zip",
    )
