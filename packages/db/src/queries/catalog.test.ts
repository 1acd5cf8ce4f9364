import { expect, it } from "vitest";
import { makeUser } from "../factories";
import type { Conn } from "../store";
import { describeEachEngine } from "../test-utils";
import {
  catalogItemUsage,
  catalogUserStateFor,
  countChildrenByKind,
  countSiblings,
  deleteCatalogItem,
  findCatalogEntries,
  findCatalogIcon,
  findSiblingByTitle,
  insertCatalogItem,
  isForeignKeyViolation,
  listCatalogItems,
  listProgramTitleKeys,
  listRequestableItems,
  listSiblingPage,
  lockSiblingOrder,
  moveSiblingTo,
  nextSiblingPosition,
  renumberSiblings,
  setCatalogItemActive,
  updateCatalogItem,
} from "./catalog";
import { isUniqueViolation } from "./roster";

const now = new Date("2026-03-01T10:00:00.000Z");

const item = (kind: "program" | "skill" | "mini_badge" | "capstone", title: string, parentId: string | null = null, position = 0) => ({
  kind,
  parentId,
  programId: kind === "program" ? null : parentId,
  title,
  description: null,
  iconEmoji: null,
  iconImage: null,
  position,
});

describeEachEngine("catalog queries", (store) => {
  async function tree(c: Conn) {
    const program = await insertCatalogItem(c, item("program", "Python"), now);
    const skill = await insertCatalogItem(c, item("skill", "Basics", program.id), now);
    const badge = await insertCatalogItem(c, { ...item("mini_badge", "Loops", skill.id), programId: program.id }, now);
    return { program, skill, badge };
  }

  it("stores trimmed titles with their key and finds same-kind siblings in any case", async () => {
    await store().tx(async (c) => {
      const { program, skill } = await tree(c);
      expect(skill).toMatchObject({ title: "Basics", titleKey: "basics", siblingScope: `skill:${program.id}`, isActive: true });
      expect(await findSiblingByTitle(c, "skill", program.id, "  BASICS ")).toEqual({ id: skill.id, title: "Basics" });
      expect(await findSiblingByTitle(c, "skill", program.id, "basics", skill.id)).toBeNull();
      // Same title, other kind or other parent: not a sibling.
      expect(await findSiblingByTitle(c, "capstone", program.id, "Basics")).toBeNull();
      expect(await findSiblingByTitle(c, "skill", null, "Basics")).toBeNull();
    });
  });

  it("backs sibling-title uniqueness with the unique index", async () => {
    const { program } = await store().tx(tree);
    const error = await store()
      .tx((c) => insertCatalogItem(c, item("skill", " basICS", program.id), now))
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    // Another kind under the same parent may reuse the title.
    await store().tx((c) => insertCatalogItem(c, item("capstone", "Basics", program.id), now));
  });

  it("gives the next sibling position (inactive siblings count) and lists siblings in order", async () => {
    await store().tx(async (c) => {
      expect(await nextSiblingPosition(c, "program", null)).toBe(0);
      const a = await insertCatalogItem(c, item("program", "A", null, 0), now);
      const b = await insertCatalogItem(c, item("program", "B", null, 4), now);
      await setCatalogItemActive(c, b.id, false, now);
      expect(await nextSiblingPosition(c, "program", null)).toBe(5);
      expect(await nextSiblingPosition(c, "skill", a.id)).toBe(0);
      const page = await listSiblingPage(c, "program", null, { offset: 0, limit: 10, activeOnly: false });
      expect(page.map((s) => s.title)).toEqual(["A", "B"]);
      expect((await listSiblingPage(c, "program", null, { offset: 0, limit: 10, activeOnly: true })).map((s) => s.title)).toEqual(["A"]);
      expect([await countSiblings(c, "program", null, false), await countSiblings(c, "program", null, true)]).toEqual([2, 1]);
      expect(await listProgramTitleKeys(c)).toEqual(new Set(["a", "b"]));
    });
  });

  it("pages siblings in (position, id) order and counts children per kind", async () => {
    await store().tx(async (c) => {
      const p = await insertCatalogItem(c, item("program", "P"), now);
      for (let i = 0; i < 7; i++) await insertCatalogItem(c, item("skill", `S${i}`, p.id, 6 - i), now);
      await insertCatalogItem(c, item("capstone", "C", p.id), now);
      const titles = async (offset: number) =>
        (await listSiblingPage(c, "skill", p.id, { offset, limit: 3, activeOnly: false })).map((r) => r.title);
      expect([await titles(0), await titles(3), await titles(6)]).toEqual([["S6", "S5", "S4"], ["S3", "S2", "S1"], ["S0"]]);
      const counts = await countChildrenByKind(c, [p.id, "0190a000-0000-7000-8000-000000000000"], false);
      expect(Object.fromEntries(counts)).toEqual({ [p.id]: { skill: 7, capstone: 1 } });
      expect(await countChildrenByKind(c, [], false)).toEqual(new Map());
    });
  });

  it("reads entries without the icon image, which is read on its own", async () => {
    const image = "data:image/png;base64,iVBORw0KGgo=";
    await store().tx(async (c) => {
      const p = await insertCatalogItem(c, { ...item("program", "P"), iconImage: image }, now);
      const q = await insertCatalogItem(c, item("program", "Q"), now);
      const entries = await findCatalogEntries(c, [p.id, q.id]);
      expect(entries.map((e) => [e.title, e.hasImage]).sort()).toEqual([
        ["P", true],
        ["Q", false],
      ]);
      expect(JSON.stringify(entries)).not.toContain("base64");
      expect(await findCatalogIcon(c, p.id)).toEqual({ iconImage: image, updatedAt: now });
      expect(await findCatalogIcon(c, q.id)).toBeNull();
    });
  });

  it("moves an item among its siblings: renumbers gaps and ties, shifts the ones between, refuses a stale move", async () => {
    const order = (c: Conn, parentId: string) => lockSiblingOrder(c, "skill", parentId);
    await store().tx(async (c) => {
      const p = await insertCatalogItem(c, item("program", "P"), now);
      // Gaps and a tie (as left by deletions and racing creations).
      const [a, b, x, d] = [
        await insertCatalogItem(c, item("skill", "a", p.id, 3), now),
        await insertCatalogItem(c, item("skill", "b", p.id, 7), now),
        await insertCatalogItem(c, item("skill", "x", p.id, 7), now),
        await insertCatalogItem(c, item("skill", "d", p.id, 9), now),
      ];
      const tie = [b, x].sort((l, r) => (l.id < r.id ? -1 : 1));
      expect((await order(c, p.id)).map((r) => r.id)).toEqual([a.id, tie[0]?.id, tie[1]?.id, d.id]);
      await renumberSiblings(c, "skill", p.id, now);
      expect((await order(c, p.id)).map((r) => [r.id, r.position])).toEqual([
        [a.id, 0],
        [tie[0]?.id, 1],
        [tie[1]?.id, 2],
        [d.id, 3],
      ]);
      const scope = { kind: "skill" as const, parentId: p.id };
      expect(await moveSiblingTo(c, scope, { id: d.id, from: 3, to: 0 }, now)).toBe(true);
      expect((await order(c, p.id)).map((r) => [r.id, r.position])).toEqual([
        [d.id, 0],
        [a.id, 1],
        [tie[0]?.id, 2],
        [tie[1]?.id, 3],
      ]);
      expect(await moveSiblingTo(c, scope, { id: d.id, from: 0, to: 2 }, now)).toBe(true);
      expect((await order(c, p.id)).map((r) => r.id)).toEqual([a.id, tie[0]?.id, d.id, tie[1]?.id]);
      // Not where the caller saw it: nothing placed (the caller rolls the shift back).
      expect(await moveSiblingTo(c, scope, { id: d.id, from: 0, to: 3 }, now)).toBe(false);
    });
  });

  it("lists requestable badges (effectively active mini-badges and capstones) in catalog order, searchable, paged", async () => {
    await store().tx(async (c) => {
      const p = await insertCatalogItem(c, item("program", "Python", null, 0), now);
      const q = await insertCatalogItem(c, item("program", "Quiet", null, 1), now);
      const s1 = await insertCatalogItem(c, item("skill", "Basics", p.id, 0), now);
      const s2 = await insertCatalogItem(c, item("skill", "Retired", p.id, 1), now);
      const add = (kind: "mini_badge" | "capstone", title: string, parent: { id: string }, program: { id: string }, position = 0) =>
        insertCatalogItem(c, { ...item(kind, title, parent.id, position), programId: program.id }, now);
      await add("capstone", "Project 100%", p, p);
      await add("mini_badge", "Loops", s1, p, 1);
      await add("mini_badge", "Functions", s1, p, 0);
      await add("mini_badge", "Hidden", s2, p);
      await add("mini_badge", "Elsewhere", await insertCatalogItem(c, item("skill", "Q skill", q.id), now), q);
      await setCatalogItemActive(c, s2.id, false, now);
      await setCatalogItemActive(c, q.id, false, now);
      const all = await listRequestableItems(c, {}, { offset: 0, limit: 10 });
      expect(all.total).toBe(3);
      expect(all.rows.map((r) => [r.title, r.programTitle, r.skillTitle])).toEqual([
        ["Functions", "Python", "Basics"],
        ["Loops", "Python", "Basics"],
        ["Project 100%", "Python", null],
      ]);
      expect((await listRequestableItems(c, {}, { offset: 2, limit: 10 })).rows.map((r) => r.title)).toEqual(["Project 100%"]);
      // The search is a literal, case-insensitive substring (% and _ are not wildcards).
      expect((await listRequestableItems(c, { search: "00%" }, { offset: 0, limit: 10 })).rows.map((r) => r.title)).toEqual([
        "Project 100%",
      ]);
      expect((await listRequestableItems(c, { search: "o%" }, { offset: 0, limit: 10 })).total).toBe(0);
      expect((await listRequestableItems(c, { search: "LOOP" }, { offset: 0, limit: 10 })).total).toBe(1);
    });
  });

  it("flips the active flag only when it changes", async () => {
    await store().tx(async (c) => {
      const { program } = await tree(c);
      expect(await setCatalogItemActive(c, program.id, true, now)).toBeNull();
      expect(await setCatalogItemActive(c, program.id, false, now)).toEqual({ id: program.id, kind: "program", title: "Python" });
      expect(await setCatalogItemActive(c, program.id, false, now)).toBeNull();
    });
  });

  it("updates given fields only", async () => {
    await store().tx(async (c) => {
      const { skill } = await tree(c);
      const later = new Date(now.getTime() + 1000);
      const updated = await updateCatalogItem(c, skill.id, { title: " Advanced ", iconEmoji: "🐍" }, later);
      expect(updated).toMatchObject({ title: "Advanced", titleKey: "advanced", iconEmoji: "🐍", description: null, updatedAt: later });
      expect(await updateCatalogItem(c, "0190a000-0000-7000-8000-000000000000", { title: "x" }, now)).toBeNull();
    });
  });

  it("counts children, awards (revoked too) and requests (any status), and reads a user's state", async () => {
    const { badge, skill, student, other } = await store().tx(async (c) => {
      const t = await tree(c);
      const student = await makeUser(c, { now });
      const other = await makeUser(c, { now });
      return { ...t, student, other };
    });
    await store().tx(async (c) => {
      expect(await catalogItemUsage(c, skill.id)).toEqual({ children: 1, awards: 0, requests: 0 });
      expect(await catalogItemUsage(c, badge.id)).toEqual({ children: 0, awards: 0, requests: 0 });
      await c.db.insert(c.t.awards).values({
        userId: student.id,
        itemId: badge.id,
        kind: "mini_badge",
        source: "manual",
        awardedAt: now,
        revokedAt: now,
      });
      await c.db.insert(c.t.badgeRequests).values({
        userId: other.id,
        itemId: badge.id,
        itemTitle: "Loops",
        status: "rejected",
        submittedAt: now,
        updatedAt: now,
      });
      await c.db.insert(c.t.badgeRequests).values({
        userId: student.id,
        itemId: skill.id,
        itemTitle: "Basics",
        status: "pending",
        submittedAt: now,
        updatedAt: now,
      });
      expect(await catalogItemUsage(c, badge.id)).toEqual({ children: 0, awards: 1, requests: 1 });
      // The revoked award is not "earned"; only pending requests are "pending".
      const ids = [badge.id, skill.id];
      expect(await catalogUserStateFor(c, student.id, ids)).toEqual({ earned: new Set(), pending: new Set([skill.id]) });
      expect(await catalogUserStateFor(c, other.id, ids)).toEqual({ earned: new Set(), pending: new Set() });
      await c.db.insert(c.t.awards).values({ userId: student.id, itemId: badge.id, kind: "mini_badge", source: "manual", awardedAt: now });
      expect((await catalogUserStateFor(c, student.id, ids)).earned).toEqual(new Set([badge.id]));
      expect((await catalogUserStateFor(c, student.id, [skill.id])).earned).toEqual(new Set());
    });
  });

  it("deletes a free item, and the foreign keys refuse deleting one that is referenced", async () => {
    const { program, skill, badge } = await store().tx(tree);
    const error = await store()
      .tx((c) => deleteCatalogItem(c, skill.id))
      .catch((e: unknown) => e);
    expect(isForeignKeyViolation(error)).toBe(true);
    expect(isForeignKeyViolation(new Error("boom"))).toBe(false);
    expect(await store().tx((c) => deleteCatalogItem(c, badge.id))).toEqual({ id: badge.id, kind: "mini_badge", title: "Loops" });
    expect(await store().tx((c) => deleteCatalogItem(c, badge.id))).toBeNull();
    const rows = await store().read(listCatalogItems);
    expect(rows.map((r) => r.id).sort()).toEqual([program.id, skill.id].sort());
  });
});
