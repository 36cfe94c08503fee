from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .models import Attachment


@require_safe
@login_required
def attachment_file(request, pk):
    attachment = request.access.get_or_404(Attachment.objects.all(), pk=pk)
    # Photos were re-encoded here and hold nothing but pixels: they may be shown in a
    # page. A PDF is kept as it came and may carry JavaScript, which a browser's PDF
    # viewer would run in this site's origin, sandbox or not: it is only ever downloaded.
    inline = attachment.is_image and "download" not in request.GET
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.mime_type,
        as_attachment=not inline,
        filename=attachment.download_name(),
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def attachment_delete(request, pk):
    """Ask first (GET), then remove (POST). A removed file is left out of every page, list
    and report; the record's history says who removed it, and its branch's committee
    may restore it for ATTACHMENT_RESTORE_DAYS."""
    attachment = request.access.get_or_404(Attachment.objects.all(), pk=pk)
    request.access.require_edit(attachment.branch)
    if not attachment.is_removable:
        raise PermissionDenied(_("Evidence of a rectification step or a closed item stays."))
    target = attachment.target
    if request.method != "POST":
        return render(
            request,
            "attachments/confirm_remove.html",
            {
                "attachment": attachment,
                "target": target,
                "restore_days": settings.ATTACHMENT_RESTORE_DAYS,
            },
        )
    attachment.remove(request.user)
    messages.success(
        request,
        _("“%(name)s” was removed. It can be restored on this page until %(date)s.")
        % {
            "name": attachment.original_name,
            "date": date_format(localtime(attachment.restorable_until()), "DATE_FORMAT"),
        },
    )
    return redirect(target)


@require_POST
@login_required
def attachment_restore(request, pk):
    attachment = request.access.get_or_404(Attachment.with_removed.restorable(), pk=pk)
    request.access.require_edit(attachment.branch)
    attachment.restore(request.user)
    messages.success(request, _("“%(name)s” was restored.") % {"name": attachment.original_name})
    return redirect(attachment.target)
