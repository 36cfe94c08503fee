from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from activities import tallies
from activities.models import MonthTally
from branches.models import Organization
from core.years import FIRST_YEAR, parse_year


class Command(BaseCommand):
    help = (
        "Count every branch's months again from its records, from scratch (activities."
        "tallies): the years counted before and this year, and with --since all years "
        "from that one. After loading data past the app, after upgrading, or to check."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=int, help=f"a year from {FIRST_YEAR} on")

    def handle(self, *args, since, **options):
        this_year = timezone.localdate().year
        years = {*MonthTally.objects.values_list("year", flat=True).distinct(), this_year}
        if since is not None:
            first = parse_year(since, last=this_year)
            if first is None:
                raise CommandError(f"--since takes a year from {FIRST_YEAR} to {this_year}.")
            years.update(range(first, this_year + 1))
        with transaction.atomic():
            MonthTally.objects.all().delete()
            tallies.count(Organization.objects.all(), years)
        branches = MonthTally.objects.values("branch").distinct().count()
        self.stdout.write(
            f"{MonthTally.objects.count()} months of {len(years)} years counted "
            f"for {branches} branches."
        )
