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

# `pnpm start` runs in production, which refuses to start without a strong SESSION_SECRET. On the
# first run, write a random one into .env; never replace one that is already there (or set in the
# environment, which wins over .env anyway).
ensure_session_secret() {
  if [ -n "${SESSION_SECRET:-}" ]; then return; fi
  if [ -f .env ] && grep -Eq '^[[:space:]]*(export[[:space:]]+)?SESSION_SECRET=[^[:space:]]' .env; then return; fi
  local secret
  secret="$(node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))')"
  if [ -s .env ] && [ -n "$(tail -c 1 .env)" ]; then echo >> .env; fi
  printf '# Written by `npm run demo` on its first run: signs session cookies. Keep it secret.\nSESSION_SECRET=%s\n' "$secret" >> .env
  echo "Wrote a random SESSION_SECRET to .env (kept on later runs)."
}

# Likewise the key that encrypts the Open Badges signing key in the database (without it,
# production refuses to issue credentials). Never replaced: another value cannot decrypt the key.
ensure_credential_key_secret() {
  if [ -n "${CREDENTIAL_KEY_SECRET:-}" ]; then return; fi
  if [ -f .env ] && grep -Eq '^[[:space:]]*(export[[:space:]]+)?CREDENTIAL_KEY_SECRET=[^[:space:]]' .env; then return; fi
  local secret
  secret="$(node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))')"
  if [ -s .env ] && [ -n "$(tail -c 1 .env)" ]; then echo >> .env; fi
  printf '# Written by `npm run demo` on its first run: encrypts the credential signing key. Keep it secret.\nCREDENTIAL_KEY_SECRET=%s\n' "$secret" >> .env
  echo "Wrote a random CREDENTIAL_KEY_SECRET to .env (kept on later runs)."
}

# The server as the last process of the script, with no pnpm in between: Ctrl-C (SIGINT to the
# whole foreground group) reaches node alone, which stops cleanly and exits 0. Under `pnpm start`
# pnpm saw its child interrupted and printed ELIFECYCLE and a recursive-run failure.
start_app() {
  cd "$ROOT/apps/web"
  NODE_ENV="${NODE_ENV:-production}" exec node server.mjs
}
