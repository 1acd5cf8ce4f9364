import { describe, expect, it } from "vitest";
import { buildAuditEntry } from "./entry";

const now = new Date("2026-02-03T04:05:06.007Z");

describe("buildAuditEntry", () => {
  it("stamps the entry with the given time and fills defaults", () => {
    const entry = buildAuditEntry({ actorId: "u1", action: "auth.signed_in", entityType: "user", entityId: "u1" }, now);
    expect(entry).toEqual({
      actorId: "u1",
      action: "auth.signed_in",
      entityType: "user",
      entityId: "u1",
      metadata: {},
      requestId: null,
      createdAt: now,
    });
  });

  it.each(["password", "newPassword", "token", "resetToken", "secret", "passwordHash", "cookie", "Authorization"])(
    "never records a metadata key that looks secret (%s)",
    (key) => {
      const entry = buildAuditEntry(
        { actorId: null, action: "system.seeded", entityType: "system", metadata: { [key]: "x", kept: 1 } },
        now,
      );
      expect(entry.metadata).toEqual({ kept: 1 });
    },
  );

  it("clips very long values so a row stays readable", () => {
    const entry = buildAuditEntry(
      { actorId: null, action: "system.seeded", entityType: "system", metadata: { note: "a".repeat(2000) } },
      now,
    );
    expect(String(entry.metadata.note)).toHaveLength(501);
  });

  it("rejects an action the log does not know", () => {
    expect(() => buildAuditEntry({ actorId: null, action: "made.up" as never, entityType: "x" }, now)).toThrow();
  });
});
