import { publicProcedure, router } from "../trpc";

export const systemRouter = router({
  /** Liveness of the database for /healthz; never throws, so the caller can answer 503. */
  health: publicProcedure.query(async ({ ctx }) => {
    try {
      await ctx.db.ping();
      return { ok: true as const, engine: ctx.db.engine, migrations: await ctx.db.migrationStatus() };
    } catch {
      return { ok: false as const, engine: ctx.db.engine, migrations: null };
    }
  }),
});
