# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The embedded defaults are a developer's machine: debug on. A server started any other way
# (gunicorn, manage.py without DEBUG set) runs with DEBUG off and needs SECRET_KEY.
export DEBUG ?= true

.PHONY: run test install syscheck db demo serve worker lint clean

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

syscheck: install
	$(BIN)/python -m ocop_portal.syscheck

db: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_criteria
	$(BIN)/python manage.py seed_demo

## make run: install, migrate, load the criteria and the demo, serve on http://127.0.0.1:8000
## (SQLite + Celery eager by default; with REDIS_URL set a Celery worker runs beside the server)
run: syscheck db
	@if [ -n "$$REDIS_URL" ]; then \
	  $(BIN)/celery -A ocop_portal worker -l warning --concurrency=2 --without-mingle --without-gossip & \
	  trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	else \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	fi

## make test: the whole suite (browser tests need /usr/bin/chromium)
test: install
	$(BIN)/python -m ocop_portal.syscheck --browser
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest $(PYTEST_ARGS)

worker: install
	$(BIN)/celery -A ocop_portal worker -l info --concurrency=2

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles var test-artifacts
