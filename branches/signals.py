from django.dispatch import Signal

# Sent by OrganizationQuerySet.ledger_changed in the transaction of a write, after it:
# `organizations` (a queryset) are those whose figures the write may change, `record` is
# what was written (a meeting, a member, a rule, a profile …). Apps above keep their counts
# of the ledger (activities.tallies) in step from here, so the counts commit with the write.
ledger_written = Signal()
