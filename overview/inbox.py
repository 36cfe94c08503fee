"""What waits on a person in his branch: rectification items for him to verify or to move
forward, key nodes coming due, and the meetings a requirement still asks for before the
month is out. Shown on the branch's page and on his reminders page."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from activities.compliance import BranchRecord, Obligation, Status, branch_record
from branches.access import Access
from branches.models import Organization
from core.periods import Frequency, Period
from rectifications.models import Item
from responsibilities.models import Milestone


@dataclass
class Inbox:
    branch: Organization
    to_verify: list[Item] = field(default_factory=list)  # items 待验收 he may close or send back
    to_move: list[Item] = field(default_factory=list)  # his own items still to rectify
    key_nodes: list[Milestone] = field(default_factory=list)  # open, due soon or overdue
    # Obligations ending this month, unmet.
    requirements: list[Obligation] = field(default_factory=list)

    def __len__(self) -> int:
        return (
            len(self.to_verify) + len(self.to_move) + len(self.key_nodes) + len(self.requirements)
        )


def inbox(
    access: Access, branch: Organization, today: date, record: BranchRecord | None = None
) -> Inbox | None:
    """What waits on the user (the `access` of his request) in `branch`; None when he is
    not one of its members (an HQ officer, an administrator). `record`: the branch's
    BranchRecord of this year, when the page has worked it out already."""
    member = access.member if access.member and access.member.branch_id == branch.pk else None
    if member is None:
        return None
    horizon = today + timedelta(days=settings.INBOX_DAYS_AHEAD)
    key_nodes = (
        Milestone.objects.open()
        .filter(responsibility__branch=branch, due_on__lte=horizon)
        .select_related("responsibility")
        .order_by("due_on", "pk")
    )
    items = branch.rectification_items.select_related("owner").order_by("deadline", "pk")
    if not access.can_edit(branch):
        return Inbox(
            branch,
            to_move=list(items.open().filter(owner=member).exclude(status=Item.Status.AWAITING)),
            key_nodes=list(key_nodes.filter(responsibility__members=member)),
        )
    return Inbox(
        branch,
        # The committee verifies, never its own items (Access.can_verify).
        to_verify=list(items.filter(status=Item.Status.AWAITING).exclude(owner=member)),
        to_move=list(items.open().filter(owner=member).exclude(status=Item.Status.AWAITING)),
        key_nodes=list(key_nodes),
        requirements=_requirements_ending_this_month(
            record or branch_record(branch, today.year), today
        ),
    )


def _requirements_ending_this_month(record: BranchRecord, today: date) -> list[Obligation]:
    periods = [Period.containing(kind, today) for kind in Frequency.values]
    return [
        obligation
        for period in periods
        if period.end.month == today.month
        for obligation in record.obligations(period, today, nested=False)
        if obligation.status == Status.DUE
    ]
