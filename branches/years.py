"""Years typed into addresses and filters. The ledger holds nothing before 2000."""

from django.utils import timezone

FIRST_YEAR = 2000
LAST_YEAR = 2100


def parse_year(value, default=None, last=LAST_YEAR):
    """`value` as a year from FIRST_YEAR to `last`, or `default` for anything else."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= last else default


def year_choices():
    """Every year a record can be dated in, the latest first, for a filter's choices."""
    return [(year, str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]
