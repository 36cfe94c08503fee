from typing import Any, Protocol

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .requests import LedgerRequest


class BranchRecord(Protocol):
    """A record of one branch (a meeting, an honour …)."""

    @property
    def branch(self) -> Any: ...  # an Organization

    def delete(self) -> object: ...


def confirm_delete(request: LedgerRequest, record: BranchRecord, back_to: str) -> HttpResponse:
    """Ask first (GET), then delete (POST). The record's history keeps what it was and who
    deleted it; its attachments go with it."""
    request.access.require_edit(record.branch)
    if request.method == "POST":
        label = str(record)
        record.delete()
        messages.success(request, _("“%(record)s” was deleted.") % {"record": label})
        return redirect(back_to)
    return render(request, "snippets/confirm_delete.html", {"record": record})
