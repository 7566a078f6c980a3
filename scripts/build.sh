#!/usr/bin/env bash
# Production build: type-check, then bundle the backend together with the frontend it
# serves (packages/app/dist). Expects scripts/toolchain.sh to have prepared Node and
# the dependencies (./portal build does).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

say "Type-checking ..."
yarn_cmd tsc
say "Building the frontend and the backend bundle ..."
yarn_cmd build:backend
say "Built: packages/backend/dist (run it with ./portal production)"
