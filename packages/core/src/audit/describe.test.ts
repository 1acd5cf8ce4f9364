import { describe, expect, it } from "vitest";
import { auditReferenceIds, describeAuditEntry } from "./describe";

const ADA = "0190d7b0-0000-7000-8000-0000000000aa";
const BADGE = "0190d7b0-0000-7000-8000-0000000000bb";
const refs = new Map([
  [ADA, { label: "Ada Lovelace", href: "/roster?q=ada" }],
  [BADGE, { label: "mini-badge “Give context”", href: `/catalog?item=${BADGE}` }],
]);

describe("auditReferenceIds", () => {
  it("collects entity ids and id-shaped detail values once each, for one batch per page", () => {
    const ids = auditReferenceIds([
      { entityId: ADA, metadata: { itemId: BADGE, to: "active", n: 3 } },
      { entityId: ADA, metadata: { userId: ADA } },
      { entityId: "not-an-id", metadata: {} },
    ]);
    expect(ids.sort()).toEqual([ADA, BADGE].sort());
  });
});

describe("describeAuditEntry (issue 11 #6)", () => {
  it("names the entity and the ids in the details, with their links", () => {
    expect(
      describeAuditEntry({ entityType: "user", entityId: ADA, metadata: { itemId: BADGE, to: "active", ok: true, x: null } }, refs),
    ).toEqual({
      entity: { label: "Ada Lovelace", href: "/roster?q=ada" },
      details: [
        { key: "itemId", text: "mini-badge “Give context”", href: `/catalog?item=${BADGE}` },
        { key: "to", text: "active", href: null },
        { key: "ok", text: "true", href: null },
        { key: "x", text: "none", href: null },
      ],
    });
  });

  it("never shows a raw id: an unresolved one reads 'unknown <kind>'", () => {
    const gone = "0190d7b0-0000-7000-8000-0000000000cc";
    const out = describeAuditEntry({ entityType: "badge_request", entityId: gone, metadata: { userId: gone } }, refs);
    expect(out.entity).toEqual({ label: "unknown badge request", href: null });
    expect(out.details).toEqual([{ key: "userId", text: "unknown", href: null }]);
    expect(describeAuditEntry({ entityType: "system", entityId: null, metadata: {} }, refs).entity).toBeNull();
    expect(describeAuditEntry({ entityType: "reload", entityId: "run-7", metadata: {} }, refs).entity).toEqual({
      label: "reload run-7",
      href: null,
    });
  });
});
