// /badge-image/:id.png|.svg on the built server: content types, caching, 404s, public access
// (docs/product/badges.md §B-8).
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { describe, expect, it } from "vitest";
import { createApiClient } from "../../app/lib/trpc-client";
import { baseUrl } from "./browser";
import { sessionCookieFor } from "./http-helpers";

async function programId(): Promise<string> {
  const admin = createApiClient({
    url: `${baseUrl()}/api/trpc`,
    headers: { cookie: await sessionCookieFor("admin@demo.test", DEMO_PASSWORD) },
  });
  const root = await admin.catalog.level.query({ itemId: null });
  const id = root.lists[0]?.items[0]?.id;
  if (!id) throw new Error("the demo catalog has no program");
  return id;
}

describe("badge images", () => {
  it("serves the PNG form to anyone, with an ETag that answers 304", async () => {
    const id = await programId();
    const res = await fetch(`${baseUrl()}/badge-image/${id}.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toContain("public");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${baseUrl()}/badge-image/${id}.png`, { headers: { "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);
  });

  it("serves the SVG form as image/svg+xml that runs nothing", async () => {
    const id = await programId();
    const res = await fetch(`${baseUrl()}/badge-image/${id}.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const text = await res.text();
    expect(text.startsWith("<svg")).toBe(true);
    expect(text).not.toMatch(/<script|\son\w+=/i);
  });

  it("answers 404 for an unknown id or a malformed name", async () => {
    for (const name of ["00000000-0000-4000-8000-000000000000.png", "00000000-0000-4000-8000-000000000000.svg", "nope.png", "x"]) {
      const res = await fetch(`${baseUrl()}/badge-image/${name}`);
      expect(res.status, name).toBe(404);
    }
  });
});
