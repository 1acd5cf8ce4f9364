// Build check for the Remix v3 future flags: the production build the browser tests run (global
// setup builds it) has every v3 flag on, and its route table, read from app/routes.ts since
// v3_routeConfig, is exactly what Remix's flat-routes file convention gives for app/routes, i.e.
// the table the Vite plugin built before the flag (@remix-run/dev's config.js: root plus
// flatRoutes(appDirectory) with "root" as the default parent).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { UNSAFE_flatRoutes } from "@remix-run/dev";
import { describe, expect, it } from "vitest";
import { webDir } from "./app-server";

interface RouteRow {
  id: string;
  parentId: string | null;
  path: string | null;
  index: boolean;
  caseSensitive: boolean;
}

interface RouteLike {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}

const row = (route: RouteLike, defaultParent: string | null): RouteRow => ({
  id: route.id,
  parentId: route.parentId || defaultParent,
  path: route.path ?? null,
  index: route.index === true,
  caseSensitive: route.caseSensitive === true,
});
const byId = (a: RouteRow, b: RouteRow) => a.id.localeCompare(b.id);

/** `routes` and `future` of build/server/index.js, read in a plain Node process (as server.mjs loads it). */
function builtApp(): { routes: Record<string, RouteLike>; future: Record<string, boolean> } {
  const script = `const b = await import(process.argv[1]);
process.stdout.write(JSON.stringify({ routes: b.routes, future: b.future }));`;
  const build = pathToFileURL(path.join(webDir, "build/server/index.js")).href;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script, build], { cwd: webDir, encoding: "utf8" });
  return JSON.parse(out);
}

describe("Remix v3 future flags in the production build", () => {
  const app = builtApp();

  it("turns every v3 future flag on, v3_routeConfig included", () => {
    const v3 = Object.entries(app.future).filter(([flag]) => flag.startsWith("v3_"));
    expect(v3.map(([flag]) => flag)).toEqual(
      expect.arrayContaining([
        "v3_fetcherPersist",
        "v3_relativeSplatPath",
        "v3_throwAbortReason",
        "v3_singleFetch",
        "v3_lazyRouteDiscovery",
        "v3_routeConfig",
      ]),
    );
    expect(v3.filter(([, on]) => on !== true)).toEqual([]);
  });

  it("serves the same route table as the flat-routes file convention", () => {
    const built = Object.values(app.routes)
      .map((route) => row(route, null))
      .sort(byId);
    const legacy = [
      row({ id: "root", path: "" }, null),
      ...Object.values(UNSAFE_flatRoutes(path.join(webDir, "app"))).map((route) => row(route, "root")),
    ].sort(byId);
    expect(built.length).toBeGreaterThan(30);
    expect(built).toEqual(legacy);
  });
});
