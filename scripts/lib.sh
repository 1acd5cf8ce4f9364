# Shared by scripts/demo.sh and scripts/test.sh: a pinned pnpm without assuming a global one,
# and the native-addon build settings this machine needs.
PNPM_VERSION=12.4.2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    return
  fi
  local local_bin="$ROOT/.cache/pnpm/node_modules/.bin"
  if [ ! -x "$local_bin/pnpm" ] || [ "$("$local_bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "Installing pnpm $PNPM_VERSION into .cache/pnpm (no global install needed)…"
    npm install --prefix "$ROOT/.cache/pnpm" --no-save --no-package-lock --no-audit --no-fund "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$local_bin:$PATH"
}

install_dependencies() {
  # better-sqlite3 compiles from source here; node-gyp must use the local Node headers.
  if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
  pnpm install --frozen-lockfile
}
