import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { emblemSvg } from "@missionboard/core";
import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { ArtworkRefused, artworkPng, artworkSvg, neutraliseSvg, rasteriseUploadedSvg, SVG_REFUSED } from "./artwork.server";
import { ARTWORK_TYPE_MESSAGE, artworkFile, receiveUpload } from "./upload.server";

const bytes = (text: string) => new TextEncoder().encode(text);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const pngOf = (dataUrl: string) => Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64");
/** The RGBA pixel at (x, y) of a PNG. */
function pixel(png: Buffer, x: number, y: number): number[] {
  const image = new Resvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><image href="data:image/png;base64,${png.toString("base64")}" width="64" height="64"/></svg>`,
  ).render();
  const at = (y * image.width + x) * 4;
  return [...image.pixels.subarray(at, at + 4)];
}

/** A 1×1 opaque red PNG, written to a file a hostile SVG could name. */
const RED_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");

describe("uploaded SVG artwork", () => {
  it("is rasterised to a PNG: what is stored is never the SVG", () => {
    const url = rasteriseUploadedSvg(
      bytes(
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#00f"/></svg>',
      ),
    );
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    const png = pngOf(url);
    expect([...png.subarray(0, 4)]).toEqual(PNG_SIGNATURE);
    expect(pixel(png, 32, 32)).toEqual([0, 0, 255, 255]);
  });

  it("neutralises scripts and event handlers: the result is pixels only", () => {
    const url = rasteriseUploadedSvg(
      bytes(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(document.cookie)</script><rect width="10" height="10" fill="#0f0"/></svg>',
      ),
    );
    const png = pngOf(url);
    expect(png.includes(Buffer.from("alert"))).toBe(false);
    expect(pixel(png, 32, 32)).toEqual([0, 255, 0, 255]);
  });

  it("neutralises external references: a local file named by <image href> is not read", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "artwork-test-"));
    const file = path.join(dir, "secret.png");
    writeFileSync(file, RED_PNG);
    const hostile = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><image href="${file}" width="10" height="10"/><image xlink:href="file://${file}" width="10" height="10"/></svg>`;
    // Unprotected, resvg would draw the file (the reason for neutraliseSvg).
    const unprotected = new Resvg(hostile, { fitTo: { mode: "width", value: 64 } }).render().asPng();
    expect(pixel(unprotected, 32, 32)).toEqual([255, 0, 0, 255]);
    const png = pngOf(rasteriseUploadedSvg(bytes(hostile)));
    expect(pixel(png, 32, 32)[3]).toBe(0);
    expect(neutraliseSvg(hostile)).not.toContain(file);
    const remote = '<svg><rect fill="url(https://evil.test/x.svg#p)" style="fill: url(\'//evil.test/y\')"/></svg>';
    expect(neutraliseSvg(remote)).toBe('<svg><rect fill="none" style="fill: none"/></svg>');
  });

  it("keeps fragment references and embedded rasters", () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/><rect fill="url(#g)"/><image href="data:image/png;base64,AAAA"/></svg>';
    expect(neutraliseSvg(svg)).toBe(svg);
  });

  it("refuses DOCTYPEs and entities, and what is not an SVG", () => {
    const entity =
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>';
    expect(() => rasteriseUploadedSvg(bytes(entity))).toThrow(new ArtworkRefused(SVG_REFUSED.doctype));
    expect(() => rasteriseUploadedSvg(bytes("<html><body>hi</body></html>"))).toThrow(new ArtworkRefused(SVG_REFUSED.invalid));
    expect(() => rasteriseUploadedSvg(bytes("<svg xmlns='http://www.w3.org/2000/svg'><rect"))).toThrow(ArtworkRefused);
  });
});

describe("artwork upload field", () => {
  const limits = {
    fields: { icon: { kind: "file" as const, maxBytes: 2048, store: "memory" as const, accept: artworkFile, tooLarge: "Too large." } },
    maxParts: 4,
  };
  const post = (content: BlobPart, filename: string) => {
    const body = new FormData();
    body.append("icon", new Blob([content]), filename);
    return new Request("http://app.test/upload", { method: "POST", body });
  };

  it("accepts PNG and SVG by content, whatever the file's name", async () => {
    const png = await receiveUpload(post(RED_PNG, "badge.txt"), limits);
    expect(png.ok).toBe(true);
    const svg = await receiveUpload(post('<svg xmlns="http://www.w3.org/2000/svg"/>', "badge.png"), limits);
    expect(svg.ok && svg.files.icon?.data).toBeTruthy();
  });

  it("refuses a file of another type even when it is named .png or .svg", async () => {
    for (const [content, name] of [
      ["GIF? no: plain text", "badge.png"],
      ["<html><script>alert(1)</script></html>", "badge.svg"],
      ['{"svg": true}', "badge.svg"],
    ]) {
      const result = await receiveUpload(post(content ?? "", name ?? ""), limits);
      expect(result).toMatchObject({ ok: false, status: 400, field: "icon", message: ARTWORK_TYPE_MESSAGE });
    }
  });

  it("refuses an oversized file with 413", async () => {
    const big = `<svg xmlns="http://www.w3.org/2000/svg">${"<!-- padding -->".repeat(200)}</svg>`;
    const result = await receiveUpload(post(big, "big.svg"), limits);
    expect(result).toMatchObject({ ok: false, status: 413, message: "Too large." });
  });
});

describe("artwork forms", () => {
  const art = { id: "0b6c1f7e-0000-4000-8000-000000000001", kind: "capstone" as const, title: "Final project", programId: "p-1" };

  it("serves the emblem as SVG and PNG when nothing was uploaded", () => {
    expect(artworkSvg({ ...art, image: null })).toBe(emblemSvg(art));
    const png = artworkPng({ ...art, image: null });
    expect([...png.subarray(0, 4)]).toEqual(PNG_SIGNATURE);
    expect(png.readUInt32BE(16)).toBe(256);
    // Deterministic (and cached): the same bytes again.
    expect(artworkPng({ ...art, image: null }).equals(png)).toBe(true);
  });

  it("serves an uploaded PNG as it is, and wraps it for the SVG form", () => {
    const image = `data:image/png;base64,${RED_PNG.toString("base64")}`;
    expect(artworkPng({ ...art, image }).equals(RED_PNG)).toBe(true);
    expect(artworkSvg({ ...art, image })).toContain(`href="${image}"`);
  });
});
