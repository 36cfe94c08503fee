from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from branches.access import AccessRequest

from ..inbox import inbox


@require_safe
@login_required
def notification_list(request: AccessRequest) -> HttpResponse:
    notifications = request.access.reminders().select_related("item__checklist", "item__owner")
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    member = request.access.member
    return render(
        request,
        "overview/reminders.html",
        {
            "page": page,
            "today": today,
            "inbox": inbox(request.access, member.branch, today) if member else None,
        },
    )
