// The order of siblings in the catalog and how one item moves within it. An item's place is its
// rank (0-based) in (position, id) order; positions are kept 0..n-1 so a move shifts only the
// items between its old and new place. Pages list children in pages of CATALOG_PAGE_SIZE, so no
// catalog page grows with the number of siblings.
import type { ItemKind } from "./kinds";

/** Children per page on the catalog pages (and per list on a program's page). */
export const CATALOG_PAGE_SIZE = 50;

/** The lists shown under an item (in page order); the root (null) holds the programs. */
export function childKinds(kind: ItemKind | null): readonly ItemKind[] {
  if (kind === null) return ["program"];
  if (kind === "program") return ["skill", "capstone", "progress_badge"];
  if (kind === "skill") return ["mini_badge"];
  return [];
}

export type MovePlan =
  | { kind: "stale" }
  | { kind: "unchanged"; rank: number }
  | { kind: "move"; from: number; to: number /** Positions are not 0..n-1 yet (gaps or ties): renumber first. */; renumber: boolean };

/**
 * Moving `id` to rank `to` among `order` (the siblings in display order with their stored
 * positions). `seenPosition` is the position the page showed: anything else means someone moved
 * it meanwhile (stale). `to` is clamped to the list.
 */
export function planMove(order: readonly { id: string; position: number }[], id: string, seenPosition: number, to: number): MovePlan {
  const from = order.findIndex((item) => item.id === id);
  if (from < 0 || order[from]?.position !== seenPosition) return { kind: "stale" };
  const target = Math.min(Math.max(Math.trunc(to), 0), order.length - 1);
  if (target === from) return { kind: "unchanged", rank: from };
  return { kind: "move", from, to: target, renumber: order.some((item, rank) => item.position !== rank) };
}

/** The order after a move (what the database holds once the move is applied). */
export function applyMove<T>(order: readonly T[], from: number, to: number): T[] {
  const next = [...order];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}
