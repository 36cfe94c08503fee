from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
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

from ..exports import activities_xlsx
from ..filters import ActivityFilter
from ..forms import ActivityForm
from ..models import Activity


def _filtered_activities(request, branch):
    activities = branch.activities.prefetch_related("partners").order_by("-held_on", "-pk")
    activity_filter = ActivityFilter(request.GET or None, queryset=activities, branch=branch)
    return activity_filter, activity_filter.qs


@require_safe
@login_required
def activity_list(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    activity_filter, activities = _filtered_activities(request, branch)
    page = Paginator(activities, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/activity_list.html",
        {
            "branch": branch,
            "filter": activity_filter,
            "page": page,
            "can_edit": request.access.can_edit(branch),
            "can_export": request.access.can_oversee(branch),
        },
    )


@require_safe
@login_required
def activity_export(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_oversee(branch)
    _filter, activities = _filtered_activities(request, branch)
    activities = activities.prefetch_related("members").order_by("held_on", "pk")
    filename = f"activities-{branch.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(activities_xlsx(activities), filename)


@require_safe
@login_required
def activity_detail(request, pk):
    activity = request.access.get_or_404(
        Activity.objects.select_related("branch", "study_plan_item__plan"), pk=pk
    )
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "partners": activity.partners.all(),
            "checklists": activity.checklists.all(),
            "members": activity.members.order_by("name"),
            "attachments": Attachment.objects.of(activity),
            "removed_attachments": Attachment.with_removed.of(activity).restorable(),
            "can_edit": request.access.can_edit(activity.branch),
            "history": history_with_files(activity),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    kind = request.GET.get("kind")
    activity = Activity(
        branch=branch,
        held_on=timezone.localdate(),
        kind=kind if kind in Activity.Kind.values else "",
    )
    return _activity_form(request, activity)


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request, pk):
    activity = request.access.get_or_404(Activity.objects.select_related("branch"), pk=pk)
    return _activity_form(request, activity)


@require_http_methods(["GET", "POST"])
@login_required
def activity_delete(request, pk):
    activity = request.access.get_or_404(Activity.objects.select_related("branch"), pk=pk)
    return confirm_delete(
        request, activity, reverse("activities:activity_list", args=[activity.branch_id])
    )


def _activity_form(request, activity):
    request.access.require_edit(activity.branch)
    form = ActivityForm(
        request.POST or None, request.FILES or None, instance=activity, uploader=request.user
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                activity = form.save_claimed(request.user)
                Attachment.objects.attach(
                    activity, form.files_to_attach(), request.user, form.cleaned_data["caption"]
                )
        except EditConflict as conflict:
            # Photos change nothing the other editor wrote: keep them, only the text is redone.
            kept = Attachment.objects.attach(
                conflict.current,
                form.files_to_attach(),
                request.user,
                form.cleaned_data["caption"],
            )
            form.show_conflict(conflict.current, photos_kept=len(kept))
        else:
            messages.success(request, _("“%(title)s” was saved.") % {"title": activity.title})
            return redirect(activity)
    elif form.is_bound:
        form.keep_uploads()
    return render(
        request,
        "activities/activity_form.html",
        {
            "branch": activity.branch,
            "activity": activity,
            "form": form,
            "attachments": Attachment.objects.of(activity) if activity.pk else [],
        },
    )
