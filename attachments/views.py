from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Attachment


@login_required
def attachment_file(request, pk):
    attachment = request.access.get_or_404(Attachment.objects.all(), pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.mime_type,
        as_attachment="download" in request.GET,
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    # A PDF is accepted on its header alone; opened inline, it must not run scripts.
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_POST
@login_required
def attachment_delete(request, pk):
    attachment = request.access.get_or_404(Attachment.objects.prefetch_related("target"), pk=pk)
    request.access.require_edit(attachment.branch)
    target = attachment.target
    attachment.delete()  # the file stays on disk: the record's history still names it
    messages.success(request, _("“%(name)s” was removed.") % {"name": attachment})
    return redirect(target)
