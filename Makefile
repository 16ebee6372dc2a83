# Institute: `make run` starts the demo school, `make test` runs the suite.
# Both create .venv and install pyproject.toml's pinned dependencies on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed

.PHONY: help install run test test-fast lint format bench bench-release bench-insight clean

help:
	@echo "make run     start the demo school on http://127.0.0.1:8000 (web + Celery worker + beat)"
	@echo "make test    run the whole test suite"
	@echo "make bench   run the HTTP benchmarks (ratios against baselines)"
	@echo "make bench-release   release a week to 100,000 students (ratios against baselines)"
	@echo "make bench-insight   the analytics dashboard over 100,000 enrollments (ratio to a GROUP BY)"
	@echo "make lint    ruff"

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(INSTALLED)

# Without Stripe keys, `make run` pays through the local Stripe test double (Procfile.dev,
# tests/stripe_double/): every page shows a "Test mode" banner and no real money moves.
# With STRIPE_SECRET_KEY set in the environment, it talks to your Stripe test account.
ifeq ($(STRIPE_SECRET_KEY),)
run: export STRIPE_API_BASE := http://127.0.0.1:12111
run: export STRIPE_SECRET_KEY := sk_test_double
run: export STRIPE_WEBHOOK_SECRET := whsec_dev_double
endif
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo "Serving on http://127.0.0.1:8000 (admin: /admin/, API docs: /api/v1/docs/). Ctrl-C stops everything."
	$(BIN)/honcho --procfile Procfile.dev start

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m benchmarks.http_bench $(BENCH_ARGS)

# On PostgreSQL when DATABASE_URL is set, else SQLite; e.g. BENCH_ARGS="--enrollments 10000".
bench-release: install
	$(BIN)/python -m benchmarks.release_bench $(BENCH_ARGS)

# The analytics dashboard over 100,000 enrollments and 1,000,000 progress rows, as a ratio to a
# bare COUNT(*) GROUP BY cohort; PostgreSQL when DATABASE_URL is set, else SQLite.
bench-insight: install
	$(BIN)/python -m benchmarks.insight_bench $(BENCH_ARGS)

clean:
	rm -rf var .pytest_cache

