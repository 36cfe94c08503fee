"""Development: everything in base, plus the demo data and benchmarks (devdata), which
`make run`, `make bench` and the tests use. Production's settings leave them out."""

from .base import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]  # noqa: F405
