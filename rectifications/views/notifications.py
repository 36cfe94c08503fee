from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST


@require_POST
@login_required
def notifications_read(request):
    request.access.reminders().unread().update(read_at=timezone.now())
    return redirect("overview:reminders")
