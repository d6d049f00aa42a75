#!/usr/bin/env bash
# `make test`: lint, import layers, migrations check, translation check, then pytest on PostgreSQL (when
# reachable) and on SQLite with the browser tests (when /usr/bin/chromium exists). Under CI=true a missing
# PostgreSQL or Chromium is a failure, not a skip. The SQLite run comes last so the output ends with
# pytest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=isenim.test_settings
IN_CI=false
case "${CI:-}" in 1|true|TRUE|True|yes) IN_CI=true ;; esac
PG_URL_DEFAULT="postgres://postgres@127.0.0.1:5432/test"
CHROMIUM=/usr/bin/chromium
# Tests run in two processes (pytest-xdist), each test file whole in one of them; TEST_PROCESSES=1 for one.
PARALLEL="-n ${TEST_PROCESSES:-2} --dist loadfile"
# The slowest tests of each pass are listed at its end: where the suite's minutes go.
DURATIONS="--durations=25 --durations-min=2"

step() { printf '\n== %s\n' "$*"; }

step "ruff (lint and format)"
$BIN/ruff check .
$BIN/ruff format --check .

step "import layers (lint-imports: no app imports one above it, [tool.importlinter] in pyproject.toml)"
$BIN/lint-imports --no-logo

step "compile translation catalogs"
$BIN/python -m isenim.core.i18n_tools

step "migrations are up to date"
$BIN/isenim makemigrations --check --dry-run

step "translation catalogs complete, not fuzzy, right script"
$BIN/isenim check-translations

pg_url="${DATABASE_URL:-}"
case "$pg_url" in postgres*) ;; *) pg_url="$PG_URL_DEFAULT" ;; esac
if $BIN/python scripts/pg_reachable.py "$pg_url"; then
  step "pytest on PostgreSQL ($pg_url)"
  DATABASE_URL="$pg_url" $BIN/pytest -q -p no:cacheprovider -m "not browser" $PARALLEL $DURATIONS
else
  msg="PostgreSQL tests SKIPPED: no server answered at $pg_url (set DATABASE_URL to a reachable postgres://… URL)"
  if $IN_CI; then echo "FAIL: $msg (required under CI)"; exit 1; fi
  echo "$msg"
fi

browser_marker="not browser"
if [ -x "$CHROMIUM" ]; then
  browser_marker=""
else
  msg="Browser tests SKIPPED: $CHROMIUM not found (install Debian's chromium package to run them)"
  if $IN_CI; then echo "FAIL: $msg (required under CI)"; exit 1; fi
  echo "$msg"
fi

step "pytest on SQLite${browser_marker:+ (no browser tests)}"
sqlite_url="sqlite:///$(pwd)/var/test.sqlite3"
mkdir -p var
DATABASE_URL="$sqlite_url" $BIN/pytest -q -p no:cacheprovider -m "not browser" $PARALLEL $DURATIONS
if [ -z "$browser_marker" ]; then
  step "browser tests (Chromium, SQLite)"
  # One process: the browser tests share one Chromium and a live server.
  DATABASE_URL="$sqlite_url" $BIN/pytest -q -p no:cacheprovider -m browser $DURATIONS
fi
