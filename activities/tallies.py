"""Each branch's months as the compliance pages count them (models.MonthTally), kept in
step with the ledger in the transaction that writes it.

Every write to what compliance is counted from (COUNTED_FROM) reaches `recount` through
branches.signals.ledger_written, and the years it touches are worked out again from the
branch's records (compliance.load_years: seven queries, whatever the number of years). A
year is counted whole rather than by adding and taking away: a talk counts once per pair,
a rule set higher up changes every month, a founding date moves the first obligation.

A write keeps the years counted so far in step and never counts a new one: a year is
counted the first time a page asks for it (`cover`), by Celery beat as it begins
(`open_year`: this year, for every branch, within its first hour), or by `manage.py
count_tallies`, and stays counted.
"""

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver

from branches.models import Member, Organization, PartyGroup
from branches.signals import ledger_written
from core.periods import Frequency, Period

from .compliance import BranchRecord, Status, load_years
from .models import ComplianceRule, Meeting, MonthTally

# The records compliance is counted from, besides a profile's founding date and place
# (Organization.counts_changed): a photo or an honour changes no count.
COUNTED_FROM = (Meeting, Member, PartyGroup, ComplianceRule)
# Branches worked out together: seven queries and their rows in memory at a time.
CHUNK = 500
COUNTED_FIELDS = [
    field.name
    for field in MonthTally._meta.concrete_fields
    if field.name not in {"id", "branch", "year", "month"}
]

# done / due / missed obligations of a period
Summary = dict[str, int]


class Figures(TypedDict):
    """What the board shows of a branch's year, as of a day."""

    month: Summary
    quarter: Summary
    year: Summary
    summaries: list[Summary]
    months: list[str | None]  # each month's worst status, None where nothing applies
    attendance: float | None


@receiver(ledger_written)
def _recount_what_was_written(
    sender: type, organizations: QuerySet[Organization], record: Any, **kwargs: Any
) -> None:
    if isinstance(record, Organization):
        counts_changed = record.counts_changed
    else:
        counts_changed = record is None or isinstance(record, COUNTED_FROM)
    if counts_changed:
        # A meeting changes its year's months only; the others change every year.
        recount(organizations, record.counted_years() if isinstance(record, Meeting) else None)


def recount(organizations: QuerySet[Organization], among: Iterable[int] | None = None) -> None:
    """Work out again the years counted so far of the branches among `organizations`
    (only those of them in `among`, when given)."""
    for chunk in _chunks(organizations):
        counted = MonthTally.objects.filter(branch__in=chunk).values_list("year", flat=True)
        years = set(counted.distinct())
        if among is not None:
            years &= set(among)
        if years:
            _write(load_years(chunk, years).values())


def count(organizations: QuerySet[Organization], years: Iterable[int]) -> None:
    """Count `years` of the branches among `organizations`, whether counted before or not."""
    for chunk in _chunks(organizations):
        _write(load_years(chunk, years).values())


def _chunks(organizations: QuerySet[Organization]) -> Iterator[list[Organization]]:
    branches = list(organizations.branches().only("path", "founded_on").order_by("pk"))
    for start in range(0, len(branches), CHUNK):
        yield branches[start : start + CHUNK]


def cover(branches: QuerySet[Organization], year: int) -> None:
    """Count `year` for those of `branches` whose tally does not hold it yet."""
    missing = branches.exclude(pk__in=MonthTally.objects.filter(year=year).values("branch"))
    if missing.exists():
        with transaction.atomic():
            # Locked as a write locks them (ledger_changed), so that a write made meanwhile
            # is either seen here or, once this commits, recounts the year itself.
            count(missing.select_for_update(), [year])


def open_year(today: date) -> None:
    """Count this year for every branch that has not got it yet (Celery beat, hourly)."""
    cover(Organization.objects.branches(), today.year)


def _write(records: Iterable[BranchRecord]) -> None:
    rows = [tally for record in records for tally in month_tallies(record)]
    MonthTally.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["branch", "year", "month"],
        update_fields=COUNTED_FIELDS,
    )


def month_tallies(record: BranchRecord) -> list[MonthTally]:
    """The twelve MonthTally of a branch's year, worked out from its records."""
    tallies = []
    for month in range(1, 13):
        period = Period(Frequency.MONTH, record.year, month)
        tally = MonthTally(
            branch_id=record.branch.pk,
            year=record.year,
            month=month,
            ends_on=period.end,
            expected=record.expected[month],
            present=record.present[month],
        )
        for kind in Meeting.Kind:
            setattr(tally, f"held_{kind.value}", record.meetings[(kind.value, month)])
        for length in Frequency.values:
            ending = Period.containing(length, period.start)
            if ending.end != period.end:
                continue
            obligations = record.obligations(ending, ending.end, nested=False)
            setattr(tally, f"{length}_obligations", len(obligations))
            setattr(tally, f"{length}_met", sum(1 for o in obligations if o.met))
        tallies.append(tally)
    return tallies


def figures(tallies: Sequence[MonthTally], periods: Sequence[Period], today: date) -> Figures:
    """A branch's figures of the board from its twelve tallies of a year: the summaries
    of `periods` (a month, its quarter and the year), each month's status, attendance."""
    month, quarter, year = periods
    summaries = [_summary(tallies, period, today) for period in periods]
    expected = sum(tally.expected for tally in tallies)
    return {
        "month": summaries[0],
        "quarter": summaries[1],
        "year": summaries[2],
        "summaries": summaries,
        "months": [_month_status(tally, today) for tally in tallies],
        "attendance": sum(tally.present for tally in tallies) / expected if expected else None,
    }


def _summary(tallies: Sequence[MonthTally], period: Period, today: date) -> Summary:
    """done / due / missed of the obligations within `period`, its months' included."""
    lengths = [length for length in Frequency.values if period.parts(length)]
    result = dict.fromkeys(Status.SEVERITY, 0)
    for tally in tallies:
        if tally.month not in period.months:
            continue
        unmet = Status.MISSED if tally.ends_on < today else Status.DUE
        for length in lengths:
            result[Status.DONE] += getattr(tally, f"{length}_met")
            result[unmet] += tally.outstanding(length)
    return result


def _month_status(tally: MonthTally, today: date) -> str | None:
    if not tally.month_obligations:
        return None
    if tally.month_met == tally.month_obligations:
        return Status.DONE
    return Status.MISSED if tally.ends_on < today else Status.DUE
