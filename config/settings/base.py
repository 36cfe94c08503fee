"""Settings for every environment, read from environment variables.

The defaults give the embedded set-up a newcomer gets from `make run`: SQLite in the
project folder, Celery tasks run in-process, e-mail to the console.
"""

import warnings
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
# Off unless asked for: with it on, a user would meet Django's English debug pages instead
# of the app's own (templates/403.html, 404.html, 500.html).
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "core",
    "accounts",
    "branches",
    "attachments",
    "responsibilities",
    "activities",
    "rectifications",
    "overview",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "branches.access.AccessMiddleware",
    # Axes must come last so it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "rectifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each process keeps its own cache: what is cached (report digests) is keyed by
# versions read from the database, so processes never disagree (reports/inputs.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=50_000)},
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions end after this long without a request, and at logout.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_HOURS", default=8) * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: ten per user name (from anywhere) or per address (for any user names)
# lock out for a cool-off, so guessing is throttled and nobody can lock a real user out
# for long. Offices behind one address share its count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Failures while locked out do not restart the cool-off: otherwise anyone could keep a
# user name locked out for good by trying it every few minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A login forgives only the user's own failures from his address (accounts/logins.py):
# axes' reset would forget every failure from the address, whatever the user name.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "accounts.security_log.client_address"
AXES_USERNAME_CALLABLE = "accounts.security_log.login_username"
# How many reverse proxies in front of the app add to X-Forwarded-For (0: none, the
# socket's address is the client's). Behind nginx or a load balancer, 1.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# WhiteNoise serves the static files whatever DEBUG says; in the embedded set-up straight
# from the app's folders, without collectstatic (production: from STATIC_ROOT).
WHITENOISE_USE_FINDERS = True
# …where STATIC_ROOT does not exist yet, which WhiteNoise would warn of at every start.
warnings.filterwarnings("ignore", message=f"No directory at: {STATIC_ROOT}")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads are served only through views that check access, never from MEDIA_URL.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# A removed photo or file can be restored by the branch's committee for this many days.
ATTACHMENT_RESTORE_DAYS = env.int("ATTACHMENT_RESTORE_DAYS", default=30)
DATA_UPLOAD_MAX_NUMBER_FILES = 20
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads and rendered reports in an S3-compatible bucket (MinIO, Ceph, Aliyun OSS,
# Tencent COS) instead of MEDIA_ROOT, so that web and worker hosts share nothing but the
# database, Redis and the bucket. The bucket stays private: files are served only through
# the views that check access, which read them through the storage API.
STORAGE_BUCKET = env("DJANGO_STORAGE_BUCKET", default="")
if STORAGE_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": env("DJANGO_STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": env("DJANGO_STORAGE_REGION", default="") or None,
            "access_key": env("DJANGO_STORAGE_ACCESS_KEY", default="") or None,
            "secret_key": env("DJANGO_STORAGE_SECRET_KEY", default="") or None,
            # "virtual" for Aliyun OSS and Tencent COS, "path" for MinIO and most others.
            "addressing_style": env("DJANGO_STORAGE_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",
            # Objects take the bucket's own (private) access; no ACL header, which buckets
            # with ACLs disabled refuse.
            "default_acl": None,
            "file_overwrite": False,
            # A file read from the bucket spools to disk past 2 MB: a zip of reports or a
            # 10 MB PDF never sits whole in a worker's memory.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }

# Content-Security-Policy (django-csp): everything from this site, no inline script or
# style, nothing framing the pages. Bootstrap's stylesheet draws some icons as data: SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's own page for a failed CSRF check, after a line in the security log.
CSRF_FAILURE_VIEW = "accounts.security_log.csrf_failure"

# History is shown but never reverted to (core.admin.HistoryAdmin): no Revert button.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="ledger@localhost")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Celery: with no broker configured, tasks run eagerly in the web process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
# Our tasks are idempotent, so a task whose worker dies is handed to another one.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=50)
# A task whose worker vanished without a word is handed out again after this long; it
# must exceed the time limit, or a slow task would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 300}
# When Redis is down, a page asking for a task says so within seconds (nothing is lost:
# the caller keeps its state) instead of retrying for twenty.
_FAIL_FAST = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = _FAIL_FAST
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _FAIL_FAST}
CELERY_BEAT_SCHEDULE = {
    "rectification-reminders": {
        "task": "rectifications.tasks.send_reminders",
        "schedule": crontab(hour=env.int("REMINDER_HOUR", default=8), minute=0),
    },
    "compliance-new-year": {"task": "activities.tasks.open_year", "schedule": crontab(minute=5)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every step of every render at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# A committee term ending within this many days is flagged for 换届.
TERM_END_WARNING_DAYS = 90
# Rectification items due within this many days are reminded of, once, and again if overdue.
REMINDER_DAYS_BEFORE = env.int("REMINDER_DAYS_BEFORE", default=3)
# A person's to-do list (activities/inbox.py) shows key nodes due within this many days.
INBOX_DAYS_AHEAD = env.int("INBOX_DAYS_AHEAD", default=14)
# Annual reports are typeset in Debian's fonts-noto-cjk, which `manage.py
# build_report_fonts` cuts down to GB 2312 into this directory (reports/fonts.py).
REPORT_FONT_DIR = env.path("REPORT_FONT_DIR", default=BASE_DIR / "var" / "fonts")
# The address links in e-mails point to.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
