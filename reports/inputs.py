"""Whether a stored PDF is still current, told the same way on every page that shows a
report: the digest of the report as it would render now, against the one its PDF was
made from (reports.rendering).

Working out that digest builds the whole document (some 30 ms), too slow for a list of
hundreds of branches on every request. So it is cached under everything that can change
it: the branch's `ledger_version`, raised in the same transaction by every write to a
record the report draws on, the report's own text, sections and photos included
(branches.models.LedgerRecord: partners, links and rules too), and, for the year
under way, the day: its figures stand as of today. Storing a rendered PDF writes by
UPDATE, which raises nothing: a render does not make itself out of date. The cache is
each process's own (settings.CACHES), so a deploy, which restarts the processes, starts
it afresh with the new templates and code.
"""

from django.core.cache import cache
from django.utils import timezone

from . import document

CACHE_SECONDS = 24 * 60 * 60


def current_digest(report):
    """The digest of `report` as it would render now (a saved report, with its branch)."""
    as_of = timezone.localdate() if report.year >= timezone.localdate().year else ""
    key = f"report:{report.pk}:{report.branch.ledger_version}:{as_of}"
    digest = cache.get(key)
    if digest is None:
        digest = document.digest(document.html(report))
        cache.set(key, digest, CACHE_SECONDS)
    return digest
