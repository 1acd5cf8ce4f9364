import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "core", root: "packages/core", include: ["src/**/*.test.ts"] } },
      {
        test: {
          name: "db",
          root: "packages/db",
          include: ["src/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "api",
          root: "packages/api",
          include: ["src/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "web",
          root: "apps/web",
          include: ["app/**/*.test.{ts,tsx}"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          root: "apps/web",
          include: ["tests/e2e/**/*.spec.ts"],
          globalSetup: ["./tests/e2e/global-setup.ts"],
          fileParallelism: false,
          // A page waits on the server (a build, a job, a mail): on a busy 2-core machine 1 s (the
          // default) is too short for expect.poll, and a timeout there says nothing about the app.
          expect: { poll: { timeout: 10_000 } },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
