from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.history import history_of

from .forms import MilestoneDoneForm, MilestoneForm, ResponsibilityForm
from .models import Milestone, Responsibility

MILESTONES_BY_DUE_DATE = Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk"))


def _responsibility_or_404(request, pk):
    return request.access.get_or_404(Responsibility.objects.select_related("branch"), pk=pk)


def _milestone_or_404(request, pk):
    return request.access.get_or_404(
        Milestone.objects.select_related("responsibility__branch"),
        branch_field="responsibility__branch",
        pk=pk,
    )


@require_safe
@login_required
def responsibility_list(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    responsibilities = branch.responsibilities.prefetch_related(
        "members", MILESTONES_BY_DUE_DATE
    ).order_by("kind", "name")
    kind = request.GET.get("kind")
    if kind in Responsibility.Kind.values:
        responsibilities = responsibilities.filter(kind=kind)
    else:
        kind = None
    return render(
        request,
        "responsibilities/responsibility_list.html",
        {
            "branch": branch,
            "responsibilities": responsibilities,
            "kinds": Responsibility.Kind.choices,
            "kind": kind,
            "can_edit": request.access.can_edit(branch),
        },
    )


@require_safe
@login_required
def responsibility_detail(request, pk):
    responsibility = _responsibility_or_404(request, pk)
    milestones = responsibility.milestones.select_related("done_by").order_by("due_on", "pk")
    return render(
        request,
        "responsibilities/responsibility_detail.html",
        {
            "responsibility": responsibility,
            "members": responsibility.members.order_by("name"),
            "milestones": milestones,
            "can_complete": request.access.can_complete(responsibility),
            "can_edit": request.access.can_edit(responsibility.branch),
            "history": history_of(responsibility),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def responsibility_create(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    initial = {"kind": request.GET.get("kind")}
    return _responsibility_form(request, branch, Responsibility(), initial)


@require_http_methods(["GET", "POST"])
@login_required
def responsibility_edit(request, pk):
    responsibility = _responsibility_or_404(request, pk)
    return _responsibility_form(request, responsibility.branch, responsibility)


def _responsibility_form(request, branch, responsibility, initial=None):
    request.access.require_edit(branch)
    form = ResponsibilityForm(
        request.POST or None, instance=responsibility, branch=branch, initial=initial
    )
    if form.is_valid():
        responsibility = form.save()
        messages.success(request, _("“%(name)s” was saved.") % {"name": responsibility.name})
        return redirect(responsibility)
    return render(
        request,
        "responsibilities/responsibility_form.html",
        {"branch": branch, "form": form, "responsibility": responsibility},
    )


@require_http_methods(["GET", "POST"])
@login_required
def milestone_create(request, pk):
    responsibility = _responsibility_or_404(request, pk)
    return _milestone_form(request, responsibility, Milestone(responsibility=responsibility))


@require_http_methods(["GET", "POST"])
@login_required
def milestone_edit(request, pk):
    milestone = _milestone_or_404(request, pk)
    return _milestone_form(request, milestone.responsibility, milestone)


def _milestone_form(request, responsibility, milestone):
    request.access.require_edit(responsibility.branch)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if form.is_valid():
        form.save()
        messages.success(request, _("The key node was saved."))
        return redirect(responsibility)
    return render(
        request,
        "responsibilities/milestone_form.html",
        {"responsibility": responsibility, "form": form, "milestone": milestone},
    )


@require_http_methods(["GET", "POST"])
@login_required
def milestone_done(request, pk):
    milestone = _milestone_or_404(request, pk)
    if not request.access.can_complete(milestone.responsibility):
        raise PermissionDenied(
            _("Key nodes are marked done by the members they are assigned to or the committee.")
        )
    if milestone.done_on:
        messages.info(request, _("“%(title)s” is already done.") % {"title": milestone.title})
        return redirect(milestone.responsibility)
    form = MilestoneDoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if form.is_valid():
        milestone.mark_done(request.user, form.cleaned_data["note"], form.cleaned_data["done_on"])
        messages.success(request, _("“%(title)s” is marked done.") % {"title": milestone.title})
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(next_url)
        return redirect(milestone.responsibility)
    return render(
        request, "responsibilities/milestone_done.html", {"milestone": milestone, "form": form}
    )


@require_safe
@login_required
def mine(request):
    """我的责任与任务: the member's open rectification items, earliest deadline first, and his
    posts, zones and teams, next key node first."""
    member = request.access.member
    responsibilities, items = [], []
    if member is not None:
        items = (
            member.rectification_items.open().select_related("checklist").order_by("deadline", "pk")
        )
        responsibilities = (
            Responsibility.objects.filter(members=member)
            .current()
            .select_related("branch")
            .prefetch_related(MILESTONES_BY_DUE_DATE)
            .with_next_milestone_due()
            .order_by(F("next_due_on").asc(nulls_last=True), "name")
        )
    return render(
        request,
        "responsibilities/mine.html",
        {
            "member": member,
            "responsibilities": responsibilities,
            "items": items,
            "today": timezone.localdate(),
        },
    )
