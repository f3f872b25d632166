# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Each pytest worker needs its own copy of the database; two cores, two workers.
PYTEST_WORKERS ?= 2

.PHONY: install run test coverage test-at test-fast e2e lint format messages compilemessages bench bench-national check clean backup restore

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

compilemessages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity=0

messages: $(STAMP)
	$(PY) manage.py makemessages --locale=vi --locale=en --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete --verbosity=0

## make run: install, migrate, load the demo province, start the portal with a Celery worker and beat.
## HOST=… PORT=… serve elsewhere; the links in emails and certificates follow (PORTAL_RUN_ADDRESS),
## unless PORTAL_BASE_URL is set (environment or .env).
run: install compilemessages
	mkdir -p var/celery/queue var/celery/processed var/celery/control
	$(PY) manage.py migrate --verbosity=0
	$(PY) manage.py load_demo
	@trap 'kill 0' EXIT INT TERM; \
	export PORTAL_RUN_ADDRESS="$(HOST):$(PORT)"; \
	$(BIN)/celery -A config worker --pool=solo --loglevel=warning & \
	$(BIN)/celery -A config beat --loglevel=warning --schedule=var/celerybeat-schedule & \
	echo ""; echo "Cổng đang chạy tại http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: install and run the whole suite (SQLite and eager Celery unless DATABASE_URL/REDIS_URL are set).
test: install compilemessages
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test --verbosity=0
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist=loadgroup

## make coverage: the same suite as `make test`, measuring branch coverage: the modules not fully covered,
## weakest first, with their missing lines; the HTML report in var/coverage/html/; fails under the floor
## (`fail_under` in pyproject.toml). AT="2028-02-29 10:00:00" runs it with the clock moved, as test-at does;
## CI runs it so, instead of the bare `make test` and a separate run with the clock moved.
coverage: install compilemessages
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test --verbosity=0
	mkdir -p var/coverage
	$(if $(AT),FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$(AT)") $(BIN)/pytest -n $(PYTEST_WORKERS) --dist=loadgroup --cov --cov-report=term-missing:skip-covered --cov-report=html

## make test-at AT="2027-06-20 10:00:00": the whole suite with the clock moved by Debian's faketime
## (apt-get install faketime); no test may depend on the real date. See tests/clock.py.
test-at: install compilemessages
	@test -n "$(AT)" || { echo 'Cách dùng: make test-at AT="2027-06-20 10:00:00"'; exit 2; }
	FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$(AT)" $(BIN)/pytest -n $(PYTEST_WORKERS) --dist=loadgroup

test-fast: install compilemessages
	$(BIN)/pytest -x -q -m "not e2e"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install compilemessages
	for script in tests/bench/registry.py tests/bench/contest.py tests/bench/reminders.py tests/bench/reports_export.py tests/bench/export_pdf.py tests/bench/load/run.py; do echo "== $$script"; $(PY) $$script || exit 1; done

## make bench-national: the whole Union at national scale on PostgreSQL (DATABASE_URL names the server;
## the runner works in its own portal_bench_national databases). BENCH_SCALE=0.02 runs a fraction.
bench-national: install compilemessages
	BENCH_SCALE=$${BENCH_SCALE:-1} $(PY) tests/bench/national/run.py

## make backup: one archive of the database (DATABASE_URL) and the private media (MEDIA_ROOT) in
## BACKUP_DIR (var/backups/); its path is the last line printed. KEEP=14 also deletes all but the 14 newest.
## No install step: it must run as is from cron. See README.md, "Backup and restore".
backup:
	$(PY) manage.py backup $(if $(KEEP),--keep $(KEEP))

## make restore BACKUP=var/backups/portal-….tar.gz: replace the database and MEDIA_ROOT with an archive,
## after checking every checksum and asking to confirm. Stop the web and worker processes first.
## FORCE=1 restores over a database with newer migrations; NOINPUT=1 does not ask.
restore:
	@test -n "$(BACKUP)" || { echo "Cách dùng: make restore BACKUP=var/backups/portal-YYYYmmdd-HHMMSS.tar.gz"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(FORCE),--force) $(if $(NOINPUT),--noinput)

clean:
	rm -rf $(VENV) var staticfiles
