#!/usr/bin/env bash
# TechDocs benchmark: our TypeScript generator vs MkDocs on a generated 100-page site, plus the
# first view of a never-built site through the TechDocs backend. Prints times and ratios.
# Installs Debian's mkdocs and mkdocs-material for the comparison if they are missing (the
# portal itself never needs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/toolchain.sh
ensure_node

if ! command -v mkdocs >/dev/null 2>&1 || ! dpkg -s mkdocs-material >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The comparison needs MkDocs: sudo apt-get install -y mkdocs mkdocs-material" >&2
    exit 1
  fi
  echo "Installing Debian's mkdocs and mkdocs-material for the comparison ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mkdocs mkdocs-material >/dev/null
fi

# The techdocs-markdown CLI runs its built form (dist/) when it is up to date, as a CI pipeline
# would after `yarn build:cli`; build it so the CLI row measures that.
echo "Building the techdocs-markdown CLI (yarn build:cli) ..."
yarn_cmd workspace @internal/plugin-techdocs-backend-module-markdown build:cli >/dev/null

exec node --require @backstage/cli/config/nodeTransform.cjs bench/techdocs/runBenchmark.ts
