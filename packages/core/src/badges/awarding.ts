import { NotFoundError, RuleViolationError } from "../errors";
import type { Catalog, CatalogNode } from "./catalog";
import type { ItemKind } from "./kinds";
import { missingAutoAwards } from "./progression";

/** Kinds an admin may award by hand (mini-badges are earned through requests only). */
export const MANUAL_AWARD_KINDS = ["skill", "program", "capstone", "progress_badge"] as const satisfies readonly ItemKind[];

export const KIND_LABELS: Record<ItemKind, string> = {
  program: "program",
  skill: "skill",
  mini_badge: "mini-badge",
  capstone: "capstone",
  progress_badge: "progress badge",
};

/**
 * Whether an admin may award `itemId` by hand to a student holding `held`: it must exist, be a
 * skill, program, capstone or progress badge, be effectively active and not already be held.
 */
export function assertManuallyAwardable(catalog: Catalog, itemId: string, held: ReadonlySet<string>): CatalogNode {
  const item = catalog.get(itemId);
  if (!item) throw new NotFoundError("That badge does not exist.");
  if (!(MANUAL_AWARD_KINDS as readonly string[]).includes(item.kind))
    throw new RuleViolationError("Mini-badges are earned through a request; award a skill, program, capstone or progress badge.", "itemId");
  if (!catalog.isEffectivelyActive(itemId)) throw new RuleViolationError(`“${item.title}” is not active.`, "itemId");
  if (held.has(itemId)) throw new RuleViolationError(alreadyHoldsMessage(item.title), "itemId");
  return item;
}

/** A badge is held at most once (one live award per student and badge). */
export function alreadyHoldsMessage(title: string, studentName?: string): string {
  return `${studentName ?? "The student"} already holds “${title}”.`;
}

/**
 * Why a request for a badge the student already holds is not approved (docs/product/badges.md §B-3):
 * approving would award nothing, so staff reject it instead, with a reason the student sees.
 */
export function heldRequestMessage(title: string, studentName?: string): string {
  return `${alreadyHoldsMessage(title, studentName)} This request cannot be approved; reject it instead.`;
}

/** Revoking needs a live award of the item. */
export function assertRevocable(catalog: Catalog, itemId: string, held: ReadonlySet<string>): void {
  const title = catalog.get(itemId)?.title;
  if (!held.has(itemId))
    throw new RuleViolationError(title ? `The student does not hold “${title}”.` : "The student does not hold that badge.", "itemId");
}

/**
 * What a recompute would grant, per student, from everyone's live awards: only students who gain
 * something appear. Grants only; nothing is ever taken away.
 */
export function recomputePlan(catalog: Catalog, holdings: ReadonlyMap<string, ReadonlySet<string>>): Map<string, string[]> {
  const plan = new Map<string, string[]>();
  for (const [userId, held] of holdings) {
    // Nothing held → nothing can be complete (every automatic award needs at least one item).
    if (held.size === 0) continue;
    const missing = missingAutoAwards(catalog, held);
    if (missing.length > 0) plan.set(userId, missing);
  }
  return plan;
}

/** The program and skill an item sits under, for "Program › Skill › Badge" labels. */
export function itemPath(catalog: Catalog, itemId: string): { program: CatalogNode | null; skill: CatalogNode | null } {
  let program: CatalogNode | null = null;
  let skill: CatalogNode | null = null;
  for (let node = catalog.get(itemId); node; node = node.parentId ? catalog.get(node.parentId) : undefined) {
    if (node.kind === "program") program = node;
    if (node.kind === "skill") skill = node;
  }
  return { program, skill };
}

/** The message a second decider sees when a request was decided first by someone else. */
export function alreadyDecidedMessage(status: string, deciderName: string | null): string {
  if (status === "pending") return "This request is still pending.";
  if (status === "withdrawn") return "This request was withdrawn by the student.";
  return `This request was already decided by ${deciderName ?? "someone else"} (${status}).`;
}
