// The patched routers (patches/): Node loads their CommonJS builds. @remix-run/router keeps each route
// array's ranked branches and compiled patterns (docs/decisions/031-route-matching-cache.md);
// @remix-run/react keeps the route objects a render builds from the build's manifest, and
// react-router-dom's static router keeps the data routes made from them (docs/decisions/032-server-render-route-cache.md).
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");
const { UNSAFE_serverRoutesOf: serverRoutesOf } = require("@remix-run/react/dist/server.js") as {
  UNSAFE_serverRoutesOf: (manifest: object, modules: object, future: object, isSpaMode: boolean) => { id: string; children?: unknown[] }[];
};
// react-router-dom is @remix-run/react's dependency, resolved from there as Remix resolves it.
type DataRoute = { id: string; children?: DataRoute[] };
const { createStaticRouter } = createRequire(require.resolve("@remix-run/react"))("react-router-dom/server") as {
  createStaticRouter: (routes: object[], context: never) => { routes: DataRoute[]; state: { matches: { route: DataRoute }[] } };
};

const ids = (routes: Parameters<typeof matchRoutes>[0], path: string) =>
  matchRoutes(routes, path)?.map((m) => [m.route.id, m.params]) ?? null;

describe("route matching on the server (patched router)", () => {
  const routes = [
    {
      id: "root",
      path: "/",
      children: [
        { id: "index", index: true },
        { id: "chat", path: "missions/chats/:chatId" },
        { id: "leaderboard", path: "missions/leaderboard" },
        { id: "splat", path: "*" },
      ],
    },
  ];

  const cases: [string, unknown][] = [
    [
      "/",
      [
        ["root", {}],
        ["index", {}],
      ],
    ],
    [
      "/missions/leaderboard",
      [
        ["root", {}],
        ["leaderboard", {}],
      ],
    ],
    [
      "/missions/chats/abc",
      [
        ["root", { chatId: "abc" }],
        ["chat", { chatId: "abc" }],
      ],
    ],
    [
      "/MISSIONS/LEADERBOARD/",
      [
        ["root", {}],
        ["leaderboard", {}],
      ],
    ],
    [
      "/nowhere",
      [
        ["root", { "*": "nowhere" }],
        ["splat", { "*": "nowhere" }],
      ],
    ],
  ];
  for (const [path, want] of cases) {
    it(`${path} matches the same routes every time`, () => {
      expect(ids(routes, path)).toEqual(want);
      expect(ids(routes, path)).toEqual(want);
    });
  }

  it("keeps the ranked branches of a route array (so a server never edits its routes in place)", () => {
    const table = [{ id: "a", path: "/a" }];
    expect(ids(table, "/b")).toBeNull();
    table.push({ id: "b", path: "/b" });
    expect(ids(table, "/b")).toBeNull(); // the cached branches of `table`
    expect(ids([...table], "/b")).toEqual([["b", {}]]); // a new array is ranked afresh
  });
});

describe("a server render's routes (patched @remix-run/react and react-router-dom)", () => {
  const manifest = {
    root: { id: "root", path: "", hasLoader: true },
    "routes/a": { id: "routes/a", parentId: "root", path: "a", hasLoader: false },
  };
  const modules = () => ({ root: { default: () => null }, "routes/a": { default: () => null } });
  const future = {};

  it("builds the route objects once per manifest while the route modules are the same ones", () => {
    const shared = modules();
    const first = serverRoutesOf(manifest, { ...shared }, future, false);
    // Remix hands every request a new object holding the same modules.
    expect(serverRoutesOf(manifest, { ...shared }, future, false)).toBe(first);
    expect(first.map((r) => r.id)).toEqual(["root"]);
    expect(((first[0]?.children ?? []) as { id: string }[]).map((r) => r.id)).toEqual(["routes/a"]);
  });

  it("builds them again when a module, the future flags or the mode differ", () => {
    const shared = modules();
    const first = serverRoutesOf(manifest, shared, future, false);
    expect(serverRoutesOf(manifest, { ...shared, "routes/a": { default: () => null } }, future, false)).not.toBe(first);
    const second = serverRoutesOf(manifest, shared, future, false);
    expect(serverRoutesOf(manifest, shared, {}, false)).not.toBe(second);
    expect(serverRoutesOf(manifest, shared, future, true)).not.toBe(serverRoutesOf(manifest, shared, future, false));
  });

  it("converts a route array to data routes once, and each router still gets its own request's matches", () => {
    const routes = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "a", path: "a" },
          { id: "b", path: "b" },
        ],
      },
    ];
    const contextFor = (leaf: string) => {
      const matches = [routes[0], routes[0]?.children.find((r) => r.id === leaf)].map((route) => ({
        route,
        params: {},
        pathname: "/",
        pathnameBase: "/",
      }));
      return {
        basename: "/",
        location: { pathname: `/${leaf}` },
        matches,
        loaderData: {},
        actionData: null,
        errors: null,
        statusCode: 200,
        loaderHeaders: {},
        actionHeaders: {},
        activeDeferreds: null,
      } as never;
    };
    const a = createStaticRouter(routes, contextFor("a"));
    const b = createStaticRouter(routes, contextFor("b"));
    expect(b.routes).toBe(a.routes);
    expect(a.state.matches.map((m) => m.route.id)).toEqual(["root", "a"]);
    expect(b.state.matches.map((m) => m.route.id)).toEqual(["root", "b"]);
    // The matches carry the data routes, not the routes given.
    expect(b.state.matches[1]?.route).toBe(b.routes[0]?.children?.[1]);
    expect(createStaticRouter([...routes], contextFor("a")).routes).not.toBe(a.routes);
  });
});
