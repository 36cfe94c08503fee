PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# WeasyPrint and Chinese PDFs; libharfbuzz-subset0 keeps CJK font subsetting fast.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
# Browser tests drive Debian's Chromium, PDF tests read text with poppler, and the
# translation test extracts strings with gettext.
TEST_SYSTEM_PACKAGES := chromium poppler-utils fonts-noto-cjk gettext
PYTEST_ARGS ?=

.PHONY: run test install install-test system-packages test-system-packages lint format \
	migrations-check deploy-check messages reset-local-db

run: install system-packages
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-test system-packages test-system-packages
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

lint: install-test
	$(BIN)/ruff check .

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
