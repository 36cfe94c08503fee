import time
from dataclasses import fields
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devdata.scale.seeding import PASSWORD, AlreadySeeded, Sizes, seed


class Command(BaseCommand):
    help = (
        "Generate a headquarters at scale (DESIGN §8) for the benchmark: one 党委 with "
        "500 branches, 10,000 members, five years of meetings with attendance, rectification "
        "items in every status and more. Deterministic for a seed and a day."
    )

    def add_arguments(self, parser):
        for size in fields(Sizes):
            parser.add_argument(f"--{size.name.replace('_', '-')}", type=int, default=size.default)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD"
        )
        parser.add_argument(
            "--allow-sqlite", action="store_true", help="for small sizes in tests; slow at scale"
        )

    def handle(self, *args, today, allow_sqlite, **options):
        if connection.vendor != "postgresql" and not allow_sqlite:
            raise CommandError("seed_scale is meant for PostgreSQL (set DATABASE_URL).")
        sizes = Sizes(**{size.name: options[size.name] for size in fields(Sizes)})
        started = time.monotonic()
        try:
            counts = seed(sizes, today)
        except AlreadySeeded:
            raise CommandError("This database is seeded already; use a fresh one.") from None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the planner's statistics for the new rows
        for model, count in sorted(counts.items(), key=lambda pair: pair[0]._meta.label):
            self.stdout.write(f"{model._meta.label:40} {count:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded in {time.monotonic() - started:.0f} s. Accounts scale_hq, "
                f"scale_secretary_001…, scale_member_001… (password {PASSWORD})."
            )
        )
