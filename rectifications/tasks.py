from celery import shared_task

from . import reminders


@shared_task
def send_reminders():
    """Daily, from Celery beat (see CELERY_BEAT_SCHEDULE); safe to run twice."""
    created, emailed = reminders.send_reminders()
    return {"created": created, "emailed": emailed}
