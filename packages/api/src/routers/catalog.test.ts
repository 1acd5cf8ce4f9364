import type { AuditAction } from "@missionboard/core";
import { listCatalogItems, type Store } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { createTestStore, describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { SessionUser } from "../context";
import { createCaller } from "../root";
import { callerAs, makeSessionUser, recordingMail, TEST_NOW, TEST_SETTINGS, testBackground } from "../test-helpers";
import type { CatalogNodeView } from "./catalog";

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

const titles = (nodes: CatalogNodeView[]) => nodes.map((n) => n.title);

/** A tree's shape without ids and positions: what must survive an export → import. */
const shape = (nodes: CatalogNodeView[]): unknown[] =>
  nodes.map((n) => ({
    kind: n.kind,
    title: n.title,
    description: n.description,
    iconEmoji: n.iconEmoji,
    iconImage: n.iconImage,
    isActive: n.isActive,
    isRequired: n.isRequired,
    skills: shape(n.skills),
    miniBadges: shape(n.miniBadges),
    capstones: shape(n.capstones),
    progressBadges: shape(n.progressBadges),
  }));

const PNG_1PX = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

describeEachEngine("catalog router", (store, engine) => {
  const auditRows = (action?: AuditAction) =>
    store().read(({ db, t }) =>
      action ? db.select().from(t.auditLogs).where(eq(t.auditLogs.action, action)) : db.select().from(t.auditLogs),
    );
  const items = () => store().read(listCatalogItems);
  const admin = async (s: Store = store()) => callerAs(s, await makeSessionUser(s, "admin"));

  /** Program P (skills S1 [m1, m2], S2 [m3]; capstone C; progress badge G) and program Q. */
  async function seed(api: Awaited<ReturnType<typeof admin>>) {
    const P = await api.catalog.create({ kind: "program", title: "Python", description: "Learn it", iconEmoji: "🐍" });
    const S1 = await api.catalog.create({ kind: "skill", parentId: P.id, title: "Basics" });
    const m1 = await api.catalog.create({ kind: "mini_badge", parentId: S1.id, title: "Loops" });
    const m2 = await api.catalog.create({ kind: "mini_badge", parentId: S1.id, title: "Functions", iconImage: PNG_1PX });
    const S2 = await api.catalog.create({ kind: "skill", parentId: P.id, title: "Advanced" });
    const m3 = await api.catalog.create({ kind: "mini_badge", parentId: S2.id, title: "Decorators" });
    const C = await api.catalog.create({ kind: "capstone", parentId: P.id, title: "Project", isRequired: true });
    const G = await api.catalog.create({ kind: "progress_badge", parentId: P.id, title: "Halfway", iconEmoji: "🎖️" });
    const Q = await api.catalog.create({ kind: "program", title: "Data" });
    return { P, S1, m1, m2, S2, m3, C, G, Q };
  }

  it("creates items at max sibling position + 1 and audits each creation", async () => {
    const api = await admin();
    const { P, S1, S2, m1, m2, Q } = await seed(api);
    expect([P.position, Q.position, S1.position, S2.position, m1.position, m2.position]).toEqual([0, 1, 0, 1, 0, 1]);
    const created = await auditRows("catalog.created");
    expect(created).toHaveLength(9);
    expect(created.find((r) => r.entityId === S1.id)?.metadata).toMatchObject({ kind: "skill", title: "Basics", parentId: P.id });
    const rows = await items();
    expect(rows.find((r) => r.id === m1.id)?.programId).toBe(P.id);
  });

  it("refuses a same-kind sibling title in any letter case, but allows it elsewhere", async () => {
    const api = await admin();
    const { P, S1, Q } = await seed(api);
    for (const title of ["basics", "  BASICS  "]) {
      const error = await failure(api.catalog.create({ kind: "skill", parentId: P.id, title }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toBe("A skill titled “BASICS” already exists here.".replace("BASICS", title.trim()));
    }
    expect((await failure(api.catalog.create({ kind: "program", title: "PYTHON" }))).code).toBe("BAD_REQUEST");
    // Renaming onto a sibling's title is refused too; keeping one's own title (other case) is fine.
    const S2 = (await api.catalog.tree()).programs[0]?.skills[1];
    expect((await failure(api.catalog.update({ id: S2?.id ?? "", title: "Basics" }))).message).toMatch(/already exists here/);
    await api.catalog.update({ id: S1.id, title: "BASICS" });
    await api.catalog.create({ kind: "skill", parentId: Q.id, title: "Basics" });
    await api.catalog.create({ kind: "capstone", parentId: P.id, title: "Basics" });
  });

  it("refuses a wrong or missing parent", async () => {
    const api = await admin();
    const { P, S1, m1 } = await seed(api);
    const cases = [
      [{ kind: "mini_badge", parentId: P.id, title: "X" }, "BAD_REQUEST", "A mini-badge belongs under a skill."],
      [{ kind: "skill", parentId: S1.id, title: "X" }, "BAD_REQUEST", "A skill belongs under a program."],
      [{ kind: "capstone", parentId: m1.id, title: "X" }, "BAD_REQUEST", "A capstone belongs under a program."],
      [{ kind: "skill", title: "X" }, "BAD_REQUEST", "A skill belongs under a program."],
      [{ kind: "program", parentId: P.id, title: "X" }, "BAD_REQUEST", "A program has no parent."],
      [{ kind: "skill", parentId: "0190a000-0000-7000-8000-000000000000", title: "X" }, "NOT_FOUND", "The parent item does not exist."],
      [{ kind: "skill", parentId: P.id, title: "X", isRequired: true }, "BAD_REQUEST", "Only capstones can be required."],
      [{ kind: "skill", parentId: P.id, title: "   " }, "BAD_REQUEST", "Title is required."],
    ] as const;
    for (const [input, code, message] of cases) {
      const error = await failure(api.catalog.create(input as never));
      expect([code, error.message.includes(message) ? message : error.message]).toEqual([code, message]);
    }
    expect(await items()).toHaveLength(9);
  });

  it("refuses SVG or mislabelled icon images", async () => {
    const api = await admin();
    const svg = `data:image/png;base64,${btoa("<svg onload=alert(1)>")}`;
    expect((await failure(api.catalog.create({ kind: "program", title: "X", iconImage: svg }))).code).toBe("BAD_REQUEST");
    expect(
      (await failure(api.catalog.create({ kind: "program", title: "X", iconImage: `data:image/svg+xml;base64,${btoa("<svg/>")}` }))).code,
    ).toBe("BAD_REQUEST");
    expect(await items()).toHaveLength(0);
  });

  it("students see only effectively active items, with their own earned and pending state; staff see all, flagged", async () => {
    const api = await admin();
    const { P, S1, S2, m1, m2, m3, C, Q } = await seed(api);
    await api.catalog.setActive({ id: S2.id, isActive: false });
    await api.catalog.setActive({ id: m2.id, isActive: false });
    await api.catalog.setActive({ id: Q.id, isActive: false });
    const studentUser = await makeSessionUser(store(), "student");
    await store().tx(async ({ db, t }) => {
      await db
        .insert(t.awards)
        .values({ userId: studentUser.id, itemId: m1.id, kind: "mini_badge", source: "request", awardedAt: TEST_NOW });
      await db.insert(t.awards).values({
        userId: studentUser.id,
        itemId: C.id,
        kind: "capstone",
        source: "request",
        awardedAt: TEST_NOW,
        revokedAt: TEST_NOW,
      });
      await db
        .insert(t.badgeRequests)
        .values({ userId: studentUser.id, itemId: C.id, itemTitle: "Project", submittedAt: TEST_NOW, updatedAt: TEST_NOW });
    });

    const seen = await callerAs(store(), studentUser).catalog.tree();
    expect(seen.staffView).toBe(false);
    expect(titles(seen.programs)).toEqual(["Python"]);
    const program = seen.programs[0] as CatalogNodeView;
    expect(titles(program.skills)).toEqual(["Basics"]);
    expect(titles(program.skills[0]?.miniBadges ?? [])).toEqual(["Loops"]);
    expect(program.skills[0]?.miniBadges[0]).toMatchObject({ id: m1.id, earned: true, pending: false });
    expect(program.capstones[0]).toMatchObject({ id: C.id, earned: false, pending: true, isRequired: true });
    const all = JSON.stringify(seen);
    for (const hidden of [S2.id, m2.id, m3.id, Q.id]) expect(all).not.toContain(hidden);

    // Deactivating the program hides everything under it, although the children stay active.
    await api.catalog.setActive({ id: P.id, isActive: false });
    expect((await callerAs(store(), studentUser).catalog.tree()).programs).toEqual([]);
    expect((await items()).find((r) => r.id === S1.id)?.isActive).toBe(true);

    const assistant = await callerAs(store(), await makeSessionUser(store(), "assistant")).catalog.tree();
    expect(assistant.staffView).toBe(true);
    expect(titles(assistant.programs)).toEqual(["Python", "Data"]);
    const staffProgram = assistant.programs[0] as CatalogNodeView;
    expect(staffProgram.skills.map((s) => [s.title, s.isActive, s.effectivelyActive])).toEqual([
      ["Basics", true, false],
      ["Advanced", false, false],
    ]);
    expect(staffProgram.skills[1]?.miniBadges.map((m) => m.id)).toEqual([m3.id]);
  });

  it("activates and deactivates with one audit row per real change", async () => {
    const api = await admin();
    const { S1 } = await seed(api);
    expect(await api.catalog.setActive({ id: S1.id, isActive: false })).toEqual({ id: S1.id, isActive: false, changed: true });
    expect(await api.catalog.setActive({ id: S1.id, isActive: false })).toEqual({ id: S1.id, isActive: false, changed: false });
    await api.catalog.setActive({ id: S1.id, isActive: true });
    expect((await auditRows("catalog.deactivated")).map((r) => r.entityId)).toEqual([S1.id]);
    expect((await auditRows("catalog.activated")).map((r) => r.metadata)).toEqual([
      { kind: "skill", title: "Basics", from: false, to: true },
    ]);
    expect((await failure(api.catalog.setActive({ id: "0190a000-0000-7000-8000-000000000000", isActive: true }))).code).toBe("NOT_FOUND");
  });

  it("reorders siblings to 0..n-1 and audits it", async () => {
    const api = await admin();
    const { P, S1, m1, m2 } = await seed(api);
    const m4 = await api.catalog.create({ kind: "mini_badge", parentId: S1.id, title: "Classes" });
    const result = await api.catalog.reorder({
      parentId: S1.id,
      kind: "mini_badge",
      items: [
        { id: m4.id, seenPosition: 2 },
        { id: m1.id, seenPosition: 0 },
        { id: m2.id, seenPosition: 1 },
      ],
    });
    expect(result.order).toEqual([m4.id, m1.id, m2.id]);
    const skill = (await api.catalog.tree()).programs[0]?.skills[0];
    expect(skill?.miniBadges.map((m) => [m.title, m.position])).toEqual([
      ["Classes", 0],
      ["Loops", 1],
      ["Functions", 2],
    ]);
    const [row] = await auditRows("catalog.reordered");
    expect(row).toMatchObject({ entityId: S1.id, metadata: { kind: "mini_badge", count: 3, order: `${m4.id},${m1.id},${m2.id}` } });
    // Programs are reordered at the root.
    const programs = (await api.catalog.tree()).programs;
    await api.catalog.reorder({
      parentId: null,
      kind: "program",
      items: programs.reverse().map((p) => ({ id: p.id, seenPosition: p.position })),
    });
    expect(titles((await api.catalog.tree()).programs)).toEqual(["Data", "Python"]);
    expect(
      (await failure(api.catalog.reorder({ parentId: P.id, kind: "mini_badge", items: [{ id: m1.id, seenPosition: 1 }] }))).message,
    ).toBe("A mini-badge belongs under a skill.");
  });

  it("refuses a stale reorder and changes nothing", async () => {
    const api = await admin();
    const { S1, m1, m2 } = await seed(api);
    const before = await items();
    const stale = [
      // Positions the client saw are out of date (someone swapped them meanwhile).
      [
        { id: m2.id, seenPosition: 0 },
        { id: m1.id, seenPosition: 1 },
      ],
      // A sibling was added since.
      [{ id: m1.id, seenPosition: 0 }],
    ];
    await api.catalog.create({ kind: "mini_badge", parentId: S1.id, title: "Added meanwhile" }).then(() => undefined);
    const after = await items();
    for (const list of [
      ...stale,
      [
        { id: m2.id, seenPosition: 1 },
        { id: m1.id, seenPosition: 0 },
      ],
    ]) {
      const error = await failure(api.catalog.reorder({ parentId: S1.id, kind: "mini_badge", items: list }));
      expect([error.code, error.message]).toEqual(["CONFLICT", "The order changed in the meantime; reload and try again."]);
    }
    expect(await items()).toEqual(after);
    expect(after.length).toBe(before.length + 1);
    expect(await auditRows("catalog.reordered")).toEqual([]);
    // Duplicated ids are refused as bad input.
    expect(
      (
        await failure(
          api.catalog.reorder({
            parentId: S1.id,
            kind: "mini_badge",
            items: [
              { id: m1.id, seenPosition: 0 },
              { id: m1.id, seenPosition: 0 },
            ],
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
  });

  it("refuses to delete while children exist, or anyone holds or has requested the item; deletes otherwise", async () => {
    const api = await admin();
    const { P, S2, m1, m2, m3, G } = await seed(api);
    const student = await store().tx((c) => makeUser(c, { now: TEST_NOW }));
    await store().tx(async ({ db, t }) => {
      // A revoked award still blocks deletion; so does a withdrawn request.
      await db
        .insert(t.awards)
        .values({ userId: student.id, itemId: G.id, kind: "progress_badge", source: "manual", awardedAt: TEST_NOW, revokedAt: TEST_NOW });
      await db
        .insert(t.badgeRequests)
        .values({ userId: student.id, itemId: m1.id, itemTitle: "Loops", status: "withdrawn", submittedAt: TEST_NOW, updatedAt: TEST_NOW });
    });
    const refusals = [
      [P.id, "This program still has 4 items under it; delete those first, or deactivate it instead."],
      [S2.id, "This skill still has 1 item under it; delete those first, or deactivate it instead."],
      [G.id, "This progress badge has been awarded (1 award, revoked ones included); deactivate it instead."],
      [m1.id, "This mini-badge has been requested (1 request); deactivate it instead."],
    ] as const;
    for (const [id, message] of refusals) {
      const error = await failure(api.catalog.delete({ id }));
      expect([error.code, error.message]).toEqual(["BAD_REQUEST", message]);
    }
    expect(await auditRows("catalog.deleted")).toEqual([]);
    expect(await items()).toHaveLength(9);

    expect(await api.catalog.delete({ id: m3.id })).toEqual({ id: m3.id, kind: "mini_badge", title: "Decorators" });
    await api.catalog.delete({ id: S2.id });
    await api.catalog.delete({ id: m2.id });
    expect((await auditRows("catalog.deleted")).map((r) => r.entityId)).toEqual([m3.id, S2.id, m2.id]);
    expect(await items()).toHaveLength(6);
    expect((await failure(api.catalog.delete({ id: m3.id }))).code).toBe("NOT_FOUND");
  });

  it("writes the audit row in the same transaction as the change", async () => {
    const user = await makeSessionUser(store(), "admin");
    // An audit entry that cannot be built (request id too long) must take the change down with it.
    const broken = createCaller({
      db: store(),
      user,
      now: () => TEST_NOW,
      requestId: "x".repeat(101),
      clientIp: null,
      settings: TEST_SETTINGS,
      mail: recordingMail(),
      ...testBackground(store()),
    });
    await expect(broken.catalog.create({ kind: "program", title: "Python" })).rejects.toThrow();
    expect(await items()).toEqual([]);
    const { P } = await seed(callerAs(store(), user));
    await expect(broken.catalog.setActive({ id: P.id, isActive: false })).rejects.toThrow();
    await expect(broken.catalog.update({ id: P.id, title: "Renamed" })).rejects.toThrow();
    const program = (await items()).find((r) => r.id === P.id);
    expect([program?.isActive, program?.title]).toEqual([true, "Python"]);
  });

  it("exports a versioned document and imports it into a fresh database as the same tree", async () => {
    const api = await admin();
    const { m2, Q } = await seed(api);
    await api.catalog.setActive({ id: m2.id, isActive: false });
    await api.catalog.update({ id: Q.id, description: "Tables and charts" });
    const document = await api.catalog.export();
    expect(document).toMatchObject({ format: "missionboard.catalog", version: 1 });
    const text = JSON.stringify(document);

    const fresh = await createTestStore(engine);
    try {
      const other = await admin(fresh);
      const result = await other.catalog.import({ text });
      expect(result.counts).toEqual({ program: 2, skill: 2, mini_badge: 3, capstone: 1, progress_badge: 1 });
      expect(shape((await other.catalog.tree()).programs)).toEqual(shape((await api.catalog.tree()).programs));
      expect(await other.catalog.export()).toEqual(document);
      const [row] = await fresh.read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, "catalog.imported")));
      expect(row?.metadata).toMatchObject({ programs: 2, skills: 2, miniBadges: 3, titles: "Python, Data" });
      // Importing it again clashes with the programs now present: refused, nothing written.
      const error = await failure(other.catalog.import({ text }));
      expect(error.message).toContain("programs[0].title: A program titled “Python” already exists");
      expect(await fresh.read(listCatalogItems)).toHaveLength(9);
    } finally {
      await fresh.dispose();
    }
  });

  it("imports new programs after existing ones", async () => {
    const api = await admin();
    await seed(api);
    const text = JSON.stringify({
      format: "missionboard.catalog",
      version: 1,
      programs: [{ title: "Robotics", skills: [{ title: "Arms" }] }],
    });
    await api.catalog.import({ text });
    const programs = (await api.catalog.tree()).programs;
    expect(programs.map((p) => [p.title, p.position])).toEqual([
      ["Python", 0],
      ["Data", 1],
      ["Robotics", 2],
    ]);
    expect(titles(programs[2]?.skills ?? [])).toEqual(["Arms"]);
  });

  it("writes nothing from a malformed document, even when its first half is valid", async () => {
    const api = await admin();
    const good = { title: "Good", skills: [{ title: "Fine", miniBadges: [{ title: "OK" }] }] };
    const cases: [string, string[]][] = [
      [
        JSON.stringify({
          format: "missionboard.catalog",
          version: 1,
          programs: [good, { title: "Broken", skills: [{ title: "A" }, { title: "B" }, { description: "no title" }] }],
        }),
        ["programs[1].skills[2].title: Title is required."],
      ],
      [
        JSON.stringify({ format: "missionboard.catalog", version: 1, programs: [good, { title: "good" }] }),
        ["programs[1].title: “good” appears twice among the programs (also at programs[0])."],
      ],
      ['{"format": "missionboard.catalog", "version": 1, "programs": [', ["The file is not valid JSON."]],
      [JSON.stringify({ format: "missionboard.catalog", version: 2, programs: [good] }), ["version: "]],
    ];
    for (const [text, problems] of cases) {
      const error = await failure(api.catalog.import({ text }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message.split("\n")[0]).toBe("The catalog file has problems; nothing was imported.");
      for (const p of problems) expect(error.message).toContain(p);
    }
    const tooBig = `{"programs": [${"0,".repeat(1024 * 1024)}0]}`;
    expect((await failure(api.catalog.import({ text: tooBig }))).message).toMatch(/2 MB or smaller/);
    expect(await items()).toEqual([]);
    expect(await auditRows()).toEqual([]);
  });

  it("answers unknown ids with not found and is closed to non-admins for changes", async () => {
    const api = await admin();
    expect((await failure(api.catalog.update({ id: "0190a000-0000-7000-8000-000000000000", title: "x" }))).code).toBe("NOT_FOUND");
    const assistant: SessionUser = await makeSessionUser(store(), "assistant");
    expect((await failure(callerAs(store(), assistant).catalog.create({ kind: "program", title: "X" }))).code).toBe("FORBIDDEN");
    expect((await failure(callerAs(store(), assistant).catalog.export())).code).toBe("FORBIDDEN");
  });
});
