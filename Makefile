PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# WeasyPrint and Chinese PDFs; libharfbuzz-subset0 keeps CJK font subsetting fast.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
# Browser tests drive Debian's Chromium, PDF tests read text with poppler, and the
# translation test extracts strings with gettext.
TEST_SYSTEM_PACKAGES := chromium poppler-utils fonts-noto-cjk gettext
PYTEST_ARGS ?=
PORT ?= 8000

.PHONY: run test install install-test system-packages test-system-packages report-fonts lint \
	typecheck format migrations-check deploy-check messages reset-local-db bench-report bench

run: install system-packages report-fonts
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-test system-packages test-system-packages report-fonts
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

system-packages:
	scripts/system-packages.sh $(SYSTEM_PACKAGES)

test-system-packages:
	scripts/system-packages.sh $(TEST_SYSTEM_PACKAGES)

# The PDF's fonts cut down to GB 2312 (reports/fonts.py): about 40 s once, then kept.
report-fonts: install system-packages
	$(BIN)/python manage.py build_report_fonts

# ruff, the layers of pyproject.toml's import contracts (no cycle between apps), and mypy
# (strict for the modules pyproject.toml's [tool.mypy] lists).
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# mypy alone.
typecheck: install-test
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# The production settings must pass Django's deployment checklist without warnings.
deploy-check: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=deploy-check-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

reset-local-db: install
	rm -f db.sqlite3
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

# Time the demo 白云 2024 report, and a 20-page variant of it: WeasyPrint (cold, warm, per
# page, memory) against headless Chromium printing the same HTML. Uses the local SQLite
# database with the demo loaded.
bench-report: install-test system-packages test-system-packages report-fonts
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py bench_report --runs 7

# The pages at headquarters scale (seed_scale: 500 branches, five years) served by gunicorn
# with the production settings on PostgreSQL, against the Django admin; and 100 annual
# reports through one and then two Celery workers on Redis. Results: docs/benchmark.md.
# The data is generated once and reused; BENCH_ARGS passes options to the bench command,
# e.g. BENCH_ARGS="--branches 20 --seconds 3 --reports 4" for a quick run on a new database.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ledger_bench
BENCH_BROKER_URL ?= redis://127.0.0.1:6379/14
BENCH_ARGS ?=
BENCH_ENV = DATABASE_URL=$(BENCH_DATABASE_URL) CELERY_BROKER_URL=$(BENCH_BROKER_URL) \
	DJANGO_SECRET_KEY=bench-only-secret-key-never-used-in-production-0123456789
bench: install-test system-packages test-system-packages report-fonts
	$(BIN)/python scripts/create-database.py $(BENCH_DATABASE_URL)
	$(BENCH_ENV) $(BIN)/python manage.py migrate --no-input
	$(BENCH_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)
