from django.core.management.base import BaseCommand

from rectifications.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Remind owners and secretaries of rectification items due soon or overdue (what "
        "Celery beat runs daily; for set-ups without beat, run it from cron). Safe to repeat."
    )

    def handle(self, *args, **options):
        created, emailed = send_reminders()
        self.stdout.write(f"{created} new reminders, {emailed} e-mailed.")
