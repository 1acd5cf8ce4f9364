import { describe, expect, it } from "vitest";
import {
  buildCatalogDocument,
  buildCatalogTree,
  CATALOG_DOCUMENT_MAX_BYTES,
  type CatalogItemData,
  checkCatalogDocument,
  dataUrlMatchesContent,
  findProgramClashes,
  flattenCatalogDocument,
  formatDocumentPath,
  parseCatalogDocument,
  sniffImageType,
} from "./catalog-document";

const PNG_1PX = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

const doc = (programs: unknown[]) => ({ format: "missionboard.catalog", version: 1, programs });

const row = (
  id: string,
  kind: CatalogItemData["kind"],
  parentId: string | null,
  position: number,
  extra: Partial<CatalogItemData> = {},
) => ({
  id,
  kind,
  parentId,
  title: id.toUpperCase(),
  description: null,
  iconEmoji: null,
  iconImage: null,
  isActive: true,
  isRequired: false,
  position,
  ...extra,
});

describe("checkCatalogDocument", () => {
  it("accepts a minimal document and fills defaults", () => {
    const result = checkCatalogDocument(doc([{ title: " Python " }]));
    expect(result).toEqual({
      ok: true,
      document: {
        format: "missionboard.catalog",
        version: 1,
        programs: [
          {
            title: "Python",
            description: null,
            icon: { emoji: null, image: null },
            isActive: true,
            skills: [],
            capstones: [],
            progressBadges: [],
          },
        ],
      },
    });
  });

  it("reports every problem with its JSON path", () => {
    const result = checkCatalogDocument(
      doc([
        {
          title: "P",
          skills: [{ title: "A" }, { title: "B", miniBadges: [{ title: "x".repeat(201) }] }, { description: "no title" }],
          capstones: [{ title: "C", isRequired: "yes" }],
          progressBadges: [{ title: "G", icon: { image: "data:image/svg+xml;base64,PHN2Zz4=" } }],
        },
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      "programs[0].skills[1].miniBadges[0].title: Title must be 200 characters or less.",
      "programs[0].skills[2].title: Title is required.",
      "programs[0].capstones[0].isRequired: isRequired must be true or false.",
      "programs[0].progressBadges[0].icon.image: The icon must be a PNG, JPEG, WebP or GIF image.",
    ]);
  });

  it("refuses the wrong format or version", () => {
    const result = checkCatalogDocument({ format: "other", version: 2, programs: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.split(":")[0])).toEqual(["format", "version"]);
    expect(checkCatalogDocument("nope")).toMatchObject({ ok: false, errors: [expect.stringMatching(/^\(document\): /)] });
  });

  it("refuses duplicate titles among same-kind siblings in any letter case, but not across parents or kinds", () => {
    const result = checkCatalogDocument(
      doc([
        {
          title: "Python",
          skills: [
            { title: "Basics", miniBadges: [{ title: "Loops" }, { title: "LOOPS " }] },
            { title: "basics" },
            { title: "Other", miniBadges: [{ title: "Loops" }] },
          ],
          capstones: [{ title: "Basics" }],
        },
        { title: "PYTHON" },
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      "programs[1].title: “PYTHON” appears twice among the programs (also at programs[0]).",
      "programs[0].skills[1].title: “basics” appears twice among the skills of this program (also at programs[0].skills[0]).",
      "programs[0].skills[0].miniBadges[1].title: “LOOPS” appears twice among the mini-badges of this skill (also at programs[0].skills[0].miniBadges[0]).",
    ]);
  });
});

describe("parseCatalogDocument", () => {
  it("refuses oversize text before parsing and non-JSON text", () => {
    expect(parseCatalogDocument(" ".repeat(CATALOG_DOCUMENT_MAX_BYTES + 1))).toEqual({
      ok: false,
      errors: ["The catalog file must be 2 MB or smaller."],
    });
    // Under the limit in UTF-16 code units, over it in UTF-8 bytes.
    expect(parseCatalogDocument("é".repeat(CATALOG_DOCUMENT_MAX_BYTES / 2 + 1)).ok).toBe(false);
    expect(parseCatalogDocument("{ not json")).toEqual({ ok: false, errors: ["The file is not valid JSON."] });
  });
});

describe("findProgramClashes", () => {
  it("names programs whose title already exists, ignoring case", () => {
    const result = checkCatalogDocument(doc([{ title: "New" }, { title: "old one" }]));
    if (!result.ok) throw new Error("invalid");
    expect(findProgramClashes(result.document, new Set(["old one"]))).toEqual([
      "programs[1].title: A program titled “old one” already exists; rename it in the file or rename the existing one.",
    ]);
  });
});

describe("images", () => {
  it("sniffs raster types from the bytes and checks data URLs against them", () => {
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("png");
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpeg");
    expect(sniffImageType(new TextEncoder().encode("GIF89a"))).toBe("gif");
    expect(sniffImageType(new TextEncoder().encode("RIFF0000WEBPVP8 "))).toBe("webp");
    expect(sniffImageType(new TextEncoder().encode("<svg xmlns="))).toBeNull();
    expect(dataUrlMatchesContent(PNG_1PX)).toBe(true);
    expect(dataUrlMatchesContent(PNG_1PX.replace("image/png", "image/gif"))).toBe(false);
    expect(dataUrlMatchesContent(`data:image/png;base64,${btoa("<svg onload=alert(1)>")}`)).toBe(false);
  });
});

describe("buildCatalogTree", () => {
  const rows = [
    row("p2", "program", null, 1),
    row("p1", "program", null, 0),
    row("s2", "skill", "p1", 1, { isActive: false }),
    row("s1", "skill", "p1", 0),
    row("m1", "mini_badge", "s1", 0),
    row("m2", "mini_badge", "s2", 0),
    row("c1", "capstone", "p1", 0, { isRequired: true }),
    row("g1", "progress_badge", "p2", 0),
    row("m3", "mini_badge", "p1", 5), // wrong parent kind: left out
  ];

  it("nests in position order and flags effectively inactive items", () => {
    const tree = buildCatalogTree(rows);
    expect(tree.map((p) => p.item.id)).toEqual(["p1", "p2"]);
    expect(tree[0]?.skills.map((s) => [s.item.id, s.effectivelyActive])).toEqual([
      ["s1", true],
      ["s2", false],
    ]);
    expect(tree[0]?.skills[1]?.miniBadges.map((m) => [m.item.id, m.item.isActive, m.effectivelyActive])).toEqual([["m2", true, false]]);
    expect(tree[0]?.miniBadges).toEqual([]);
  });

  it("drops inactive items and everything under them for students", () => {
    const tree = buildCatalogTree(rows, { onlyEffectivelyActive: true });
    expect(tree[0]?.skills.map((s) => s.item.id)).toEqual(["s1"]);
    const hidden = buildCatalogTree(
      rows.map((r) => (r.id === "p1" ? { ...r, isActive: false } : r)),
      { onlyEffectivelyActive: true },
    );
    expect(hidden.map((p) => p.item.id)).toEqual(["p2"]);
  });
});

describe("document round trip", () => {
  it("builds a document from rows and flattens it back in the same shape and order", () => {
    const rows = [
      row("p1", "program", null, 3, { description: "d", iconEmoji: "🐍", iconImage: PNG_1PX }),
      row("s1", "skill", "p1", 7),
      row("m1", "mini_badge", "s1", 2, { isActive: false }),
      row("m0", "mini_badge", "s1", 1),
      row("c1", "capstone", "p1", 0, { isRequired: true }),
      row("g1", "progress_badge", "p1", 0, { iconEmoji: "🎖️" }),
    ];
    const document = buildCatalogDocument(rows);
    const checked = checkCatalogDocument(JSON.parse(JSON.stringify(document)));
    expect(checked).toEqual({ ok: true, document });
    const flat = flattenCatalogDocument(document, 10);
    expect(flat.map((i) => [i.ref, i.parentRef, i.kind, i.title, i.position, i.isActive])).toEqual([
      ["programs[0]", null, "program", "P1", 10, true],
      ["programs[0].skills[0]", "programs[0]", "skill", "S1", 0, true],
      ["programs[0].skills[0].miniBadges[0]", "programs[0].skills[0]", "mini_badge", "M0", 0, true],
      ["programs[0].skills[0].miniBadges[1]", "programs[0].skills[0]", "mini_badge", "M1", 1, false],
      ["programs[0].capstones[0]", "programs[0]", "capstone", "C1", 0, true],
      ["programs[0].progressBadges[0]", "programs[0]", "progress_badge", "G1", 0, true],
    ]);
    expect(flat[0]).toMatchObject({ description: "d", iconEmoji: "🐍", iconImage: PNG_1PX });
    expect(flat[4]?.isRequired).toBe(true);
  });

  it("formats paths", () => {
    expect(formatDocumentPath(["programs", 0, "skills", 2, "title"])).toBe("programs[0].skills[2].title");
    expect(formatDocumentPath([])).toBe("(document)");
  });
});
