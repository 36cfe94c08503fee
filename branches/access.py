"""The one place that decides what a user may see and do.

Views never filter by branch themselves: they ask `request.access` for the scoped
queryset and for permission to change a branch's records. Asking for another branch's
record by id therefore finds nothing and answers 404.

Roles (DESIGN §6):
- administrator: a superuser; sees and edits everything.
- HQ officer: an `Officer` on a 党委/党总支; reads every branch in that subtree.
- committee member (书记, 支委): an active `Member` with a committee role; edits own branch.
- member: an active `Member`; reads own branch, moves forward what is assigned to him.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Manager, Model, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _

from core.requests import LedgerRequest

from .models import Member, Officer, Organization, OrganizationQuerySet, PartnerOrganization

if TYPE_CHECKING:
    # django-stubs' name for the AUTH_USER_MODEL or AnonymousUser: accounts shares this
    # layer, so branches does not import it.
    from django.contrib.auth.models import _AnyUser, _User

_M = TypeVar("_M", bound=Model)


# What access asks of the records of the apps above branches, which it does not import.
class Move(Protocol):
    @property
    def verifies(self) -> bool: ...


class RectificationItem(Protocol):
    @property
    def branch(self) -> Organization: ...

    @property
    def owner_id(self) -> int | None: ...

    def possible_moves(self) -> Iterable[Move]: ...


class Responsibility(Protocol):
    @property
    def branch(self) -> Organization: ...

    @property
    def members(self) -> Manager[Member]: ...


class Access:
    def __init__(self, user: _AnyUser) -> None:
        self.user = user

    @cached_property
    def is_admin(self) -> bool:
        return self.user.is_authenticated and self.user.is_active and self.user.is_superuser

    @cached_property
    def officer(self) -> Officer | None:
        if not self.user.is_authenticated:
            return None
        return Officer.objects.select_related("organization").filter(user=self.user).first()

    @cached_property
    def member(self) -> Member | None:
        """The user's own active member record, if any."""
        if not self.user.is_authenticated:
            return None
        return Member.objects.active().select_related("branch").filter(user=self.user).first()

    @property
    def is_officer(self) -> bool:
        return self.officer is not None

    @property
    def is_committee(self) -> bool:
        return self.member is not None and self.member.is_committee

    # --- what may be seen -------------------------------------------------------------

    def organizations(self) -> OrganizationQuerySet:
        """Every organization the user may look at, branches and the levels above."""
        if self.is_admin:
            return Organization.objects.all()
        if self.officer:
            return Organization.objects.within(self.officer.organization)
        if self.member:
            return Organization.objects.filter(pk=self.member.branch_id)
        return Organization.objects.none()

    def branches(self) -> OrganizationQuerySet:
        return self.organizations().branches()

    def reminders(self) -> QuerySet[Model]:
        """The user's own reminders (rectifications' notifications), about items of
        branches he may still see."""
        user = cast("_User", self.user)  # asked for on pages for signed-in users only
        return self.scope(user.notifications.all(), "item__branch")

    def partners(self) -> QuerySet[PartnerOrganization]:
        """The partner directory (共建单位) the user may see: his own headquarters', which
        its branches share; another company's partners and their contacts never."""
        if self.is_admin:
            return PartnerOrganization.objects.all()
        home = self.officer.organization if self.officer else getattr(self.member, "branch", None)
        if home is None:
            return PartnerOrganization.objects.none()
        return PartnerOrganization.objects.of_headquarters(home)

    def scope(self, queryset: QuerySet[_M], branch_field: str = "branch") -> QuerySet[_M]:
        """Narrow any queryset of branch records to the branches the user may see."""
        if self.is_admin:
            return queryset
        if self.officer:
            return queryset.filter(
                **{f"{branch_field}__in": Organization.objects.within(self.officer.organization)}
            )
        if self.member:
            return queryset.filter(**{branch_field: self.member.branch_id})
        return queryset.none()

    def get_or_404(self, queryset: QuerySet[_M], branch_field: str = "branch", **lookup: Any) -> _M:
        return get_object_or_404(self.scope(queryset, branch_field), **lookup)

    def branch_or_404(self, pk: int) -> Organization:
        return get_object_or_404(self.branches(), pk=pk)

    # --- what may be done -------------------------------------------------------------

    def can_edit(self, branch: Organization) -> bool:
        """Create and change a branch's records: its committee, or an administrator."""
        if self.is_admin:
            return True
        # is_committee: self.member is set.
        return self.is_committee and self.member.branch_id == branch.pk  # type: ignore[union-attr]

    def require_edit(self, branch: Organization) -> None:
        """Refuse, saying why, whoever may look at the branch's records but not change them
        (its members and its HQ: anyone else was answered 404 before)."""
        if not self.can_edit(branch):
            raise PermissionDenied(
                _("Only the branch committee changes its records; you may look at them.")
            )

    def can_oversee(self, branch: Organization) -> bool:
        """Close rectification items and render reports: the branch's committee or its HQ."""
        if self.can_edit(branch):
            return True
        return self.officer is not None and self.officer.organization.contains(branch)

    def require_oversee(self, branch: Organization) -> None:
        if not self.can_oversee(branch):
            raise PermissionDenied(
                _("Exports and annual reports are for the branch committee and headquarters.")
            )

    def can_progress(self, item: RectificationItem) -> bool:
        """Move a rectification item forward and report on it: its owner or the committee."""
        if self.can_edit(item.branch):
            return True
        return self.member is not None and item.owner_id == self.member.pk

    def can_verify(self, item: RectificationItem) -> bool:
        """Close a rectification item (销号) or send it back: the committee or its HQ, but
        never the item's own owner (an administrator excepted): nobody signs off his
        own rectification."""
        if not self.is_admin and self.member is not None and item.owner_id == self.member.pk:
            return False
        return self.can_oversee(item.branch)

    def item_moves(self, item: RectificationItem) -> list[Move]:
        """The steps this user may take on a rectification item now."""
        return [
            move
            for move in item.possible_moves()
            if (self.can_verify(item) if move.verifies else self.can_progress(item))
        ]

    def can_complete(self, responsibility: Responsibility) -> bool:
        """Mark its key nodes done: the branch's committee or a member it is assigned to."""
        if self.can_edit(responsibility.branch):
            return True
        return self.member is not None and responsibility.members.filter(pk=self.member.pk).exists()


class AccessRequest(LedgerRequest):
    """A request past AccessMiddleware, as every view is given it."""

    access: Access


class AccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # An Access made on first use; this is what makes the request an AccessRequest.
        request.access = SimpleLazyObject(lambda: Access(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)
