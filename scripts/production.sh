#!/usr/bin/env bash
# Runs the built portal the way production does: one process serving the frontend and
# the API on port 7007, configured by app-config.yaml + app-config.production.yaml and
# the environment (POSTGRES_*, BACKEND_SECRET, AUTH_GITHUB_*). Extra arguments are
# passed to the backend, e.g. --config app-config.mine.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

if [ ! -f packages/backend/dist/index.cjs.js ]; then
  bash scripts/build.sh
fi
export NODE_ENV="${NODE_ENV:-production}"
exec node packages/backend --config app-config.yaml --config app-config.production.yaml "$@"
