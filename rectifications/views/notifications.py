from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from activities.inbox import inbox


def _notifications(request):
    """The user's own reminders, about items he may still see."""
    return request.access.scope(request.user.notifications.all(), "item__branch")


@login_required
def notification_list(request):
    notifications = _notifications(request).select_related("item__checklist", "item__owner")
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    member = request.access.member
    return render(
        request,
        "rectifications/notification_list.html",
        {
            "page": page,
            "today": today,
            "inbox": inbox(request.access, member.branch, today) if member else None,
        },
    )


@require_POST
@login_required
def notifications_read(request):
    _notifications(request).unread().update(read_at=timezone.now())
    return redirect("rectifications:notifications")
