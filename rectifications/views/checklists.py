from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from activities.models import Activity, ComplianceRule, Meeting
from core.history import history_of
from core.models import EditConflict
from core.periods import Period
from core.spreadsheets import SpreadsheetError, xlsx_response
from core.years import offered_years, parse_year

from .. import ledger
from ..forms import ChecklistForm, ImportForm
from ..models import Checklist

SOURCE_OF_ACTIVITY = {Activity.Kind.SAFETY_CHECK: Checklist.Source.SAFETY_CHECK}
SOURCE_OF_MEETING = {Meeting.Kind.LIFE_MEETING: Checklist.Source.LIFE_MEETING}


def _checklist_or_404(request, pk):
    return request.access.get_or_404(Checklist.objects.select_related("branch"), pk=pk)


@require_safe
@login_required
def checklist_list(request, branch_pk):
    """The branch's checklists with their numbers; the branch's numbers for a year."""
    branch = request.access.branch_or_404(branch_pk)
    year = parse_year(request.GET.get("year"))  # None: every year
    checklists = branch.checklists.order_by("-starts_on", "-pk")
    items = branch.rectification_items.all()
    if year:
        period = Period(ComplianceRule.Frequency.YEAR, year)
        checklists = checklists.filter(items__found_on__year=year).distinct()
        items = items.found_between(period.start, period.end)
    page = Paginator(checklists, 25).get_page(request.GET.get("page"))
    numbers = items.filter(checklist__in=[c.pk for c in page]).numbers_by("checklist")
    return render(
        request,
        "rectifications/checklist_list.html",
        {
            "branch": branch,
            "page": page,
            "rows": [(checklist, numbers.get(checklist.pk)) for checklist in page],
            "totals": items.numbers(),
            "year": year,
            "years": offered_years([branch]),
            "can_edit": request.access.can_edit(branch),
        },
    )


@require_safe
@login_required
def checklist_detail(request, pk):
    checklist = _checklist_or_404(request, pk)
    items = list(checklist.items.select_related("owner").order_by("number"))
    return render(
        request,
        "rectifications/checklist_detail.html",
        {
            "checklist": checklist,
            "items": items,
            "numbers": checklist.items.numbers(),
            "today": timezone.localdate(),
            "can_edit": request.access.can_edit(checklist.branch),
            "can_export": request.access.can_oversee(checklist.branch),
            "history": history_of(checklist),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def checklist_create(request, branch_pk):
    """A new checklist, started from a 组织生活会 or safety check when one is given."""
    branch = request.access.branch_or_404(branch_pk)
    checklist = Checklist(branch=branch, starts_on=timezone.localdate())
    record = None
    if request.GET.get("meeting", "").isdecimal():
        record = checklist.meeting = branch.meetings.filter(pk=request.GET["meeting"]).first()
        sources = SOURCE_OF_MEETING
    elif request.GET.get("activity", "").isdecimal():
        record = checklist.activity = branch.activities.filter(pk=request.GET["activity"]).first()
        sources = SOURCE_OF_ACTIVITY
    if record is not None:
        checklist.starts_on = record.held_on
        checklist.source = sources.get(record.kind, "")
        checklist.title = _("Problems found: %(record)s") % {"record": record}
    return _checklist_form(request, checklist)


@require_http_methods(["GET", "POST"])
@login_required
def checklist_edit(request, pk):
    return _checklist_form(request, _checklist_or_404(request, pk))


def _checklist_form(request, checklist):
    request.access.require_edit(checklist.branch)
    form = ChecklistForm(request.POST or None, instance=checklist)
    if form.is_valid():
        try:
            with transaction.atomic():
                checklist = form.save_claimed(request.user)
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        else:
            messages.success(request, _("“%(title)s” was saved.") % {"title": checklist.title})
            return redirect(checklist)
    return render(
        request, "rectifications/checklist_form.html", {"checklist": checklist, "form": form}
    )


@require_safe
@login_required
def checklist_export(request, pk):
    checklist = _checklist_or_404(request, pk)
    request.access.require_oversee(checklist.branch)
    items = checklist.items.select_related("owner").order_by("number")
    filename = f"rectification-{checklist.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(ledger.ledger_xlsx(items), filename)


@require_safe
@login_required
def import_template(request):
    return xlsx_response(ledger.template_xlsx(), "rectification-import-template.xlsx")


@require_http_methods(["GET", "POST"])
@login_required
def item_import(request, pk):
    """Many items at once from the template or pasted rows: all saved, or none."""
    checklist = _checklist_or_404(request, pk)
    request.access.require_edit(checklist.branch)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if form.is_valid():
        try:
            if form.cleaned_data["file"]:
                rows = ledger.rows_from_file(form.cleaned_data["file"])
            else:
                rows = ledger.rows_from_paste(form.cleaned_data["pasted"])
            result = ledger.import_rows(checklist, rows, request.user)
        except SpreadsheetError as error:
            form.add_error(None, str(error))
        else:
            if not result.errors:
                messages.success(
                    request,
                    _("%(count)d items were added.") % {"count": len(result.created)},
                )
                return redirect(checklist)
    return render(
        request,
        "rectifications/item_import.html",
        {"checklist": checklist, "form": form, "result": result},
    )
