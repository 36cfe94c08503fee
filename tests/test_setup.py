"""The README's commands as the Makefile runs them."""

import subprocess

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
