// The scoring settings an admin edits: the rank table and each board's freeze
// (docs/product/missions.md §M-13, §M-14). Writes run inside the caller's store.tx.
import { type BoardFreeze, DEFAULT_RANKS, type RankThreshold } from "@missionboard/core";
import { asc, eq } from "drizzle-orm";
import { newId } from "../ids";
import type { Conn } from "../store";

/** The rank table, lowest first; core's DEFAULT_RANKS until an admin saved one. */
export async function loadRankTable({ db, t }: Conn): Promise<RankThreshold[]> {
  const rows = await db.select().from(t.rankLevels).orderBy(asc(t.rankLevels.minPoints));
  if (rows.length === 0) return DEFAULT_RANKS.map((r) => ({ ...r }));
  return rows.map((r) => ({ name: r.name, minPoints: r.minPoints, reward: r.reward }));
}

/** Replaces the whole rank table (the caller checked it with core's rankTableProblems). */
export async function replaceRankTable({ db, t }: Conn, ranks: readonly RankThreshold[], now: Date): Promise<void> {
  await db.delete(t.rankLevels);
  if (ranks.length === 0) return;
  await db
    .insert(t.rankLevels)
    .values(
      ranks.map((r) => ({ id: newId(), name: r.name.trim(), minPoints: r.minPoints, reward: r.reward?.trim() || null, updatedAt: now })),
    );
}

/** Every board's freeze that is set. */
export async function loadBoardFreezes({ db, t }: Conn): Promise<BoardFreeze[]> {
  const rows = await db.select({ board: t.boardSettings.board, freezeAt: t.boardSettings.freezeAt }).from(t.boardSettings);
  return rows.filter((r) => r.freezeAt !== null);
}

/** Sets or clears (null) a board's freeze; `board` is `overall` or `week:N`. */
export async function setBoardFreeze({ db, t }: Conn, board: string, freezeAt: Date | null, by: string | null, now: Date): Promise<void> {
  const b = t.boardSettings;
  const [existing] = await db.select({ board: b.board }).from(b).where(eq(b.board, board)).limit(1);
  if (existing) await db.update(b).set({ freezeAt, updatedBy: by, updatedAt: now }).where(eq(b.board, board));
  else await db.insert(b).values({ board, freezeAt, updatedBy: by, updatedAt: now });
}
