from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from branches.access import AccessRequest
from branches.models import Member
from core.history import history_of
from core.periods import Frequency, Period
from core.years import offered_years, parse_year


@require_safe
@login_required
def member_detail(request: AccessRequest, pk: int) -> HttpResponse:
    member = request.access.get_or_404(
        Member.objects.select_related("branch", "group", "user"), pk=pk
    )
    this_year = timezone.localdate().year
    # By default the latest year he was asked to a meeting, not an empty new year.
    latest = member.attendance.aggregate(latest=Max("meeting__held_on"))["latest"]
    year = parse_year(request.GET.get("year"), latest.year if latest else this_year)
    quarter = request.GET.get("quarter")
    if quarter in {"1", "2", "3", "4"}:
        period = Period(Frequency.QUARTER, year, int(quarter))
    else:
        period = Period(Frequency.YEAR, year)
    attendance = list(
        member.attendance.filter(meeting__held_on__range=(period.start, period.end))
        .select_related("meeting")
        .order_by("-meeting__held_on", "-meeting__pk")
    )
    counted = [row for row in attendance if row.meeting.takes_attendance]
    present = sum(1 for row in counted if row.is_present)
    return render(
        request,
        "overview/member.html",
        {
            "member": member,
            "can_edit": request.access.can_edit(member.branch),
            "responsibilities": member.responsibilities.all(),
            "year": year,
            "years": sorted({*offered_years([member.branch]), year}, reverse=True),
            "quarter": period.number if period.kind == Frequency.QUARTER else None,
            "attendance": attendance,
            "attendance_rate": present / len(counted) if counted else None,
            "history": history_of(member),
        },
    )
