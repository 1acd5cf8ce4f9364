import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { analyticsRouter } from "./routers/analytics";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { awardRouter } from "./routers/award";
import { boardRouter } from "./routers/board";
import { campaignRouter } from "./routers/campaign";
import { catalogRouter } from "./routers/catalog";
import { chatRouter } from "./routers/chat";
import { credentialRouter } from "./routers/credential";
import { creditReportRouter } from "./routers/credit-report";
import { creditsRouter } from "./routers/credits";
import { dashboardRouter } from "./routers/dashboard";
import { exportRouter } from "./routers/export";
import { missionRouter } from "./routers/mission";
import { missionBadgeRouter } from "./routers/mission-badge";
import { missionExportRouter } from "./routers/mission-export";
import { notificationRouter } from "./routers/notification";
import { outboxRouter } from "./routers/outbox";
import { peopleRouter } from "./routers/people";
import { profileRouter } from "./routers/profile";
import { progressRouter } from "./routers/progress";
import { reloadRouter } from "./routers/reload";
import { requestRouter } from "./routers/request";
import { rosterRouter } from "./routers/roster";
import { scoringRouter } from "./routers/scoring";
import { setupRouter } from "./routers/setup";
import { systemRouter } from "./routers/system";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  audit: auditRouter,
  auth: authRouter,
  catalog: catalogRouter,
  profile: profileRouter,
  setup: setupRouter,
  outbox: outboxRouter,
  roster: rosterRouter,
  request: requestRouter,
  award: awardRouter,
  missionBadge: missionBadgeRouter,
  board: boardRouter,
  progress: progressRouter,
  system: systemRouter,
  dashboard: dashboardRouter,
  export: exportRouter,
  notification: notificationRouter,
  mission: missionRouter,
  reload: reloadRouter,
  analytics: analyticsRouter,
  people: peopleRouter,
  scoring: scoringRouter,
  chat: chatRouter,
  missionExport: missionExportRouter,
  credits: creditsRouter,
  campaign: campaignRouter,
  creditReport: creditReportRouter,
  credential: credentialRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;
