// pnpm bench:badges — badge approvals and recompute at scale (see packages/api/src/bench/badges.ts).
// Runs through the api package (tsx resolves the workspace packages from there). Set
// BENCH_DATABASE_URL=postgres://… to also run it against a fresh database on that server.
import { runBadgeBenchmark } from "../../packages/api/src/bench/badges";

runBadgeBenchmark({ postgresUrl: process.env.BENCH_DATABASE_URL }).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
