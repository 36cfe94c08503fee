"""What the compliance pages work out from a branch's year, cached and never stale.

Working out one branch's obligations for a year takes about a millisecond of Python
and seven queries; over 500 branches that is the whole HQ board. A branch's figures
change only when one of its records changes (a meeting, member, party group,
rectification item …), its profile changes, or a rule above it does. Each such write raises the
branch's `ledger_version` in the same transaction (branches.models.LedgerRecord), and
what is cached is keyed by that version, so nothing of an older version is ever read.
The versions come from the database on every request, so this holds across processes
that each keep their own cache.
"""

from django.core.cache import cache

from branches.models import Organization

from .compliance import BranchRecord, load_records

CACHE_SECONDS = 24 * 60 * 60  # a row is for one day anyway


def branch_record(branch: Organization, year: int) -> BranchRecord:
    """The branch's BranchRecord of `year` (see compliance.load_records)."""
    key = f"record:{branch.pk}:{branch.ledger_version}:{year}"
    record = cache.get(key)
    if record is None:
        record = load_records([branch], year)[branch.pk]
        cache.set(key, record, CACHE_SECONDS)
    return record
