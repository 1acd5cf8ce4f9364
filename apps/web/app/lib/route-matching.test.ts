// The patched @remix-run/router (patches/, docs/decisions/031-route-matching-cache.md): Node loads
// its CommonJS build, which keeps each route array's ranked branches and compiled patterns.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");

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
