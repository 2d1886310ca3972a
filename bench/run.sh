#!/usr/bin/env bash
# The benchmark: seed a city-scale database once, then measure pages, the audit log and logins.
#   bench/run.sh               full size on SQLite (var/bench.sqlite3; the demo database is not touched)
#   bench/run.sh --small       a tenth of it, for a quick check (var/bench-small.sqlite3)
#   bench/run.sh --reseed      drop the bench database and seed it again
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench bench/run.sh   (database created if missing)
# Figures are printed and written to bench/out/ as JSON. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

seed_args=()
measure_args=()
small=false
for arg in "$@"; do
  case "$arg" in
    --small) small=true; seed_args+=(--small); measure_args+=(--small) ;;
    --reseed) seed_args+=(--reseed) ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

bash scripts/bootstrap.sh requirements/base.txt

export SECRET_KEY_FILE=${SECRET_KEY_FILE:-$PWD/var/secret_key}
export FIELD_ENCRYPTION_KEY_FILE=${FIELD_ENCRYPTION_KEY_FILE:-$PWD/var/field_key}
export DJANGO_SETTINGS_MODULE=config.settings
# The real settings, served over plain HTTP on the loopback address only.
export DEBUG=false SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0 ALLOWED_HOSTS=127.0.0.1
unset HUEY_IMMEDIATE PASSWORD_SM3_ITERATIONS
if [ -z "${DATABASE_URL:-}" ]; then
  name=bench
  if [ "$small" = true ]; then name=bench-small; fi
  export DATABASE_URL="sqlite:///$PWD/var/$name.sqlite3"
fi
PY=.venv/bin/python

say "Collecting static files"
$PY manage.py collectstatic --noinput -v 0
say "Seeding the bench database (skipped when it is already seeded)"
$PY bench/seed.py ${seed_args[@]+"${seed_args[@]}"}
say "Measuring"
$PY bench/measure.py ${measure_args[@]+"${measure_args[@]}"}
