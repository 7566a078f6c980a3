#!/usr/bin/env bash
# Databases benchmark: 50 requests at concurrency 10 through the portal's HTTP API, from
# submit to credentials that open a session; median, p95, failures, orphans. Baseline: the
# same CREATE ROLE/CREATE DATABASE work done directly with pg. Needs PostgreSQL at
# PORTAL_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432) and port 7047 free.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/toolchain.sh
ensure_node
# Other benchmarks start portals too; never measure someone else's.
ensure_port_free 7047 "the databases benchmark's portal"
exec node --require @backstage/cli/config/nodeTransform.cjs bench/databases/runBenchmark.ts "$@"
