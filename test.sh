#!/usr/bin/env bash
# Run the whole test suite: lint, migrations check, unit + integration + browser tests,
# on SQLite and — where a PostgreSQL server is reachable (always in CI) — again on PostgreSQL.
#   ./test.sh                 everything
#   ./test.sh org -k import   pytest arguments are passed through (both databases)
set -euo pipefail
cd "$(dirname "$0")"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

bash scripts/bootstrap.sh requirements/test.txt

# The CJK fonts come with the set-up above (the platform's PDF export needs them too).
if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then
  say "Installing Debian's Chromium and poppler-utils (PDF checks) for the tests"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
fi

export DJANGO_SETTINGS_MODULE=config.settings_test
export DJANGO_ALLOW_ASYNC_UNSAFE=true
PY=.venv/bin/python

say "Lint (ruff check, ruff format --check)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
say "Migrations are complete (makemigrations --check)"
$PY manage.py makemigrations --check --dry-run >/dev/null

WORKERS=${TEST_WORKERS:-2}
say "Test suite on SQLite"
.venv/bin/pytest -n "$WORKERS" --dist loadfile -q "$@"

PG_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/zugong}
pg_up=false
if command -v pg_isready >/dev/null 2>&1; then
  pg_isready -q -h 127.0.0.1 -p 5432 && pg_up=true
else
  $PY -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null && pg_up=true
fi
if [ "$pg_up" = true ]; then
  say "Test suite on PostgreSQL ($PG_URL)"
  DATABASE_URL=$PG_URL .venv/bin/pytest -n "$WORKERS" --dist loadfile -q "$@"
elif [ "${CI:-}" = true ]; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432 in CI" >&2; exit 1
else
  say "PostgreSQL not reachable: skipped the PostgreSQL run"
fi
say "All tests passed"
