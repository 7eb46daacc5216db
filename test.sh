#!/usr/bin/env bash
# Runs the tests against real servers: installs RabbitMQ and PostgreSQL from Debian's packages when
# they are missing (needs root), starts them, builds, runs the tests and ends with "N passed, N failed".
#
#   ./test.sh            the main suite (every *.Tests project but the dashboard's; about ten minutes)
#   ./test.sh --faults   the fault scenarios (a PostgreSQL cluster stopped for 30 s mid-flow; about 5 minutes)
#   ./test.sh --browser  the dashboard's browser tests (headless Chromium against the demo; about 3 minutes)
#   ./test.sh --all      all three, with one total (what CI runs)
#   ./test.sh --servers  only install and start RabbitMQ and PostgreSQL (what ./bench.sh needs)
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:---main}"
case "$mode" in
  --main|--faults|--browser|--all|--servers) ;;
  *) echo "usage: ./test.sh [--faults | --browser | --all | --servers]" >&2; exit 2 ;;
esac

log() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing() {
  local missing=()
  [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  # The dashboard's browser tests drive Debian's Chromium (Playwright downloads no browser here).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_rabbitmq() {
  log "starting RabbitMQ"
  if ! as_root rabbitmqctl status >/dev/null 2>&1; then
    as_root service rabbitmq-server start >/dev/null 2>&1 || true
  fi
  as_root rabbitmqctl await_startup >/dev/null
  # The management API creates one virtual host per test, so tests never share queues.
  as_root rabbitmq-plugins enable rabbitmq_management >/dev/null
  for _ in $(seq 1 60); do
    curl -fsS -u guest:guest http://localhost:15672/api/overview >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "RabbitMQ management API did not come up" >&2
  return 1
}

# A login that may create and drop the per-test databases, on the cluster on port $1.
ensure_role() {
  as_root su postgres -c "psql -p $1 -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'leercultuur'\"" | grep -q 1 ||
    as_root su postgres -c "psql -p $1 -qc \"CREATE ROLE leercultuur LOGIN CREATEDB PASSWORD 'leercultuur'\""
}

wait_for_postgresql() {
  for _ in $(seq 1 60); do
    as_root su postgres -c "pg_isready -q" && break
    sleep 1
  done
}

start_postgresql() {
  log "starting PostgreSQL"
  as_root service postgresql start >/dev/null
  wait_for_postgresql
  # Test classes run at once, each with databases and hosts of its own (pools, relays, consumers), and the
  # benchmarks run three services on this one server: Debian's 100 connections run out. Raised once; the
  # server restarts to take it.
  if [ "$(as_root su postgres -c "psql -qtAc 'SHOW max_connections'")" -lt 300 ]; then
    as_root su postgres -c "psql -qc 'ALTER SYSTEM SET max_connections = 300'"
    as_root service postgresql restart >/dev/null
    wait_for_postgresql
  fi
  ensure_role 5432
}

# The fault scenarios stop and start a cluster of their own (port 5433), never the one other tests use.
start_faults_cluster() {
  local version
  version=$(pg_lsclusters -h | awk '$2 == "main" { print $1; exit }')
  log "starting the faults PostgreSQL cluster ($version faults, port 5433)"
  if ! pg_lsclusters -h | awk '{ print $2 }' | grep -qx faults; then
    as_root pg_createcluster "$version" faults -p 5433 >/dev/null
  fi
  as_root pg_ctlcluster "$version" faults start >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    as_root su postgres -c "pg_isready -q -p 5433" && break
    sleep 1
  done
  ensure_role 5433
  export POSTGRES_FAULTS_CLUSTER="$version faults"
  export POSTGRES_FAULTS_CONNECTION_STRING="Host=localhost;Port=5433;Username=leercultuur;Password=leercultuur;Database=postgres;Pooling=false"
}

count_results() {
  local passed=0 failed=0 file p f
  for file in TestResults/*.trx; do
    [ -e "$file" ] || continue
    p=$(grep -o '<Counters [^>]*' "$file" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    f=$(grep -o '<Counters [^>]*' "$file" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
  done
  echo "$passed $failed"
}

# The API Design Rules linter (Spectral) for the OpenAPI tests, pinned by tests/openapi/package-lock.json.
install_linter() {
  if [ ! -x tests/openapi/node_modules/.bin/spectral ]; then
    log "installing the OpenAPI linter"
    npm ci --prefix tests/openapi --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

install_missing
if [ "$mode" = "--servers" ]; then
  start_rabbitmq
  start_postgresql
  exit 0
fi
install_linter
start_rabbitmq
start_postgresql
if [ "$mode" = "--faults" ] || [ "$mode" = "--all" ]; then
  start_faults_cluster
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MASSTRANSIT_USAGE_TELEMETRY=false
rm -rf TestResults

log "building"
if ! dotnet build Leercultuur.Services.sln -c Release -nologo -v quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi

browser=tests/Leercultuur.Dashboard.Tests/Leercultuur.Dashboard.Tests.csproj
projects=()
if [ "$mode" = "--main" ] || [ "$mode" = "--all" ]; then
  for project in tests/*.Tests/*.Tests.csproj; do
    [ "$project" = "$browser" ] || projects+=("$project")
  done
fi
if [ "$mode" = "--faults" ] || [ "$mode" = "--all" ]; then
  projects+=(tests/Leercultuur.FaultScenarios/Leercultuur.FaultScenarios.csproj)
fi
if [ "$mode" = "--browser" ] || [ "$mode" = "--all" ]; then
  projects+=("$browser")
fi

log "testing"
# One run per test project, each writing its own result file, so that no two files can collide.
status=0
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory TestResults || status=$?
done

read -r passed failed < <(count_results)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without reporting a failed test (a crash or a build problem): count it.
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
