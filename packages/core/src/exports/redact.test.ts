import { describe, expect, it } from "vitest";
import { exportedColumns, jsonStrings, redactRows, scrubEmails } from "./redact";
import { EXPORT_SPECS } from "./tables";

const pseudonym = (id: string) => `user-${id.slice(0, 4)}`;

describe("redactRows", () => {
  const rows = [
    { userId: "u1aa", name: "Ada", email: "ada@example.test", role: "student", meetupEmail: null },
    { userId: "u2bb", name: "Grace", email: "grace@example.test", role: "admin", meetupEmail: "g@meetup.test" },
    { userId: "u1aa", name: "Ada", email: "ada@example.test", role: "student", meetupEmail: null },
  ];

  it("replaces the id, names and emails by one pseudonym per user, leaving other columns", () => {
    const out = redactRows(rows, { pseudonym, people: EXPORT_SPECS.roster.people });
    expect(out[0]).toEqual({ userId: "user-u1aa", name: "user-u1aa", email: "user-u1aa", role: "student", meetupEmail: null });
    expect(out[1]).toMatchObject({ userId: "user-u2bb", name: "user-u2bb", email: "user-u2bb", meetupEmail: "user-u2bb" });
    expect(out[2]).toEqual(out[0]);
    expect(rows[0]?.name).toBe("Ada"); // the input is not modified
  });

  it("clears names whose person is unknown and honours `when`", () => {
    const audit = [
      { actorId: null, actorName: "ghost", entityType: "user", entityId: "u1aa", metadata: "mail bob@example.test now" },
      { actorId: "u2bb", actorName: "Grace", entityType: "catalog_item", entityId: "c123", metadata: "{}" },
    ];
    const out = redactRows(audit, { pseudonym, people: EXPORT_SPECS.audit.people, json: EXPORT_SPECS.audit.json });
    expect(out[0]).toMatchObject({ actorId: null, actorName: null, entityId: "user-u1aa", metadata: "mail [email] now" });
    expect(out[1]).toMatchObject({ actorId: "user-u2bb", actorName: "user-u2bb", entityId: "c123" });
  });

  it("pseudonymises every user id inside the details JSON, at any depth, consistently with the id columns (issue 11 #5)", () => {
    const audit = [
      {
        actorId: "u2bb",
        actorName: "Grace",
        entityType: "badge_request",
        entityId: "r1",
        metadata: JSON.stringify({ userId: "u1aa", itemId: "c123", cascade: [{ by: "u2bb" }], note: "ask ada@example.test", n: 3 }),
      },
    ];
    const [out] = redactRows(audit, {
      pseudonym,
      people: EXPORT_SPECS.audit.people,
      json: EXPORT_SPECS.audit.json,
      personIds: new Set(["u1aa", "u2bb"]),
    });
    expect(out?.actorId).toBe("user-u2bb");
    expect(JSON.parse(String(out?.metadata))).toEqual({
      userId: "user-u1aa",
      itemId: "c123",
      cascade: [{ by: "user-u2bb" }],
      note: "ask [email]",
      n: 3,
    });
    expect(String(out?.metadata)).not.toMatch(/"u1aa"|"u2bb"/);
  });

  it("collects the strings of a JSON text as candidates, and none from other text", () => {
    expect(jsonStrings(JSON.stringify({ a: "x", b: [1, { c: "y" }], d: null }))).toEqual(["x", "y"]);
    expect(jsonStrings("not json")).toEqual([]);
  });

  it("leaves out of a redacted file the columns that would only repeat the pseudonym", () => {
    const keys = (table: keyof typeof EXPORT_SPECS, personal: boolean) =>
      exportedColumns(EXPORT_SPECS[table].columns, EXPORT_SPECS[table].people, personal).map((c) => c.key);
    expect(keys("roster", false)).toEqual([
      "userId",
      "role",
      "status",
      "origin",
      "emailNotifications",
      "onboardedAt",
      "lastSignInAt",
      "createdAt",
    ]);
    expect(keys("roster", true)).toContain("email");
    expect(keys("audit", false)).not.toContain("actorName");
    expect(keys("awards", false)).toEqual(expect.arrayContaining(["userId", "awardedById", "revokedById"]));
    expect(keys("awards", false)).not.toEqual(expect.arrayContaining(["userName"]));
  });

  it("calls the pseudonym function once per user", () => {
    let calls = 0;
    redactRows(rows, { pseudonym: (id) => `p${++calls}${id}`, people: EXPORT_SPECS.roster.people });
    expect(calls).toBe(2);
  });

  it("scrubs email addresses from free text", () => {
    expect(scrubEmails("contact ada.l+x@example.co.uk, or <b@c.io>")).toBe("contact [email], or <[email]>");
    expect(scrubEmails("no email here @ all")).toBe("no email here @ all");
  });

  it("every table's person columns exist in its column list", () => {
    for (const spec of Object.values(EXPORT_SPECS)) {
      const keys = spec.columns.map((c) => c.key);
      for (const person of spec.people) {
        expect(keys).toContain(person.id);
        for (const field of person.fields) expect(keys).toContain(field);
      }
      for (const field of [...spec.scrub, ...spec.json]) expect(keys).toContain(field);
    }
  });
});
