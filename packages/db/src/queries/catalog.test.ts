import { expect, it } from "vitest";
import { makeUser } from "../factories";
import type { Conn } from "../store";
import { describeEachEngine } from "../test-utils";
import {
  catalogItemUsage,
  deleteCatalogItem,
  findSiblingByTitle,
  insertCatalogItem,
  isForeignKeyViolation,
  listCatalogItems,
  listProgramTitleKeys,
  listSiblings,
  loadCatalogUserState,
  moveSibling,
  nextSiblingPosition,
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
      expect((await listSiblings(c, "program", null)).map((s) => s.title)).toEqual(["A", "B"]);
      expect(await listProgramTitleKeys(c)).toEqual(new Set(["a", "b"]));
    });
  });

  it("moves a sibling only while it sits where the caller saw it", async () => {
    await store().tx(async (c) => {
      const a = await insertCatalogItem(c, item("program", "A", null, 0), now);
      expect(await moveSibling(c, { kind: "program", parentId: null }, { id: a.id, from: 1, to: 2 }, now)).toBe(false);
      expect(await moveSibling(c, { kind: "skill", parentId: a.id }, { id: a.id, from: 0, to: 2 }, now)).toBe(false);
      expect(await moveSibling(c, { kind: "program", parentId: null }, { id: a.id, from: 0, to: 2 }, now)).toBe(true);
      expect((await listSiblings(c, "program", null))[0]?.position).toBe(2);
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
      expect(await loadCatalogUserState(c, student.id)).toEqual({ earned: [], pending: [skill.id] });
      expect(await loadCatalogUserState(c, other.id)).toEqual({ earned: [], pending: [] });
      await c.db.insert(c.t.awards).values({ userId: student.id, itemId: badge.id, kind: "mini_badge", source: "manual", awardedAt: now });
      expect((await loadCatalogUserState(c, student.id)).earned).toEqual([badge.id]);
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
