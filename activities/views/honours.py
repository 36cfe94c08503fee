from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from attachments.history import history_with_files
from attachments.models import Attachment
from core.deletion import confirm_delete
from core.models import EditConflict
from core.spreadsheets import xlsx_response

from ..exports import honours_xlsx
from ..filters import HonourFilter
from ..forms import HonourForm
from ..models import Honour


def _filtered_honours(request, branch):
    honour_filter = HonourFilter(request.GET or None, queryset=branch.honours.all(), branch=branch)
    return honour_filter, honour_filter.qs


@require_safe
@login_required
def honour_list(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    honour_filter, honours = _filtered_honours(request, branch)
    totals = [
        (Honour.Kind(row["kind"]).label, row["count"], Honour.UNITS[row["kind"]])
        for row in honours.order_by()
        .values("kind")
        .annotate(count=Sum("quantity"))
        .order_by("kind")
    ]
    page = Paginator(honours.order_by("-awarded_on", "-pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/honour_list.html",
        {
            "branch": branch,
            "filter": honour_filter,
            "page": page,
            "totals": totals,
            "can_edit": request.access.can_edit(branch),
            "can_export": request.access.can_oversee(branch),
        },
    )


@require_safe
@login_required
def honour_export(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_oversee(branch)
    _filter, honours = _filtered_honours(request, branch)
    filename = f"honours-{branch.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(honours_xlsx(honours.order_by("awarded_on", "pk")), filename)


@require_safe
@login_required
def honour_detail(request, pk):
    honour = request.access.get_or_404(Honour.objects.select_related("branch"), pk=pk)
    return render(
        request,
        "activities/honour_detail.html",
        {
            "honour": honour,
            "members": honour.members.order_by("name"),
            "attachments": Attachment.objects.of(honour),
            "removed_attachments": Attachment.with_removed.of(honour).restorable(),
            "can_edit": request.access.can_edit(honour.branch),
            "history": history_with_files(honour),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def honour_create(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    return _honour_form(request, Honour(branch=branch, awarded_on=timezone.localdate()))


@require_http_methods(["GET", "POST"])
@login_required
def honour_edit(request, pk):
    honour = request.access.get_or_404(Honour.objects.select_related("branch"), pk=pk)
    return _honour_form(request, honour)


@require_http_methods(["GET", "POST"])
@login_required
def honour_delete(request, pk):
    honour = request.access.get_or_404(Honour.objects.select_related("branch"), pk=pk)
    return confirm_delete(
        request, honour, reverse("activities:honour_list", args=[honour.branch_id])
    )


def _honour_form(request, honour):
    request.access.require_edit(honour.branch)
    form = HonourForm(
        request.POST or None, request.FILES or None, instance=honour, uploader=request.user
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                honour = form.save_claimed(request.user)
                Attachment.objects.attach(honour, form.files_to_attach(), request.user)
        except EditConflict as conflict:
            # Files change nothing the other editor wrote: keep them, only the text is redone.
            kept = Attachment.objects.attach(conflict.current, form.files_to_attach(), request.user)
            form.show_conflict(conflict.current, photos_kept=len(kept))
        else:
            messages.success(request, _("“%(title)s” was saved.") % {"title": honour.title})
            return redirect(honour)
    elif form.is_bound:
        form.keep_uploads()
    return render(
        request,
        "activities/honour_form.html",
        {
            "branch": honour.branch,
            "honour": honour,
            "form": form,
            "attachments": Attachment.objects.of(honour) if honour.pk else [],
        },
    )
