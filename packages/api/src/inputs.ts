// The input schemas of the procedures that the web app's forms and filters feed. The web parses a
// form or a query string with the very schema the procedure checks (apps/web/app/lib/form.server.ts),
// so the parsed value has the procedure's input type and a renamed field fails to compile there.
// Names that two routers share get their router's name in front.
export { GridInputSchema, OverviewInputSchema, ResultsInputSchema } from "./routers/analytics";
export { AuditListInputSchema } from "./routers/audit";
export {
  ChangePasswordInputSchema,
  EmailInputSchema,
  ResetPasswordInputSchema,
  SignInInputSchema,
  VerifyEmailInputSchema,
} from "./routers/auth";
export {
  ManualAwardInputSchema,
  RecomputeApplyInputSchema,
  RevokeInputSchema,
  UserIdSchema as AwardStudentInputSchema,
} from "./routers/award";
export { LeaderboardInputSchema, MyMissionsInputSchema } from "./routers/board";
export { CAMPAIGN_PAGE_SIZE, CampaignProblemsInputSchema, CampaignViewInputSchema } from "./routers/campaign";
export {
  CreateItemInputSchema,
  DeleteInputSchema as CatalogDeleteInputSchema,
  ImportInputSchema as CatalogImportInputSchema,
  LevelInputSchema,
  MoveInputSchema,
  SetActiveInputSchema,
  UpdateItemInputSchema,
} from "./routers/catalog";
export { ChatIdInputSchema, ChatListInputSchema } from "./routers/chat";
export { CreditReportInputSchema, CreditReportRunInputSchema } from "./routers/credit-report";
export {
  CompareSnapshotsInputSchema,
  CreditRunInputSchema,
  MappingIdInputSchema,
  SetCampaignSettingsInputSchema,
  SetMappingInputSchema,
  SnapshotInputSchema,
} from "./routers/credits";
export { ExportBeginInputSchema, ExportWorkbookInputSchema } from "./routers/export";
export {
  DecideChangeInputSchema,
  ImportManifestInputSchema,
  MissionIdInputSchema,
  UpdateMissionInputSchema,
} from "./routers/mission";
export {
  AwardIdInputSchema as FlaggedAwardInputSchema,
  RevokeFlaggedInputSchema,
  SetRuleInputSchema as MissionRuleInputSchema,
} from "./routers/mission-badge";
export { MissionExportBeginInputSchema, MissionExportWorkbookInputSchema } from "./routers/mission-export";
export { EmailPreferenceInputSchema, MarkReadInputSchema } from "./routers/notification";
export { OutboxListInputSchema } from "./routers/outbox";
export {
  PeopleConflictsInputSchema,
  PeopleLinkedInputSchema,
  PeopleLinkInputSchema,
  PeopleUnlinkedInputSchema,
  PeopleUnlinkInputSchema,
} from "./routers/people";
export { LeaderboardNameInputSchema } from "./routers/profile";
export { StartReloadInputSchema } from "./routers/reload";
export {
  ApproveInputSchema,
  OptionsInputSchema,
  QueueInputSchema,
  RejectInputSchema as RequestRejectInputSchema,
  RequestIdSchema,
  SubmitInputSchema,
} from "./routers/request";
export {
  PrecreateInputSchema,
  RejectInputSchema as RosterRejectInputSchema,
  RosterListInputSchema,
  SetRoleInputSchema,
  UserIdSchema as RosterUserInputSchema,
} from "./routers/roster";
export {
  AdjustInputSchema,
  AdjustmentsInputSchema,
  LearnerSearchInputSchema,
  RANKS_MAX,
  SetFreezeInputSchema,
  SetRanksInputSchema,
} from "./routers/scoring";
export { SetupInputSchema } from "./routers/setup";
export { CAMPAIGN_PROBLEMS, type CampaignProblem, type ProblemSelection } from "./services/credits/campaign-view";
