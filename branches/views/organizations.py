from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.inbox import inbox
from activities.ledger_cache import branch_record
from activities.models import ComplianceRule
from branches.forms import BranchProfileForm, PartnerForm, PartyGroupForm
from branches.models import Member, PartyGroup
from core.history import history_of
from core.periods import Period
from responsibilities.models import Milestone, Responsibility


@login_required
def home(request):
    """Send each user to the page their role starts from."""
    access = request.access
    if access.is_admin or access.is_officer:
        return redirect("activities:board")
    if access.is_committee:
        return redirect("branches:detail", access.member.branch_id)
    if access.member:
        return redirect("responsibilities:mine")
    return render(request, "branches/no_role.html")


@login_required
def branch_list(request):
    branches = (
        request.access.branches()
        .select_related("parent")
        .annotate(
            member_count=Count("members", filter=~Q(members__status=Member.Status.TRANSFERRED_OUT))
        )
        .order_by("path")
    )
    query = request.GET.get("q", "").strip()
    if query:
        branches = branches.filter(Q(name__icontains=query) | Q(project_name__icontains=query))
    page = Paginator(branches, 50).get_page(request.GET.get("page"))
    return render(request, "branches/branch_list.html", {"page": page, "query": query})


@login_required
def branch_detail(request, pk):
    branch = request.access.branch_or_404(pk)
    members = branch.members.active()
    milestones = (
        Milestone.objects.open()
        .filter(responsibility__branch=branch)
        .select_related("responsibility")[:8]
    )
    today = timezone.localdate()
    record = branch_record(branch, today.year)
    month = Period.containing(ComplianceRule.Frequency.MONTH, today)
    quarter = Period.containing(ComplianceRule.Frequency.QUARTER, today)
    open_items = branch.rectification_items.open()
    item_counts = open_items.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today))
    )
    context = {
        "branch": branch,
        "inbox": inbox(request.access, branch, today),
        "can_edit": request.access.can_edit(branch),
        "can_oversee": request.access.can_oversee(branch),
        "this_month": (month, record.obligations(month, today, nested=False)),
        "this_quarter": (quarter, record.obligations(quarter, today, nested=False)),
        "this_year": (
            today.year,
            record.obligations(
                Period(ComplianceRule.Frequency.YEAR, today.year), today, nested=False
            ),
        ),
        "today": today,
        "open_items": item_counts["open"],
        "overdue_items": item_counts["overdue"],
        "urgent_items": open_items.select_related("owner").order_by("deadline", "pk")[:5],
        "recent_meetings": branch.meetings.select_related("group").order_by("-held_on", "-pk")[:6],
        "member_counts": members.aggregate(
            total=Count("pk"),
            full=Count("pk", filter=Q(status=Member.Status.FULL)),
            probationary=Count("pk", filter=Q(status=Member.Status.PROBATIONARY)),
        ),
        "committee": members.committee().in_roster_order(),
        "groups": branch.party_groups.annotate(
            member_count=Count("members", filter=~Q(members__status=Member.Status.TRANSFERRED_OUT))
        ).select_related("leader"),
        "responsibility_counts": [
            (Responsibility.Kind(row["kind"]), row["count"])
            for row in branch.responsibilities.values("kind")
            .annotate(count=Count("pk"))
            .order_by("kind")
        ],
        "milestones": milestones,
        "partners": branch.partners.all(),
        "history": history_of(branch),
    }
    return render(request, "branches/branch_detail.html", context)


@login_required
def branch_edit(request, pk):
    branch = request.access.branch_or_404(pk)
    request.access.require_edit(branch)
    form = BranchProfileForm(
        request.POST or None,
        instance=branch,
        partners=request.access.partners().of_headquarters(branch),
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("The branch profile was saved."))
        return redirect(branch)
    return render(request, "branches/branch_form.html", {"branch": branch, "form": form})


@login_required
def partner_add(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_edit(branch)
    form = PartnerForm(request.POST or None)
    if form.is_valid():
        details = dict(form.cleaned_data)
        with transaction.atomic():
            partner, created = request.access.partners().get_or_create(
                headquarters_id=branch.root_id, name=details.pop("name"), defaults=details
            )
            branch.partners.add(partner)
        if created:
            message = _("%(partner)s is now a partner of the branch.")
        else:
            message = _(
                "%(partner)s was known already and is now a partner of the branch; the "
                "contact details on record were kept."
            )
        messages.success(request, message % {"partner": partner.name})
        return redirect(branch)
    return render(request, "branches/partner_form.html", {"branch": branch, "form": form})


@login_required
def group_create(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    return _group_form(request, branch, PartyGroup())


@login_required
def group_edit(request, pk):
    group = get_object_or_404(request.access.scope(PartyGroup.objects.all()), pk=pk)
    return _group_form(request, group.branch, group)


def _group_form(request, branch, group):
    request.access.require_edit(branch)
    form = PartyGroupForm(request.POST or None, instance=group, branch=branch)
    if form.is_valid():
        form.save()
        messages.success(request, _("The party group was saved."))
        return redirect(branch)
    return render(
        request, "branches/group_form.html", {"branch": branch, "form": form, "group": group}
    )
