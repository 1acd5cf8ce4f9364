import type { Catalog } from "./catalog";

/**
 * The progression rules (docs/product/badges.md §B-4):
 *
 * | item    | held automatically when …                                                        |
 * |---------|-----------------------------------------------------------------------------------|
 * | skill   | it is effectively active, has ≥ 1 active mini-badge, and every one is held        |
 * | program | it is effectively active, every active skill *with content* is held, every active |
 * |         | required capstone is held, and at least one of those exists                       |
 *
 * An active skill with no active mini-badge is a placeholder: it cannot be earned and does not
 * block its program (docs/product/badges.md §B-4). Inactive items neither count nor block.
 */
export function skillComplete(catalog: Catalog, skillId: string, held: ReadonlySet<string>): boolean {
  if (catalog.get(skillId)?.kind !== "skill" || !catalog.isEffectivelyActive(skillId)) return false;
  const badges = catalog.activeChildren(skillId, "mini_badge");
  return badges.length > 0 && badges.every((b) => held.has(b.id));
}

/** Skills that count toward their program: active and with at least one active mini-badge. */
export const countedSkills = (catalog: Catalog, programId: string) =>
  catalog.activeChildren(programId, "skill").filter((s) => catalog.activeChildren(s.id, "mini_badge").length > 0);

export const requiredCapstones = (catalog: Catalog, programId: string) =>
  catalog.activeChildren(programId, "capstone").filter((c) => c.isRequired);

export function programComplete(catalog: Catalog, programId: string, held: ReadonlySet<string>): boolean {
  if (catalog.get(programId)?.kind !== "program" || !catalog.isEffectivelyActive(programId)) return false;
  const needed = [...countedSkills(catalog, programId), ...requiredCapstones(catalog, programId)];
  return needed.length > 0 && needed.every((item) => held.has(item.id));
}

/** The program an item sits in (itself for a program). */
export function programOf(catalog: Catalog, itemId: string): string | null {
  let node = catalog.get(itemId);
  while (node && node.kind !== "program") node = node.parentId ? catalog.get(node.parentId) : undefined;
  return node?.id ?? null;
}

/**
 * What a student earns automatically after gaining `gained` (a mini-badge, capstone or skill),
 * given everything they now hold (including `gained`): the skill above it if now complete, then
 * the program. Returns item ids in award order; already-held items are not repeated.
 *
 * @example gaining the last mini-badge of skill S in program P (P's only skill) → [S, P]
 */
export function cascadeAwards(catalog: Catalog, held: ReadonlySet<string>, gained: string): string[] {
  const now = new Set(held);
  now.add(gained);
  const earned: string[] = [];
  const item = catalog.get(gained);
  if (!item) return earned;
  if (item.kind === "mini_badge" && item.parentId && !now.has(item.parentId) && skillComplete(catalog, item.parentId, now)) {
    earned.push(item.parentId);
    now.add(item.parentId);
  }
  const programId = programOf(catalog, gained);
  if (programId && programId !== gained && !now.has(programId) && programComplete(catalog, programId, now)) earned.push(programId);
  return earned;
}

/**
 * Automatic awards that stop holding once `lost` is revoked: the skill above a mini-badge and the
 * program above either. Only automatic awards fall with it; a manual award stands by decision.
 */
export function cascadeRevocations(catalog: Catalog, held: ReadonlySet<string>, automatic: ReadonlySet<string>, lost: string): string[] {
  const now = new Set(held);
  now.delete(lost);
  const revoked: string[] = [];
  const item = catalog.get(lost);
  if (!item) return revoked;
  if (
    item.kind === "mini_badge" &&
    item.parentId &&
    automatic.has(item.parentId) &&
    now.has(item.parentId) &&
    !skillComplete(catalog, item.parentId, now)
  ) {
    revoked.push(item.parentId);
    now.delete(item.parentId);
  }
  const programId = programOf(catalog, lost);
  if (programId && programId !== lost && automatic.has(programId) && now.has(programId) && !programComplete(catalog, programId, now))
    revoked.push(programId);
  return revoked;
}

/**
 * Every automatic award a student qualifies for but does not hold (skills first, then programs):
 * what `recompute` grants after catalog changes. Awards are never taken away by recompute.
 */
export function missingAutoAwards(catalog: Catalog, held: ReadonlySet<string>): string[] {
  const now = new Set(held);
  const missing: string[] = [];
  for (const program of catalog.programs()) {
    for (const skill of catalog.children(program.id, "skill")) {
      if (!now.has(skill.id) && skillComplete(catalog, skill.id, now)) {
        missing.push(skill.id);
        now.add(skill.id);
      }
    }
    if (!now.has(program.id) && programComplete(catalog, program.id, now)) missing.push(program.id);
  }
  return missing;
}
