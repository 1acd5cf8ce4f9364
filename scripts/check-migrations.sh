#!/usr/bin/env bash
# Fails when a schema change has no committed migration: drizzle-kit generate, run against a copy
# of drizzle/, must report nothing to do for either engine.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=".cache/migration-check"
rm -rf "$scratch" && mkdir -p "$scratch" && cp -r drizzle "$scratch/"
trap 'rm -rf "$scratch"' EXIT
for engine in sqlite pg; do
  # drizzle-kit wants a path relative to the config file's directory.
  out=$(cd packages/db && DRIZZLE_OUT="../../$scratch/drizzle/$engine" pnpm exec drizzle-kit generate --config "drizzle.$engine.config.ts" 2>&1)
  if ! grep -q "No schema changes" <<<"$out"; then
    echo "The $engine schema and the migrations in drizzle/$engine disagree. Run: pnpm db:generate" >&2
    echo "$out" | tail -n 20 >&2
    exit 1
  fi
done
echo "migrations match the schema on both engines"
