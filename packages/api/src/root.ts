import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { outboxRouter } from "./routers/outbox";
import { profileRouter } from "./routers/profile";
import { rosterRouter } from "./routers/roster";
import { setupRouter } from "./routers/setup";
import { systemRouter } from "./routers/system";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  audit: auditRouter,
  auth: authRouter,
  profile: profileRouter,
  setup: setupRouter,
  outbox: outboxRouter,
  roster: rosterRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;
