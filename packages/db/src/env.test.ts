import { describe, expect, it } from "vitest";
import { readDbEnv } from "./env";

describe("readDbEnv", () => {
  it("defaults to the SQLite file and a pool of 10", () => {
    expect(readDbEnv({})).toEqual({ DATABASE_URL: "file:./data/missionboard.db", DATABASE_POOL_MAX: 10 });
  });

  it("reads a Postgres URL and a pool size", () => {
    expect(readDbEnv({ DATABASE_URL: "postgres://db/app", DATABASE_POOL_MAX: "1" })).toEqual({
      DATABASE_URL: "postgres://db/app",
      DATABASE_POOL_MAX: 1,
    });
  });

  it.each([
    [{ DATABASE_URL: "mysql://db/app" }, "DATABASE_URL"],
    [{ DATABASE_POOL_MAX: "0" }, "DATABASE_POOL_MAX"],
    [{ DATABASE_POOL_MAX: "ten" }, "DATABASE_POOL_MAX"],
    [{ DATABASE_POOL_MAX: "2.5" }, "DATABASE_POOL_MAX"],
  ])("refuses %o naming %s", (env, name) => {
    expect(() => readDbEnv(env)).toThrow(new RegExp(`${name}: `));
  });
});
