from celery import shared_task
from django.utils import timezone

from . import tallies


@shared_task
def open_year():
    """Hourly, from Celery beat (see CELERY_BEAT_SCHEDULE), so that within the first hour
    of a year the board finds it counted for every branch. Does nothing on other days."""
    tallies.open_year(timezone.localdate())
