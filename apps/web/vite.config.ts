import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Rollup } from "vite";

/**
 * Resource routes (healthz, api.trpc.$, exports…) have no component, so their client chunk is empty
 * by design; Rollup's EMPTY_BUNDLE warning for them is noise that hid real warnings. Every other
 * warning goes through.
 */
export function onBuildWarning(warning: Rollup.RollupLog, warn: (warning: Rollup.RollupLog) => void) {
  if (warning.code === "EMPTY_BUNDLE") return;
  warn(warning);
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        // The route table comes from app/routes.ts (the same flat-routes file convention as before).
        v3_routeConfig: true,
      },
    }),
  ],
  build: { rollupOptions: { onwarn: onBuildWarning } },
  server: { port: 3000 },
  optimizeDeps: { exclude: ["@node-rs/argon2"], include: ["@trpc/client"] },
  ssr: { external: ["better-sqlite3", "postgres", "@node-rs/argon2", "@electric-sql/pglite"] },
});
