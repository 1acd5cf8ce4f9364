import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./api.server";

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
  it("refuses a post from an opaque origin (Origin: null) or from a sibling subdomain", () => {
    expect(isCrossSiteWrite("POST", url, h({ origin: "null" }))).toBe(true);
    expect(isCrossSiteWrite("POST", url, h({ origin: "null", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isCrossSiteWrite("POST", url, h({ "sec-fetch-site": "same-site" }))).toBe(true);
  });
});
