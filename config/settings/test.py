from .development import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process, as in the embedded set-up, even when a broker is configured; the
# tests that need a real worker switch this off for themselves (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
