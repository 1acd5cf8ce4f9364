#!/usr/bin/env bash
# The whole suite: lint, typecheck, migrations in sync, unit + integration on SQLite and Postgres,
# and the browser tests. Postgres is TEST_DATABASE_URL when set, otherwise in-process PGlite.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_pnpm
install_dependencies
bash scripts/ensure-chromium.sh

echo "▶ lint";        pnpm lint
echo "▶ typecheck";   pnpm typecheck
echo "▶ migrations";  bash scripts/check-migrations.sh
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "▶ Postgres: $TEST_DATABASE_URL (leftover test databases dropped)"
  pnpm --filter @missionboard/db exec tsx src/cli/drop-test-databases.ts
else
  echo "▶ Postgres: in-process PGlite (set TEST_DATABASE_URL to use a server)"
fi
echo "▶ vitest (core, db, api, web, e2e)"
mkdir -p .cache
set +e
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.cache/vitest-results.json "$@"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync(".cache/vitest-results.json", "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' || true
exit $status
