import { describe, expect, it } from "vitest";
import { redactRows, scrubEmails } from "./redact";
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
    const out = redactRows(audit, { pseudonym, people: EXPORT_SPECS.audit.people, scrub: EXPORT_SPECS.audit.scrub });
    expect(out[0]).toMatchObject({ actorId: null, actorName: null, entityId: "user-u1aa", metadata: "mail [email] now" });
    expect(out[1]).toMatchObject({ actorId: "user-u2bb", actorName: "user-u2bb", entityId: "c123" });
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
      for (const field of spec.scrub) expect(keys).toContain(field);
    }
  });
});
