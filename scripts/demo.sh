#!/usr/bin/env bash
# One command from a fresh clone to a running app on SQLite with demo data at http://localhost:3000.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_pnpm
install_dependencies
ensure_session_secret
ensure_credential_key_secret
pnpm db:migrate
pnpm db:seed
pnpm build
echo "Starting Missionboard on http://localhost:${PORT:-3000} (demo accounts are listed in the README)…"
start_app
