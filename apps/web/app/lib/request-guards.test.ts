import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./api.server";
import { safeRedirect } from "./auth.server";

describe("isCrossSiteWrite", () => {
  const url = "http://app.test/admin/audit";
  const h = (init: Record<string, string>) => new Headers(init);

  it("lets reads through whatever their origin", () => {
    expect(isCrossSiteWrite("GET", url, h({ origin: "https://evil.test" }))).toBe(false);
  });
  it("accepts a post from our own origin, or without an Origin header", () => {
    expect(isCrossSiteWrite("POST", url, h({ origin: "http://app.test" }))).toBe(false);
    expect(isCrossSiteWrite("POST", url, h({}))).toBe(false);
  });
  it("refuses a post from another origin or marked cross-site", () => {
    expect(isCrossSiteWrite("POST", url, h({ origin: "https://evil.test" }))).toBe(true);
    expect(isCrossSiteWrite("POST", url, h({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteWrite("DELETE", url, h({ origin: "http://app.test:8080" }))).toBe(true);
  });
});

describe("safeRedirect", () => {
  it.each([
    ["/admin/audit?page=2", "/admin/audit?page=2"],
    ["//evil.test", "/"],
    ["/\\evil.test", "/"],
    ["https://evil.test", "/"],
    [null, "/"],
  ])("%j → %j", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });
});
