"""The README's commands as the Makefile runs them."""

import os
import subprocess
import sys

from django.conf import settings


def test_make_run_serves_on_the_port_asked_for():
    def planned(*variables):
        return subprocess.run(
            ["make", "-n", "run", *variables],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    assert "runserver 127.0.0.1:8123" in planned("PORT=8123")
    assert "runserver 127.0.0.1:8000" in planned()


def _management_commands(settings_module):
    """The `manage.py help` command names under `settings_module`, asked of a fresh process."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DJANGO_SECRET_KEY": "a-test-only-secret-key-that-is-long-enough-for-check-deploy-0123",
    }
    listing = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(listing.split())


def test_production_installs_no_demo_or_benchmark_code():
    demo_and_bench = {"load_demo", "seed_scale", "bench", "bench_report"}
    assert demo_and_bench <= _management_commands("config.settings.development")
    assert not demo_and_bench & _management_commands("config.settings.production")
