"""What the compliance pages work out from a branch's year, cached and never stale.

Working out one branch's obligations for a year takes about a millisecond of Python
and seven queries; over 500 branches that is the whole HQ board. A branch's figures
change only when one of its meetings, members, party groups or rectification items
changes, its profile changes, or a rule above it does. Each such write raises the
branch's `ledger_version` in the same transaction (the signal handlers below), and
what is cached is keyed by that version, so nothing of an older version is ever read.
The versions come from the database on every request, so this holds across processes
that each keep their own cache.
"""

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from branches.models import Member, Organization, PartyGroup

from .compliance import load_records
from .models import ComplianceRule, Meeting

CACHE_SECONDS = 24 * 60 * 60  # a row is for one day anyway


def branch_record(branch, year):
    """The branch's BranchRecord of `year` (see compliance.load_records)."""
    key = f"record:{branch.pk}:{branch.ledger_version}:{year}"
    record = cache.get(key)
    if record is None:
        record = load_records([branch], year)[branch.pk]
        cache.set(key, record, CACHE_SECONDS)
    return record


def raise_versions(branch_ids):
    Organization.objects.filter(pk__in=branch_ids).update(ledger_version=F("ledger_version") + 1)


def _branch_record_changed(sender, instance, **kwargs):
    raise_versions([instance.branch_id])


def _organization_changed(sender, instance, **kwargs):
    if instance.path:  # a new one is given its path after this: it has nothing cached
        raise_versions(Organization.objects.within(instance).values("pk"))


def _rule_changed(sender, instance, **kwargs):
    organization = Organization.objects.filter(pk=instance.organization_id).first()
    if organization is not None:
        raise_versions(Organization.objects.within(organization).values("pk"))


def connect():
    """Called once from ActivitiesConfig.ready()."""
    from rectifications.models import Item

    for model in (Meeting, Member, PartyGroup, Item):
        post_save.connect(_branch_record_changed, sender=model, dispatch_uid=f"board-{model}")
        post_delete.connect(_branch_record_changed, sender=model, dispatch_uid=f"board-d{model}")
    post_save.connect(_organization_changed, sender=Organization, dispatch_uid="board-org")
    post_save.connect(_rule_changed, sender=ComplianceRule, dispatch_uid="board-rule")
    post_delete.connect(_rule_changed, sender=ComplianceRule, dispatch_uid="board-rule-d")
