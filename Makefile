# Thin wrappers: every target calls a script or a manage.py command; no logic is hidden here.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
STAMP := $(VENV)/.installe-$(shell sha1sum requirements.lock | cut -c1-12)

.PHONY: setup demo test test-rapide navigateur lint format quality lock bench clean-db

$(STAMP): requirements.lock
	@bash scripts/installer.sh
	@touch $(STAMP)

setup: $(STAMP)

## Démo : PostgreSQL embarqué, données de référence et de démonstration, http://127.0.0.1:8000
# The demo's e-mails (printed in the terminal) link to the address it serves.
DEMO_ADRESSE := 127.0.0.1:8000
demo: setup
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py charger_territoires
	SITE_URL=http://$(DEMO_ADRESSE) $(PYTHON) manage.py seed_demo
	SITE_URL=http://$(DEMO_ADRESSE) DEBUG=1 $(PYTHON) manage.py runserver $(DEMO_ADRESSE)

## Tests : toute la suite (unitaires, vues, navigateur) en parallèle
test: setup
	@bash scripts/preparer_navigateur.sh
	$(BIN)/pytest -n 2

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTHON) manage.py makemigrations --check --dry-run

quality: lint

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Régénère requirements.lock depuis pyproject.toml (nécessite uv)
lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.12 --generate-hashes --custom-compile-command "make lock" -o requirements.lock -q

bench: setup
	$(PYTHON) bench/run.py
