from django.core.management.base import BaseCommand
from django.db import transaction

from devdata.demo import activities as activities_demo
from devdata.demo import branches as branches_demo
from devdata.demo import rectifications as rectifications_demo
from devdata.demo import reports as reports_demo
from devdata.demo import responsibilities as responsibilities_demo


class Command(BaseCommand):
    help = (
        "Load the demo organizations, members, accounts, posts, the year 2024, the "
        "rectification checklists and the 2024 report texts (safe to run again)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        world = branches_demo.load()
        responsibilities_demo.load(world)
        activities_demo.load(world)
        rectifications_demo.load(world)
        reports_demo.load(world)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {len(world.branches)} branches, {len(world.members)} members, "
                f"accounts {', '.join(sorted(world.users))} "
                f"(password {branches_demo.DEMO_PASSWORD})."
            )
        )
