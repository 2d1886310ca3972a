#!/usr/bin/env bash
# Run 组工通 on this machine: SQLite (WAL), demo data, gunicorn + the Huey job worker.
#   ./run.sh                          → http://127.0.0.1:8000
#   PORT=9000 ./run.sh                → another port
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong ./run.sh   → PostgreSQL
set -euo pipefail
cd "$(dirname "$0")"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

bash scripts/bootstrap.sh requirements/base.txt

export SECRET_KEY_FILE=${SECRET_KEY_FILE:-$PWD/var/secret_key}
export FIELD_ENCRYPTION_KEY_FILE=${FIELD_ENCRYPTION_KEY_FILE:-$PWD/var/field_key}
export DJANGO_SETTINGS_MODULE=config.settings
# The embedded demo is served over plain HTTP on the local network.
export SECURE_COOKIES=${SECURE_COOKIES:-false}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
export SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-*}
PORT=${PORT:-8000}
PY=.venv/bin/python

if [ -n "${DATABASE_URL:-}" ]; then
  case "$DATABASE_URL" in
    postgres*://*)
      db=$(printf '%s' "$DATABASE_URL" | sed -E 's#.*/([^/?]+)(\?.*)?$#\1#')
      base=$(printf '%s' "$DATABASE_URL" | sed -E 's#/[^/?]+(\?.*)?$#/postgres#')
      if command -v psql >/dev/null && ! psql "$base" -Atqc "select 1 from pg_database where datname='$db'" | grep -q 1; then
        say "Creating PostgreSQL database $db"; psql "$base" -qc "create database \"$db\""
      fi ;;
  esac
fi

say "Collecting static files"
$PY manage.py collectstatic --noinput -v 0
say "Migrating the database"
$PY manage.py migrate --noinput -v 0
say "Loading demo data (first start only)"
$PY manage.py seed_demo

say "Starting the background job worker (Huey)"
$PY manage.py run_huey --quiet > var/huey.log 2>&1 &
HUEY_PID=$!
trap 'kill $HUEY_PID 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  组工通 is running at  http://127.0.0.1:${PORT}/
  (from a phone on the same network: http://<this machine's address>:${PORT}/)

  Demo logins (password: ${DEMO_PASSWORD:-Zugong@2026}):
    部长 (principal leader)          buzhang
    常务副部长 王志海 (exec. deputy)   changwu
    副部长 (supervising leader)      fubuzhang
    办公室主任 (office head, duties)  bangongshi
    组织科科长 (section head)         zuzhike
    组织科科员 (staff member)         keyuan
    系统管理员 / 安全管理员 / 审计管理员  sysadmin / secadmin / auditadmin
      (administrators enrol an authenticator app — TOTP — at first login)

  Stop with Ctrl-C.
MSG

# Not exec: the shell stays to stop the job worker together with the web server.
.venv/bin/gunicorn config.wsgi:application \
  --bind "0.0.0.0:${PORT}" --workers "${WEB_WORKERS:-2}" --threads "${WEB_THREADS:-4}" --worker-class gthread \
  --access-logfile var/access.log --error-logfile - --log-level warning &
WEB_PID=$!
trap 'kill $WEB_PID $HUEY_PID 2>/dev/null || true; wait 2>/dev/null' EXIT INT TERM
wait $WEB_PID
