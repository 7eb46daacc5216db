#!/usr/bin/env bash
# Runs every test against real servers: installs RabbitMQ and PostgreSQL from Debian's packages when
# they are missing (needs root), starts them, runs all test projects and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing() {
  local missing=()
  [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
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

start_postgresql() {
  log "starting PostgreSQL"
  as_root service postgresql start >/dev/null
  for _ in $(seq 1 60); do
    as_root su postgres -c "pg_isready -q" && break
    sleep 1
  done
  # A login that may create and drop the per-test databases.
  as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'leercultuur'\"" | grep -q 1 ||
    as_root su postgres -c "psql -qc \"CREATE ROLE leercultuur LOGIN CREATEDB PASSWORD 'leercultuur'\""
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

install_missing
start_rabbitmq
start_postgresql

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MASSTRANSIT_USAGE_TELEMETRY=false
rm -rf TestResults

log "building"
if ! dotnet build Leercultuur.Services.sln -c Release -nologo -v quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi

log "testing"
# One run per test project, each writing its own result file, so that no two files can collide.
status=0
for project in tests/*.Tests/*.Tests.csproj; do
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
