#!/usr/bin/env bash
# DevEx dashboards benchmark: 1,000,000 deployments and 50,000 incidents for 500 services
# in PostgreSQL and SQLite, then the organization, team and component dashboard API calls
# timed (median, p95). Needs PostgreSQL at BENCH_POSTGRES_URL (default
# postgresql://postgres@127.0.0.1:5432, a user that may create databases). Asserts nothing.
#   BENCH_ENGINES=postgres|sqlite|postgres,sqlite   BENCH_RUNS=40   BENCH_DEPLOYMENTS=1000000
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/toolchain.sh
ensure_node
exec node --max-old-space-size=4096 --require @backstage/cli/config/nodeTransform.cjs bench/devex/runBenchmark.ts
