import type { AuditAction } from "@missionboard/core";
import { listCatalogItems, type Store } from "@missionboard/db";
import { makeCatalogItem, makeUser } from "@missionboard/db/factories";
import { createTestStore, describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { SessionUser } from "../context";
import { createCaller } from "../root";
import { callerAs, makeSessionUser, recordingMail, TEST_NOW, TEST_SETTINGS, testBackground } from "../test-helpers";
import type { CatalogLevelView } from "./catalog";

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

type Api = ReturnType<typeof callerAs>;
const list = (view: CatalogLevelView, kind: string) => view.lists.find((l) => l.kind === kind);
const titlesOf = (view: CatalogLevelView, kind: string) => list(view, kind)?.items.map((i) => i.title) ?? [];
const level = (api: Api, itemId: string | null = null, more: { kind?: "program" | "skill" | "mini_badge"; page?: number } = {}) =>
  api.catalog.level({ itemId, ...more });

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
    const S2 = list(await level(api, P.id), "skill")?.items[1];
    expect(S2?.title).toBe("Advanced");
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

    const student = callerAs(store(), studentUser);
    const root = await level(student);
    expect(root.staffView).toBe(false);
    expect(root.item).toBeNull();
    expect(titlesOf(root, "program")).toEqual(["Python"]);
    // Counts show students only what they can see.
    expect(list(root, "program")?.items[0]?.childCounts).toEqual({ skill: 1, capstone: 1, progress_badge: 1 });
    const program = await level(student, P.id);
    expect(program.item).toMatchObject({ id: P.id, title: "Python", effectivelyActive: true });
    expect(titlesOf(program, "skill")).toEqual(["Basics"]);
    expect(list(program, "capstone")?.items[0]).toMatchObject({ id: C.id, earned: false, pending: true, isRequired: true });
    const skill = await level(student, S1.id);
    expect(skill.path).toEqual([{ id: P.id, kind: "program", title: "Python" }]);
    expect(list(skill, "mini_badge")?.items.map((m) => [m.id, m.earned, m.pending])).toEqual([[m1.id, true, false]]);
    const all = JSON.stringify([root, program, skill]);
    for (const hidden of [S2.id, m2.id, m3.id, Q.id]) expect(all).not.toContain(hidden);
    // Inactive items (or items under one) do not exist for students.
    for (const hidden of [S2.id, m3.id, Q.id]) expect((await failure(level(student, hidden))).code).toBe("NOT_FOUND");

    // Deactivating the program hides everything under it, although the children stay active.
    await api.catalog.setActive({ id: P.id, isActive: false });
    expect(titlesOf(await level(student), "program")).toEqual([]);
    expect((await failure(level(student, S1.id))).code).toBe("NOT_FOUND");
    expect((await items()).find((r) => r.id === S1.id)?.isActive).toBe(true);

    const assistant = callerAs(store(), await makeSessionUser(store(), "assistant"));
    const staffRoot = await level(assistant);
    expect(staffRoot.staffView).toBe(true);
    expect(titlesOf(staffRoot, "program")).toEqual(["Python", "Data"]);
    const staffProgram = await level(assistant, P.id);
    expect(list(staffProgram, "skill")?.items.map((s) => [s.title, s.isActive, s.effectivelyActive, s.childCounts])).toEqual([
      ["Basics", true, false, { mini_badge: 2 }],
      ["Advanced", false, false, { mini_badge: 1 }],
    ]);
    expect(list(await level(assistant, S2.id), "mini_badge")?.items.map((m) => m.id)).toEqual([m3.id]);
  });

  it("keeps a badge's criteria (written, edited, cleared) and tells students how each badge is earned (issue 11 #9)", async () => {
    const api = await admin();
    const { P, S1, G, C, m1 } = await seed(api);
    await api.catalog.update({ id: G.id, criteria: "  Attempt a mission on five days of your first week.  " });
    const student = callerAs(store(), await makeSessionUser(store(), "student"));
    const program = await level(student, P.id);
    const halfway = list(program, "progress_badge")?.items[0];
    expect(halfway).toMatchObject({
      title: "Halfway",
      criteria: "Attempt a mission on five days of your first week.",
      howEarned: expect.stringMatching(/by an admin, by hand, when you meet its criteria; it cannot be requested/),
    });
    expect(list(program, "skill")?.items.find((i) => i.id === S1.id)?.howEarned).toBe(
      "Awarded automatically once you hold all 2 of its mini-badges.",
    );
    expect(list(program, "capstone")?.items.find((i) => i.id === C.id)?.howEarned).toMatch(/Its program's award needs it\.$/);
    expect((await level(student, S1.id)).lists[0]?.items.find((i) => i.id === m1.id)?.howEarned).toMatch(/^Request it/);
    expect((await level(student, P.id)).item?.howEarned).toMatch(/every skill in it .* every required capstone/);
    const made = await api.catalog.create({ kind: "capstone", parentId: P.id, title: "Demo day", criteria: "Present it." });
    expect((await items()).find((r) => r.id === made.id)?.criteria).toBe("Present it.");
    await api.catalog.update({ id: G.id, criteria: "" });
    expect((await items()).find((r) => r.id === G.id)?.criteria).toBeNull();
    expect((await failure(api.catalog.update({ id: G.id, criteria: "x".repeat(2001) }))).code).toBe("BAD_REQUEST");
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

  it("moves one item to a new place, shifting the ones between, and audits it", async () => {
    const api = await admin();
    const { P, S1, m1, m2 } = await seed(api);
    const m4 = await api.catalog.create({ kind: "mini_badge", parentId: S1.id, title: "Classes" });
    const badges = async () => list(await level(api, S1.id), "mini_badge")?.items.map((m) => [m.title, m.position, m.rank]);
    expect(await api.catalog.move({ id: m4.id, seenPosition: 2, to: 0 })).toEqual({ id: m4.id, from: 2, to: 0, moved: true });
    expect(await badges()).toEqual([
      ["Classes", 0, 0],
      ["Loops", 1, 1],
      ["Functions", 2, 2],
    ]);
    const [row] = await auditRows("catalog.reordered");
    expect(row).toMatchObject({ entityId: m4.id, metadata: { kind: "mini_badge", title: "Classes", parentId: S1.id, from: 3, to: 1 } });
    // Down by one (the keyboard's "Move down"), and beyond the end (clamped to the last place).
    await api.catalog.move({ id: m1.id, seenPosition: 1, to: 2 });
    await api.catalog.move({ id: m4.id, seenPosition: 0, to: 99 });
    expect((await badges())?.map(([title]) => title)).toEqual(["Functions", "Loops", "Classes"]);
    // To where it already is: nothing changes, nothing is audited.
    expect(await api.catalog.move({ id: m2.id, seenPosition: 0, to: 0 })).toMatchObject({ moved: false });
    expect(await auditRows("catalog.reordered")).toHaveLength(3);
    // Programs move at the root.
    await api.catalog.move({ id: P.id, seenPosition: 0, to: 1 });
    expect(titlesOf(await level(api), "program")).toEqual(["Data", "Python"]);
  });

  it("refuses a stale move and changes nothing", async () => {
    const api = await admin();
    const { m1, m2 } = await seed(api);
    await api.catalog.move({ id: m2.id, seenPosition: 1, to: 0 });
    const after = await items();
    // The page showed m1 at position 0; it is at 1 now.
    const error = await failure(api.catalog.move({ id: m1.id, seenPosition: 0, to: 1 }));
    expect([error.code, error.message]).toEqual(["CONFLICT", "The order changed in the meantime; reload and try again."]);
    expect(await items()).toEqual(after);
    expect(await auditRows("catalog.reordered")).toHaveLength(1);
    expect((await failure(api.catalog.move({ id: "0190a000-0000-7000-8000-000000000000", seenPosition: 0, to: 1 }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await failure(api.catalog.move({ id: m1.id, seenPosition: 1, to: -1 }))).code).toBe("BAD_REQUEST");
  });

  it("moves in a list with gaps and ties (after deletions, racing creations) by renumbering it first", async () => {
    const api = await admin();
    const { P } = await seed(api);
    const skills = [];
    for (const [title, position] of [
      ["A", 3],
      ["B", 7],
      ["C", 7],
      ["D", 12],
    ] as const)
      skills.push(await store().tx((c) => makeCatalogItem(c, { kind: "skill", title, parent: { ...P, programId: null }, position })));
    const view = list(await level(api, P.id), "skill");
    const last = view?.items.at(-1);
    expect(last?.title).toBe("D");
    await api.catalog.move({ id: last?.id ?? "", seenPosition: last?.position ?? -1, to: 0 });
    const after = list(await level(api, P.id), "skill")?.items ?? [];
    expect(after.map((s) => s.position)).toEqual(after.map((_, i) => i));
    expect(after[0]?.title).toBe("D");
  });

  it("concurrent moves in one list keep every place taken exactly once", async () => {
    const api = await admin();
    const { P } = await seed(api);
    for (let i = 0; i < 8; i++) await api.catalog.create({ kind: "skill", parentId: P.id, title: `Extra ${i}` });
    const skills = async () => list(await level(api, P.id), "skill")?.items ?? [];
    const ids = (await skills()).map((s) => s.id).sort();
    for (let round = 0; round < 8; round++) {
      // Overlapping shifts: the first item goes down to place 5 while the last goes up to place 3.
      const before = await skills();
      const [first, last] = [before[0], before.at(-1)];
      const results = await Promise.allSettled([
        api.catalog.move({ id: first?.id ?? "", seenPosition: first?.position ?? -1, to: 5 }),
        api.catalog.move({ id: last?.id ?? "", seenPosition: last?.position ?? -1, to: 3 }),
      ]);
      for (const r of results) if (r.status === "rejected") expect(String(r.reason)).toMatch(/order changed in the meantime/);
      const after = await skills();
      expect(
        after.map((s) => s.position),
        `round ${round}`,
      ).toEqual(before.map((_, i) => i));
      expect(after.map((s) => s.id).sort()).toEqual(ids);
    }
  });

  it("pages a long list: 50 items a page, counts and places across pages, bounded whatever the size", async () => {
    const api = await admin();
    const { S1 } = await seed(api);
    await store().tx(async ({ db, t }) => {
      const rows = Array.from({ length: 1_200 }, (_, i) => ({
        kind: "mini_badge" as const,
        parentId: S1.id,
        programId: S1.id,
        siblingScope: `mini_badge:${S1.id}`,
        title: `Badge ${i}`,
        titleKey: `badge ${i}`,
        position: i + 2,
        updatedAt: TEST_NOW,
      }));
      for (let i = 0; i < rows.length; i += 400) await db.insert(t.catalogItems).values(rows.slice(i, i + 400));
    });
    const first = list(await level(api, S1.id), "mini_badge");
    expect([first?.total, first?.page, first?.pageSize, first?.pageCount, first?.items.length]).toEqual([1_202, 1, 50, 25, 50]);
    const third = list(await level(api, S1.id, { kind: "mini_badge", page: 3 }), "mini_badge");
    expect(third?.items[0]).toMatchObject({ title: "Badge 98", rank: 100 });
    // Past the end: the last page.
    const beyond = list(await level(api, S1.id, { kind: "mini_badge", page: 999 }), "mini_badge");
    expect([beyond?.page, beyond?.items.length, beyond?.items.at(-1)?.title]).toEqual([25, 2, "Badge 1199"]);
    // A move deep in the list costs one item in the request, not the list.
    const deep = beyond?.items.at(-1);
    await api.catalog.move({ id: deep?.id ?? "", seenPosition: deep?.position ?? -1, to: 0 });
    expect(list(await level(api, S1.id), "mini_badge")?.items[0]?.title).toBe("Badge 1199");
  });

  it("serves artwork on its own (not in the level): to anyone for visible items, to staff for all", async () => {
    const api = await admin();
    const { P, S1, m1, m2 } = await seed(api);
    const view = await level(api, S1.id);
    expect(JSON.stringify(view)).not.toContain("base64");
    const withImage = list(view, "mini_badge")?.items.find((m) => m.id === m2.id);
    expect(withImage?.iconVersion).toEqual(expect.any(Number));
    expect(withImage?.artworkVersion).toBe(withImage?.iconVersion);
    expect(list(view, "mini_badge")?.items.find((m) => m.id !== m2.id)?.iconVersion).toBeNull();
    expect(await api.catalog.artwork({ id: m2.id })).toEqual({
      id: m2.id,
      kind: "mini_badge",
      title: "Functions",
      programId: P.id,
      image: PNG_1PX,
      version: withImage?.iconVersion,
    });
    // A program is its own program; an item without an upload has no image (the emblem is drawn).
    expect(await api.catalog.artwork({ id: P.id })).toMatchObject({ programId: P.id, image: null });
    const student = callerAs(store(), await makeSessionUser(store(), "student"));
    const anonymous = callerAs(store(), null);
    expect((await student.catalog.artwork({ id: m2.id })).image).toBe(PNG_1PX);
    expect((await anonymous.catalog.artwork({ id: m1.id })).title).toBe("Loops");
    await api.catalog.setActive({ id: S1.id, isActive: false });
    expect((await failure(student.catalog.artwork({ id: m2.id }))).code).toBe("NOT_FOUND");
    expect((await failure(anonymous.catalog.artwork({ id: m1.id }))).code).toBe("NOT_FOUND");
    expect((await api.catalog.artwork({ id: m2.id })).image).toBe(PNG_1PX);
    expect((await failure(anonymous.catalog.artwork({ id: "00000000-0000-4000-8000-000000000000" }))).code).toBe("NOT_FOUND");
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
    const { m2, Q, G } = await seed(api);
    await api.catalog.setActive({ id: m2.id, isActive: false });
    await api.catalog.update({ id: Q.id, description: "Tables and charts" });
    await api.catalog.update({ id: G.id, criteria: "Five days in a row" });
    const document = await api.catalog.export();
    expect(document).toMatchObject({ format: "missionboard.catalog", version: 1 });
    const text = JSON.stringify(document);
    // Criteria travel with the file (issue 11 #9); items without any carry no criteria key.
    expect(text.match(/"criteria"/g)).toHaveLength(1);
    expect(document.programs[0]?.progressBadges[0]).toMatchObject({ title: "Halfway", criteria: "Five days in a row" });

    const fresh = await createTestStore(engine);
    try {
      const other = await admin(fresh);
      const result = await other.catalog.import({ text });
      expect(result.counts).toEqual({ program: 2, skill: 2, mini_badge: 3, capstone: 1, progress_badge: 1 });
      expect(titlesOf(await level(other), "program")).toEqual(["Python", "Data"]);
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
    const programs = list(await level(api), "program")?.items ?? [];
    expect(programs.map((p) => [p.title, p.position])).toEqual([
      ["Python", 0],
      ["Data", 1],
      ["Robotics", 2],
    ]);
    expect(titlesOf(await level(api, programs[2]?.id ?? ""), "skill")).toEqual(["Arms"]);
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
