from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.deletion import confirm_delete
from core.models import EditConflict
from core.years import offered_years, parse_year

from ..forms import StudyPlanItemForm
from ..models import Activity, Meeting, StudyPlan, StudyPlanItem


def _check_year(year):
    if parse_year(year) is None:
        raise Http404


@require_safe
@login_required
def study_plan(request, branch_pk, year):
    _check_year(year)
    branch = request.access.branch_or_404(branch_pk)
    plan = StudyPlan.objects.filter(branch=branch, year=year).first()
    items = []
    if plan is not None:
        items = (
            plan.items.with_fulfilment()
            .select_related("owner")
            .prefetch_related(
                Prefetch("meetings", queryset=Meeting.objects.order_by("held_on")),
                Prefetch("activities", queryset=Activity.objects.order_by("held_on")),
            )
            .order_by("month", "pk")
        )
    done = sum(1 for item in items if item.is_fulfilled)
    return render(
        request,
        "activities/study_plan.html",
        {
            "branch": branch,
            "plan": plan,
            "year": year,
            "items": items,
            "done": done,
            "planned": len(items),
            "years": offered_years([branch], ahead=1),
            "can_edit": request.access.can_edit(branch),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def study_item_create(request, branch_pk, year):
    _check_year(year)
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_edit(branch)
    plan = StudyPlan.objects.filter(branch=branch, year=year).first() or StudyPlan(
        branch=branch, year=year
    )
    return _item_form(request, StudyPlanItem(plan=plan, month=timezone.localdate().month))


@require_http_methods(["GET", "POST"])
@login_required
def study_item_edit(request, pk):
    item = request.access.get_or_404(
        StudyPlanItem.objects.select_related("plan__branch"), branch_field="plan__branch", pk=pk
    )
    request.access.require_edit(item.plan.branch)
    return _item_form(request, item)


@require_http_methods(["GET", "POST"])
@login_required
def study_item_delete(request, pk):
    item = request.access.get_or_404(
        StudyPlanItem.objects.select_related("plan__branch"), branch_field="plan__branch", pk=pk
    )
    return confirm_delete(request, item, item.plan.get_absolute_url())


def _item_form(request, item):
    form = StudyPlanItemForm(request.POST or None, instance=item)
    if form.is_valid():
        try:
            with transaction.atomic():
                if item.plan.pk is None:
                    item.plan, _created = StudyPlan.objects.get_or_create(
                        branch=item.plan.branch, year=item.plan.year
                    )
                form.save_claimed(request.user)
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        else:
            messages.success(request, _("The study plan item was saved."))
            return redirect(item.plan)
    return render(
        request,
        "activities/study_item_form.html",
        {"branch": item.plan.branch, "plan": item.plan, "item": item, "form": form},
    )
