#!/usr/bin/env bash
# Catalog benchmark: stock Backstage catalog vs the portal's, on PostgreSQL and SQLite.
#   bash bench/catalog/run.sh             10,000 entities
#   bash bench/catalog/run.sh --large     100,000 entities
# More options in bench/catalog/README.md. Prints figures and ratios; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/toolchain.sh
ensure_node
exec node --max-old-space-size=4096 --require @backstage/cli/config/nodeTransform.cjs bench/catalog/runBenchmark.ts "$@"
