import { describe, expect, it } from "vitest";
import { auditReferenceIds, describeAuditEntry } from "./describe";
import type { AuditMetadata } from "./entry";

const ADA = "0190d7b0-0000-7000-8000-0000000000aa";
const BADGE = "0190d7b0-0000-7000-8000-0000000000bb";
const refs = new Map([
  [ADA, { label: "Ada Lovelace", href: "/roster?q=ada" }],
  [BADGE, { label: "mini-badge “Give context”", href: `/catalog?item=${BADGE}` }],
]);

describe("auditReferenceIds", () => {
  it("collects entity ids and id-shaped detail values once each, for one batch per page", () => {
    const ids = auditReferenceIds([
      { entityType: "user", entityId: ADA, metadata: { itemId: BADGE, to: "active", n: 3 } },
      { entityType: "user", entityId: ADA, metadata: { userId: ADA } },
      { entityType: "reload", entityId: "not-an-id", metadata: {} },
    ]);
    expect(ids.sort()).toEqual([ADA, BADGE].sort());
  });

  it.each<{ entityType: string; entityId: string; metadata: AuditMetadata; ids: string[] }>([
    { entityType: "chat", entityId: "chat-7", metadata: { owner: "ow-ada" }, ids: ["chat-7", "ow-ada"] },
    { entityType: "owui_user", entityId: "ow-bob", metadata: { userId: ADA }, ids: ["ow-bob", ADA] },
    { entityType: "score_adjustment", entityId: BADGE, metadata: { learnerId: "ow-cy", reason: "ow-cy" }, ids: [BADGE, "ow-cy"] },
    { entityType: "reload", entityId: "run-7", metadata: { note: "ow-ada" }, ids: [] },
  ])("collects OpenWebUI ids of any shape by where they stand: $entityType", ({ ids, ...entry }) => {
    expect(auditReferenceIds([entry])).toEqual(ids);
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

  it("names a chat read by staff and its owner from OpenWebUI ids, and says unknown when they are gone", () => {
    const chatRefs = new Map([
      ["chat-7", { label: "chat “Compass run” by Ada Lovelace", href: "/missions/chats/chat-7" }],
      ["ow-ada", { label: "OpenWebUI user Ada Lovelace", href: "/staff/people?q=ada" }],
    ]);
    expect(describeAuditEntry({ entityType: "chat", entityId: "chat-7", metadata: { owner: "ow-ada" } }, chatRefs)).toEqual({
      entity: { label: "chat “Compass run” by Ada Lovelace", href: "/missions/chats/chat-7" },
      details: [{ key: "owner", text: "OpenWebUI user Ada Lovelace", href: "/staff/people?q=ada" }],
    });
    expect(describeAuditEntry({ entityType: "chat", entityId: "chat-gone", metadata: { owner: "ow-gone" } }, chatRefs)).toEqual({
      entity: { label: "unknown chat", href: null },
      details: [{ key: "owner", text: "unknown", href: null }],
    });
    expect(describeAuditEntry({ entityType: "owui_user", entityId: "ow-gone", metadata: {} }, chatRefs).entity).toEqual({
      label: "unknown OpenWebUI user",
      href: null,
    });
  });
});
