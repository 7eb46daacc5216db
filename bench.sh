#!/usr/bin/env bash
# Measures the performance figures (docs/performance.md) against baselines taken in the same run on the
# same machine: starts RabbitMQ and PostgreSQL as ./test.sh does, builds, runs the benchmark project in
# report mode and writes the table with the machine's description to docs/performance.md. Not part of
# ./test.sh: timings are never asserted in tests.
#
#   ./bench.sh                                   3 runs at 10,000 and 1,000,000 facts, a 100,000-message backlog (about an hour on 2 cores)
#   ./bench.sh --runs 1 --scale 10000 --backlog 5000 --relay-rows 5000 --completions 1000   a quick look (a few minutes)
set -euo pipefail
cd "$(dirname "$0")"

runs=3
scale=10000,1000000
backlog=100000
relay_rows=100000
completions=3000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --backlog) backlog="$2"; shift 2 ;;
    --relay-rows) relay_rows="$2"; shift 2 ;;
    --completions) completions="$2"; shift 2 ;;
    *) echo "usage: ./bench.sh [--runs N] [--scale 10000,1000000] [--backlog N] [--relay-rows N] [--completions N]" >&2; exit 2 ;;
  esac
done

./test.sh --servers
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MASSTRANSIT_USAGE_TELEMETRY=false
printf '\n== building\n'
dotnet build Leercultuur.Services.sln -c Release -nologo -v quiet
printf '\n== measuring (%s run(s), %s facts, backlog %s)\n' "$runs" "$scale" "$backlog"
dotnet run -c Release --no-build --project tests/Leercultuur.Benchmarks -- \
  --report docs/performance.md --runs "$runs" --scale "$scale" --backlog "$backlog" --relay-rows "$relay_rows" --completions "$completions"
