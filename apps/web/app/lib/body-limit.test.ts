import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { BODY_MAX_BYTES, BodyTooLargeError, bodyLimit, bodyTooLargeResponse, byteLimit, STREAMED_UPLOAD_PATHS } from "./body-limit.server";

describe("bodyLimit", () => {
  it.each(STREAMED_UPLOAD_PATHS)("leaves multipart posts to %s to the page's own streamed limits", (path) => {
    expect(bodyLimit(path, "multipart/form-data; boundary=x")).toBeNull();
    // single fetch posts to "<path>.data"; a trailing slash or capitals name the same page
    expect(bodyLimit(`${path}.data`, "multipart/form-data; boundary=x")).toBeNull();
    expect(bodyLimit(`${path}/`, "Multipart/Form-Data; boundary=x")).toBeNull();
    expect(bodyLimit(path.toUpperCase(), "multipart/form-data; boundary=x")).toBeNull();
  });

  it.each([
    ["/admin/data", "application/x-www-form-urlencoded"],
    ["/admin/catalog", "application/json"],
    ["/admin/missions", null],
    ["/logout", "application/x-www-form-urlencoded"],
    ["/logout", "multipart/form-data; boundary=x"],
    ["/login", "multipart/form-data; boundary=x"],
    ["/api/trpc/auth.signIn", "application/json"],
    ["/admin/data/progress", "multipart/form-data; boundary=x"],
    ["/admin/datax", "multipart/form-data; boundary=x"],
    ["/x/admin/data", "multipart/form-data; boundary=x"],
  ])("caps %s (%s) at 1 MB", (path, type) => {
    expect(bodyLimit(path, type)).toBe(BODY_MAX_BYTES);
  });
});

describe("byteLimit", () => {
  const through = async (sizes: number[], limit: number) => {
    let received = 0;
    await pipeline(Readable.from(sizes.map((n) => Buffer.alloc(n))), byteLimit(limit), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) received += chunk.byteLength;
    });
    return received;
  };

  it("passes a body up to the limit through unchanged", async () => {
    expect(await through([400, 400, 224], 1024)).toBe(1024);
  });

  it("fails as soon as the limit is passed, before the rest is read", async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1000;
        this.push(Buffer.alloc(1000));
      },
    });
    await expect(
      pipeline(endless, byteLimit(10_000), async (s: AsyncIterable<Buffer>) => {
        for await (const _ of s);
      }),
    ).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(produced).toBeLessThan(100_000);
  });

  it("fails for one byte over", async () => {
    await expect(through([1024, 1], 1024)).rejects.toThrow(/at most 1 MB/);
  });
});

describe("bodyTooLargeResponse", () => {
  it("answers tRPC clients in tRPC's error shape and everyone else in plain text", () => {
    const trpc = bodyTooLargeResponse("/api/trpc/auth.signIn");
    expect(trpc.contentType).toBe("application/json");
    expect(JSON.parse(trpc.body)).toMatchObject({ error: { data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } });
    expect(bodyTooLargeResponse("/logout")).toEqual({ contentType: "text/plain; charset=utf-8", body: expect.stringMatching(/too large/) });
  });
});
