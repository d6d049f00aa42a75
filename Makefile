# Isenim: `make run` serves a demo on http://127.0.0.1:8000, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The address printed links and QR codes point to (the memo's QR code): where `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install catalogs clean-venv messages

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Isenim needs Python 3.11; set PYTHON=/path/to/python3.11")'
	@$(PYTHON) -m venv $(VENV) || { echo "Cannot create a virtualenv: install it with 'sudo apt install python3-venv'"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint requirements.lock --editable '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

catalogs: install
	$(BIN)/python -m isenim.core.i18n_tools

.env:
	$(BIN)/python scripts/make_dev_env.py

run: install .env catalogs
	$(BIN)/python scripts/make_dev_env.py
	$(BIN)/isenim migrate --no-input
	$(BIN)/isenim createcachetable
	$(BIN)/isenim seed-demo
	ISENIM_SITE_URL=$(SITE_URL) $(BIN)/isenim runserver $(HOST):$(PORT)

test: install
	@bash scripts/test.sh

# For developers: re-extract messages and regenerate the transliterated catalogs (needs GNU gettext).
# Runs with the test settings (throwaway keys): extracting messages needs no secrets and no .env.
messages: install
	DJANGO_SETTINGS_MODULE=isenim.test_settings $(BIN)/isenim makemessages --no-obsolete --no-location --ignore=tools --ignore=scripts --ignore=var --ignore=.venv --ignore=conftest.py -l kaa -l uz -l ru -l en
	DJANGO_SETTINGS_MODULE=isenim.test_settings $(BIN)/python -c "from isenim.core.i18n_tools import normalize_catalogs; normalize_catalogs()"
	DJANGO_SETTINGS_MODULE=isenim.test_settings $(BIN)/isenim derive-catalogs
	$(BIN)/python -m isenim.core.i18n_tools

clean-venv:
	rm -rf $(VENV)
