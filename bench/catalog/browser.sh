#!/usr/bin/env bash
# The catalog page in Chromium over a kept bench catalog (PostgreSQL), the built portal
# serving it with processing on:
#   bash bench/catalog/run.sh --databases postgres --variants ours --ingest-only --keep
#   bash bench/catalog/browser.sh --instance catbench_<pid>_pg_ours
# Needs the built portal (yarn build:backend). More in bench/catalog/README.md, "Browser".
# Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/toolchain.sh
ensure_node
ensure_chromium
if [ ! -f packages/backend/dist/index.cjs.js ]; then
  fail "The built portal is missing (packages/backend/dist); build it with: yarn build:backend"
fi
exec node --require @backstage/cli/config/nodeTransform.cjs bench/catalog/browserCatalogPage.ts "$@"
