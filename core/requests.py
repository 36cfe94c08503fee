"""The request the ledger's views are given: branches.access.AccessMiddleware sets its
`access`. Core imports no project app, so it knows that only by what it asks of it."""

from typing import Any, Protocol

from django.http import HttpRequest


class EditAccess(Protocol):
    def require_edit(self, branch: Any) -> None:
        """Refuse whoever may not change the records of `branch` (an Organization)."""


class LedgerRequest(HttpRequest):
    access: EditAccess
