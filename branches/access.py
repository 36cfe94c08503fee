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

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _

from .models import Member, Officer, Organization, PartnerOrganization


class Access:
    def __init__(self, user):
        self.user = user

    @cached_property
    def is_admin(self):
        return self.user.is_authenticated and self.user.is_active and self.user.is_superuser

    @cached_property
    def officer(self):
        if not self.user.is_authenticated:
            return None
        return Officer.objects.select_related("organization").filter(user=self.user).first()

    @cached_property
    def member(self):
        """The user's own active member record, if any."""
        if not self.user.is_authenticated:
            return None
        return Member.objects.active().select_related("branch").filter(user=self.user).first()

    @property
    def is_officer(self):
        return self.officer is not None

    @property
    def is_committee(self):
        return self.member is not None and self.member.is_committee

    # --- what may be seen -------------------------------------------------------------

    def organizations(self):
        """Every organization the user may look at, branches and the levels above."""
        if self.is_admin:
            return Organization.objects.all()
        if self.officer:
            return Organization.objects.within(self.officer.organization)
        if self.member:
            return Organization.objects.filter(pk=self.member.branch_id)
        return Organization.objects.none()

    def branches(self):
        return self.organizations().branches()

    def reminders(self):
        """The user's own reminders (rectifications' notifications), about items of
        branches he may still see."""
        return self.scope(self.user.notifications.all(), "item__branch")

    def partners(self):
        """The partner directory (共建单位) the user may see: his own headquarters', which
        its branches share; another company's partners and their contacts never."""
        if self.is_admin:
            return PartnerOrganization.objects.all()
        home = self.officer.organization if self.officer else getattr(self.member, "branch", None)
        if home is None:
            return PartnerOrganization.objects.none()
        return PartnerOrganization.objects.of_headquarters(home)

    def scope(self, queryset, branch_field="branch"):
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

    def get_or_404(self, queryset, branch_field="branch", **lookup):
        return get_object_or_404(self.scope(queryset, branch_field), **lookup)

    def branch_or_404(self, pk):
        return get_object_or_404(self.branches(), pk=pk)

    # --- what may be done -------------------------------------------------------------

    def can_edit(self, branch):
        """Create and change a branch's records: its committee, or an administrator."""
        if self.is_admin:
            return True
        return self.is_committee and self.member.branch_id == branch.pk

    def require_edit(self, branch):
        """Refuse, saying why, whoever may look at the branch's records but not change them
        (its members and its HQ: anyone else was answered 404 before)."""
        if not self.can_edit(branch):
            raise PermissionDenied(
                _("Only the branch committee changes its records; you may look at them.")
            )

    def can_oversee(self, branch):
        """Close rectification items and render reports: the branch's committee or its HQ."""
        if self.can_edit(branch):
            return True
        return self.officer is not None and self.officer.organization.contains(branch)

    def require_oversee(self, branch):
        if not self.can_oversee(branch):
            raise PermissionDenied(
                _("Exports and annual reports are for the branch committee and headquarters.")
            )

    def can_progress(self, item):
        """Move a rectification item forward and report on it: its owner or the committee."""
        if self.can_edit(item.branch):
            return True
        return self.member is not None and item.owner_id == self.member.pk

    def can_verify(self, item):
        """Close a rectification item (销号) or send it back: the committee or its HQ, but
        never the item's own owner (an administrator excepted): nobody signs off his
        own rectification."""
        if not self.is_admin and self.member is not None and item.owner_id == self.member.pk:
            return False
        return self.can_oversee(item.branch)

    def item_moves(self, item):
        """The steps this user may take on a rectification item now."""
        return [
            move
            for move in item.possible_moves()
            if (self.can_verify(item) if move.verifies else self.can_progress(item))
        ]

    def can_complete(self, responsibility):
        """Mark its key nodes done: the branch's committee or a member it is assigned to."""
        if self.can_edit(responsibility.branch):
            return True
        return self.member is not None and responsibility.members.filter(pk=self.member.pk).exists()


class AccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.access = SimpleLazyObject(lambda: Access(request.user))
        return self.get_response(request)
