"""The production services: PostgreSQL through psycopg 3 and Celery workers on Redis."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app

from .workers import running_worker


def test_database_url_selects_postgresql_through_psycopg3(postgres):
    import psycopg

    assert connection.vendor == "postgresql"
    assert connection.Database is psycopg
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(("broker", "eager"), [("", "True"), ("redis://127.0.0.1:6379/0", "False")])
def test_tasks_run_in_process_exactly_when_no_broker_is_configured(broker, eager):
    script = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "CELERY_BROKER_URL": broker,
            "DJANGO_SETTINGS_MODULE": "config.settings.development",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == eager


def test_a_worker_started_from_our_config_answers_over_redis(redis):
    assert app.conf.task_always_eager is False
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.task_serializer == "json"
    with running_worker(f"ping-{os.getpid()}") as worker:
        assert worker.poll() is None  # answered pings, still running
