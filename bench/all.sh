#!/usr/bin/env bash
# Every benchmark in turn: bench/run.sh, then each bench/*_bench.py; a summary of every figure at the end.
#   bench/all.sh               full size (long: each script seeds its own database the first time)
#   bench/all.sh --small       the quick check
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench bench/all.sh
#       bench/run.sh uses that database; each *_bench.py its own beside it (zugong_bench_tasks, ...)
# A script that fails is reported and the run goes on. Logs: bench/out/all-<time>/. Exit 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

args=()
for arg in "$@"; do
  case "$arg" in
    --small) args+=(--small) ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/all.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

PY=.venv/bin/python
runs=bench/out/all-$(date +%Y%m%d-%H%M%S)
mkdir -p "$runs"
summary=$runs/summary.txt
: > "$summary"
failed=0

# The database of one *_bench.py when DATABASE_URL is given: its own, named after the script, so that no
# two benchmarks seed into (or measure) the same database.
own_database() {
  local url=$1 stem=$2 base query
  base=${url%%\?*}
  query=${url#"$base"}
  case "$base" in
    sqlite:*.sqlite3) echo "${base%.sqlite3}-$stem.sqlite3$query" ;;
    *) echo "${base}_$stem$query" ;;
  esac
}

# run LABEL LOG DATABASE_URL COMMAND...: run it (output shown and logged), then summarise the JSON it wrote.
run() {
  local label=$1 log=$2 url=$3 stamp status
  shift 3
  stamp=$runs/.stamp-$label
  touch "$stamp"
  sleep 1  # JSON written in the same second as the stamp would not count as newer
  printf '\033[1;34m==>\033[0m %s\n' "$label: $*"
  if [ -n "$url" ]; then
    DATABASE_URL=$url "$@" 2>&1 | tee "$log"
  else
    (unset DATABASE_URL; "$@") 2>&1 | tee "$log"
  fi
  status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] || failed=1
  # Everything this script wrote to bench/out/ (measure.py's dated copy of latest-*.json left out).
  mapfile -t written < <(find bench/out -maxdepth 1 -name '*.json' ! -name 'bench-*' -newer "$stamp" | sort)
  $PY bench/summary.py "$label" "$status" ${written[@]+"${written[@]}"} >> "$summary" \
    || echo "$label: exit status $status (summary failed; see $log)" >> "$summary"
  rm -f "$stamp"
}

run run.sh "$runs/run.log" "${DATABASE_URL:-}" bash bench/run.sh ${args[@]+"${args[@]}"}
for script in bench/*_bench.py; do
  name=$(basename "$script" .py)
  url=""
  if [ -n "${DATABASE_URL:-}" ]; then url=$(own_database "$DATABASE_URL" "${name%_bench}"); fi
  run "$name" "$runs/$name.log" "$url" $PY "$script" ${args[@]+"${args[@]}"}
done

# bench/measure.py exits 0 even when a figure misses its target: count those from the summary too.
if grep -q ' MISSED$' "$summary"; then failed=1; fi
echo
echo "Summary ($(date '+%Y-%m-%d %H:%M'); logs in $runs/)"
cat "$summary"
exit $failed
