import { createHash } from "node:crypto";
import { buildAuditEntry } from "@missionboard/core";
import { insertAuditEntry } from "@missionboard/db";
import { makeAwardRow, makeBadgeRequestRow, makeCatalogItem, makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
// Reading a workbook is for this test only: it is our own file. The app never parses workbooks.
import { read, utils } from "xlsx";
import { csvStream } from "../services/exports";
import { pseudonymizer } from "../services/pseudonym";
import { parseCsv } from "../test-csv";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

const KEY = "test-export-key-0123456789";
const settings = { exportKey: KEY };

describeEachEngine("export router", (store) => {
  async function seed() {
    const admin = await makeSessionUser(store(), "admin", { name: "Root Admin", email: "root@example.test" });
    const data = await store().tx(async (c) => {
      const ada = await makeUser(c, { name: "Ada Lovelace", email: "ada@example.test", now: TEST_NOW });
      const evil = await makeUser(c, { name: '=HYPERLINK("http://evil.test","click")', email: "evil@example.test", now: TEST_NOW });
      const program = await makeCatalogItem(c, { kind: "program", title: "Alpha" });
      const skill = await makeCatalogItem(c, { kind: "skill", parent: program });
      const badge = await makeCatalogItem(c, { kind: "mini_badge", parent: skill, title: 'Prompting, "basics"' });
      await makeBadgeRequestRow(c, {
        userId: ada.id,
        item: badge,
        status: "rejected",
        submittedAt: TEST_NOW,
        decidedAt: TEST_NOW,
        decidedBy: admin.id,
        decisionReason: "Write to ada@example.test first",
        note: "line one\nline two",
      });
      await makeAwardRow(c, {
        userId: ada.id,
        item: badge,
        awardedAt: new Date("2026-09-30T08:15:00Z"),
        source: "manual",
        awardedBy: admin.id,
        reason: "+1 good",
      });
      await insertAuditEntry(
        c,
        buildAuditEntry(
          { actorId: admin.id, action: "user.approved", entityType: "user", entityId: ada.id, metadata: { to: "active" } },
          TEST_NOW,
        ),
      );
      await insertAuditEntry(
        c,
        buildAuditEntry(
          {
            actorId: admin.id,
            action: "request.rejected",
            entityType: "badge_request",
            entityId: null,
            metadata: { decidedFor: ada.id, by: admin.id, itemId: "not-a-user" },
          },
          TEST_NOW,
        ),
      );
      return { ada, evil };
    });
    return { admin, ...data };
  }

  async function download(caller: ReturnType<typeof callerAs>, table: "roster" | "awards" | "requests" | "audit", personalData = false) {
    const started = await caller.export.begin({ table, format: "csv", personalData });
    const stream = csvStream((after) => caller.export.page({ table, personalData, ticket: started.ticket, after, limit: 2 }));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark, for Excel
    const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
    return { started, text, rows: parseCsv(text) };
  }

  it("streams a redacted CSV by default: pseudonyms instead of names and emails, stable across tables", async () => {
    const { admin, ada } = await seed();
    const api = callerAs(store(), admin, { settings });
    const roster = await download(api, "roster");
    expect(roster.started.fileName).toBe("missionboard-roster-2026-10-01.csv");
    // Redacted, the name and email columns would only repeat the pseudonym: they are left out (issue 11 #5).
    expect(roster.rows[0]).toEqual([
      "User",
      "Role",
      "Status",
      "Origin",
      "Email notifications",
      "Onboarded (UTC)",
      "Last sign-in (UTC)",
      "Created (UTC)",
    ]);
    expect(roster.rows).toHaveLength(4); // header + 3 users, read 2 at a time
    for (const secret of ["Ada", "Lovelace", "ada@", "example.test", "Root Admin", "HYPERLINK", ada.id])
      expect(roster.text).not.toContain(secret);

    const pseudonym = pseudonymizer(KEY)(ada.id);
    expect(pseudonym).toMatch(/^user-[0-9a-f]{12}$/);
    const adaRow = roster.rows.find((r) => r[0] === pseudonym);
    expect(adaRow?.filter((cell) => cell === pseudonym)).toHaveLength(1);

    // The exports page lists what a redacted file really holds.
    const offered = (await api.export.tables()).find((t) => t.table === "roster");
    expect(offered?.redactedColumns).toEqual(roster.rows[0]);
    expect(offered?.columns).toContain("Email");
    const awards = await download(api, "awards");
    const awardCell = (header: string) => awards.rows[1]?.[awards.rows[0]?.indexOf(header) ?? -1];
    expect(awards.rows[0]).not.toEqual(expect.arrayContaining(["Student name"]));
    expect(awardCell("Student")).toBe(pseudonym); // the same person in another file
    expect(awardCell("Awarded by")).toBe(pseudonymizer(KEY)(admin.id));
    expect(awardCell("Reason")).toBe("'+1 good"); // neutralised
    const requests = await download(api, "requests");
    expect(requests.text).not.toContain("ada@example.test");
    expect(requests.rows[1]).toContain("Write to [email] first");
    expect(requests.rows[1]).toContain("line one\nline two");
    expect(requests.rows[1]).toContain('Prompting, "basics"');
    const audit = await download(api, "audit");
    expect(audit.text).not.toContain(ada.id);
    expect(audit.text).toContain(pseudonym);
    // User ids inside the details JSON are pseudonymised too, the same as in the other files (issue 11 #5).
    const details = audit.rows.slice(1).map((r) => r[audit.rows[0]?.indexOf("Details") ?? -1] ?? "");
    const decided = details.map((d) => JSON.parse(d)).find((d) => d.decidedFor);
    expect(decided).toEqual({ decidedFor: pseudonym, by: pseudonymizer(KEY)(admin.id), itemId: "not-a-user" });
    for (const secret of [ada.id, admin.id, "root@example.test"]) expect(audit.text).not.toContain(secret);
    expect(audit.rows[0]).not.toEqual(expect.arrayContaining(["Actor name"]));
  });

  it("pseudonyms are keyed: not derivable from the email or the id without the key", async () => {
    const { ada } = await seed();
    const p = pseudonymizer(KEY)(ada.id);
    expect(pseudonymizer(KEY)(ada.id)).toBe(p);
    expect(pseudonymizer("another-key-0123456789")(ada.id)).not.toBe(p);
    for (const input of [ada.email, ada.id, ada.name]) {
      const plain = createHash("sha256").update(input).digest("hex");
      expect(p).not.toContain(plain.slice(0, 12));
    }
    expect(p).not.toContain("ada");
  });

  it("includes personal data only when asked, and audits every download with what it held", async () => {
    const { admin } = await seed();
    const api = callerAs(store(), admin, { settings });
    const roster = await download(api, "roster", true);
    expect(roster.text).toContain("ada@example.test");
    expect(roster.text).toContain("Ada Lovelace");
    expect(roster.text).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`); // a formula never reaches a spreadsheet as one
    await download(api, "audit");
    const entries = await store().read(({ db, t }) =>
      db
        .select({ metadata: t.auditLogs.metadata, actorId: t.auditLogs.actorId, entityId: t.auditLogs.entityId })
        .from(t.auditLogs)
        .where(and(eq(t.auditLogs.action, "export.downloaded")))
        .orderBy(t.auditLogs.id),
    );
    expect(entries).toEqual([
      { metadata: { table: "roster", format: "csv", personalData: true }, actorId: admin.id, entityId: "roster" },
      { metadata: { table: "audit", format: "csv", personalData: false }, actorId: admin.id, entityId: "audit" },
    ]);
  });

  it("refuses pages without a ticket from begin, or with one for a redacted download", async () => {
    const { admin } = await seed();
    const api = callerAs(store(), admin, { settings });
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
      );
    expect(await codeOf(api.export.page({ table: "roster", personalData: true, ticket: "123.abc" }))).toBe("FORBIDDEN");
    const redacted = await api.export.begin({ table: "roster", format: "csv", personalData: false });
    expect(await codeOf(api.export.page({ table: "roster", personalData: true, ticket: redacted.ticket }))).toBe("FORBIDDEN");
    expect(await codeOf(api.export.page({ table: "awards", personalData: false, ticket: redacted.ticket }))).toBe("FORBIDDEN");
    expect(await codeOf(api.export.page({ table: "roster", personalData: false, ticket: redacted.ticket }))).toBe("ok");
    const later = callerAs(store(), admin, { settings, now: new Date(TEST_NOW.getTime() + 2 * 3_600_000) });
    expect(await codeOf(later.export.page({ table: "roster", personalData: false, ticket: redacted.ticket }))).toBe("FORBIDDEN");
    const otherAdmin = callerAs(store(), await makeSessionUser(store(), "admin"), { settings });
    expect(await codeOf(otherAdmin.export.page({ table: "roster", personalData: false, ticket: redacted.ticket }))).toBe("FORBIDDEN");
  });

  it("writes an xlsx workbook: one sheet, header with autofilter, widths, ISO dates, neutralised and redacted", async () => {
    const { admin, ada } = await seed();
    const api = callerAs(store(), admin, { settings });
    const file = await api.export.workbook({ table: "awards" });
    expect(file.fileName).toBe("missionboard-awards-2026-10-01.xlsx");
    expect(file.rows).toBe(1);
    const book = read(Buffer.from(file.base64, "base64"), { type: "buffer", cellNF: true, cellStyles: true });
    expect(book.SheetNames).toEqual(["Awards"]);
    const sheet = book.Sheets.Awards;
    if (!sheet) throw new Error("no sheet");
    // 18 columns with personal data; redacted, the four name and email columns are left out.
    expect(sheet["!autofilter"]?.ref).toBe("A1:N2");
    expect(sheet["!cols"]?.length).toBe(14);
    expect(sheet["!cols"]?.every((c) => (c.wch ?? c.wpx ?? 0) > 0)).toBe(true);
    const rows = utils.sheet_to_json<Record<string, unknown>>(sheet, { raw: false, defval: null });
    expect(rows[0]).not.toHaveProperty("Student email");
    expect(rows[0]).toMatchObject({
      Student: pseudonymizer(KEY)(ada.id),
      "Badge title": 'Prompting, "basics"',
      Program: "Alpha",
      Kind: "mini_badge",
      Reason: "'+1 good",
      "Awarded (UTC)": "2026-09-30 08:15:00",
      "Revoked (UTC)": null,
    });
    const awardedCell = sheet.K2;
    expect(awardedCell?.t).toBe("n");
    expect(awardedCell?.z).toBe("yyyy-mm-dd hh:mm:ss");
    expect(JSON.stringify(rows)).not.toContain("example.test");
    // The audit workbook's details carry pseudonyms, never the user ids (issue 11 #5).
    const auditFile = await api.export.workbook({ table: "audit" });
    const auditBook = read(Buffer.from(auditFile.base64, "base64"), { type: "buffer" });
    const auditText = JSON.stringify(utils.sheet_to_json(auditBook.Sheets["Audit log"] ?? {}, { defval: null }));
    expect(auditText).toContain(pseudonymizer(KEY)(ada.id));
    expect(auditText).not.toContain(ada.id);
    expect(auditText).not.toContain(admin.id);

    const personal = await api.export.workbook({ table: "roster", personalData: true });
    const roster = read(Buffer.from(personal.base64, "base64"), { type: "buffer" });
    const people = utils.sheet_to_json<Record<string, unknown>>(roster.Sheets.Roster ?? {}, { defval: null });
    expect(people.map((p) => p.Email).sort()).toEqual(["ada@example.test", "evil@example.test", "root@example.test"]);
    expect(people.find((p) => p.Email === "evil@example.test")?.Name).toBe(`'=HYPERLINK("http://evil.test","click")`);
    const audited = await store().read(({ db, t }) =>
      db
        .select({ metadata: t.auditLogs.metadata })
        .from(t.auditLogs)
        .where(eq(t.auditLogs.action, "export.downloaded"))
        .orderBy(t.auditLogs.id),
    );
    expect(audited.map((a) => a.metadata)).toEqual([
      { table: "awards", format: "xlsx", personalData: false },
      { table: "audit", format: "xlsx", personalData: false },
      { table: "roster", format: "xlsx", personalData: true },
    ]);
  });

  it("is for admins only", async () => {
    await seed();
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
      );
    for (const role of ["assistant", "student"] as const) {
      const api = callerAs(store(), await makeSessionUser(store(), role), { settings });
      expect(await codeOf(api.export.tables())).toBe("FORBIDDEN");
      expect(await codeOf(api.export.begin({ table: "roster", format: "csv", personalData: true }))).toBe("FORBIDDEN");
      expect(await codeOf(api.export.workbook({ table: "roster" }))).toBe("FORBIDDEN");
    }
    expect(await codeOf(callerAs(store(), null).export.begin({ table: "roster", format: "csv" }))).toBe("UNAUTHORIZED");
    expect(await store().read(({ db, t }) => db.$count(t.auditLogs, eq(t.auditLogs.action, "export.downloaded")))).toBe(0);
  });
});
