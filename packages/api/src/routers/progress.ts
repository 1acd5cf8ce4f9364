// Progress read models: the student's own ("My progress") and any student's for staff.
import { type Catalog, itemPath, KIND_LABELS, NotFoundError, nextBadges, progressReport } from "@missionboard/core";
import { type Conn, findUserById, liveAwardsOf, pendingItemIdsOf } from "@missionboard/db";
import { z } from "zod";
import { loadCatalog } from "../services/awarding";
import { authedProcedure, permissionProcedure, router } from "../trpc";

async function progressOf(c: Conn, catalog: Catalog, userId: string) {
  const awards = await liveAwardsOf(c, userId);
  const pending = await pendingItemIdsOf(c, userId);
  const report = progressReport(catalog, awards);
  // Newest first; items since removed from the catalog keep a placeholder title.
  const timeline = [...awards].reverse().map((a) => {
    const { program, skill } = itemPath(catalog, a.itemId);
    return {
      itemId: a.itemId,
      title: catalog.get(a.itemId)?.title ?? KIND_LABELS[a.kind],
      kind: a.kind,
      kindLabel: KIND_LABELS[a.kind],
      source: a.source,
      awardedAt: a.awardedAt,
      programTitle: program?.title ?? null,
      skillTitle: skill?.title ?? null,
    };
  });
  return { report, next: nextBadges(report, pending, 5), timeline, pendingItemIds: [...pending] };
}

export const progressRouter = router({
  /** The signed-in student's progress per program and skill, next badges to earn, and timeline. */
  mine: authedProcedure.query(({ ctx }) => ctx.db.read(async (c) => progressOf(c, await loadCatalog(c), ctx.user.id))),

  /** Any student's progress (staff). */
  forStudent: permissionProcedure("progress.read_any")
    .input(z.object({ userId: z.uuid("Choose a student.") }))
    .query(({ ctx, input }) =>
      ctx.db.read(async (c) => {
        const user = await findUserById(c, input.userId);
        if (!user) throw new NotFoundError("That student does not exist.");
        return { student: { id: user.id, name: user.name, email: user.email }, ...(await progressOf(c, await loadCatalog(c), user.id)) };
      }),
    ),
});
