from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from activities.compliance import branch_record
from branches.access import AccessRequest
from branches.models import Member
from core.history import history_of
from core.periods import Frequency, Period
from responsibilities.models import Milestone, Responsibility

from ..inbox import inbox


@require_safe
@login_required
def home(request: AccessRequest) -> HttpResponse:
    """Send each user to the page their role starts from."""
    access = request.access
    if access.is_admin or access.is_officer:
        return redirect("overview:board")
    if access.is_committee:
        return redirect("overview:branch", access.member.branch_id)  # type: ignore[union-attr]  # a committee member
    if access.member:
        return redirect("responsibilities:mine")
    return render(request, "overview/no_role.html")


@require_safe
@login_required
def branch_detail(request: AccessRequest, pk: int) -> HttpResponse:
    branch = request.access.branch_or_404(pk)
    members = branch.members.active()
    milestones = (
        Milestone.objects.open()
        .filter(responsibility__branch=branch)
        .select_related("responsibility")[:8]
    )
    today = timezone.localdate()
    record = branch_record(branch, today.year)
    month = Period.containing(Frequency.MONTH, today)
    quarter = Period.containing(Frequency.QUARTER, today)
    open_items = branch.rectification_items.open()
    item_counts = open_items.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today))
    )
    context = {
        "branch": branch,
        "inbox": inbox(request.access, branch, today, record),
        "can_edit": request.access.can_edit(branch),
        "can_oversee": request.access.can_oversee(branch),
        "this_month": (month, record.obligations(month, today, nested=False)),
        "this_quarter": (quarter, record.obligations(quarter, today, nested=False)),
        "this_year": (
            today.year,
            record.obligations(Period(Frequency.YEAR, today.year), today, nested=False),
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
    return render(request, "overview/branch.html", context)
