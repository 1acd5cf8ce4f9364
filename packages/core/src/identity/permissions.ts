import type { Role } from "./roles";

/**
 * The single source of truth for who may do what. Every procedure names one permission (or is
 * public / open to any signed-in user), and the api's role matrix test walks every procedure
 * against every role using this table.
 */
export const PERMISSIONS = {
  "audit.read": ["admin"],
  /** See the roster and each user's onboarding answers. */
  "roster.read": ["admin", "assistant"],
  /** Approve a pending registration. */
  "roster.approve": ["admin", "assistant"],
  /** Reject a pending registration. */
  "roster.reject": ["admin"],
  /** Change roles, deactivate/reactivate, pre-create users. */
  "roster.manage": ["admin"],
  /** Read the mail outbox (development mail and delivery status). */
  "outbox.read": ["admin"],
  /** Browse the catalog (students see active items only). */
  "catalog.read": ["admin", "assistant", "student"],
  /** Create, edit, reorder, (de)activate, delete, import and export catalog items. */
  "catalog.manage": ["admin"],
  /** Request a badge, and withdraw one's own pending request. */
  "request.submit": ["student"],
  /** See the approval queue and decide requests. */
  "request.decide": ["admin", "assistant"],
  /** Award a skill, program, capstone or progress badge by hand, with a reason. */
  "award.manual": ["admin"],
  /** Revoke an award, with a reason. */
  "award.revoke": ["admin"],
  /** Re-evaluate every student after catalog changes. */
  "award.recompute": ["admin"],
  /** See any student's badges and progress. */
  "progress.read_any": ["admin", "assistant"],
  /** Staff dashboard figures. */
  "dashboard.staff": ["admin", "assistant"],
  /** Admin dashboard figures (catalog and award statistics). */
  "dashboard.admin": ["admin"],
  /** Roster, awards, requests and audit exports (CSV, Excel). */
  "export.run": ["admin"],
  /** Edit missions (week, points, markers, aliases), link models, import a campaign manifest. */
  "missions.manage": ["admin"],
  /** Upload OpenWebUI exports, start a reload, see the reload history and data freshness. */
  "data.manage": ["admin"],
  /** Staff mission dashboards: overview, challenge results, missions grid, real names on boards, pseudonymised exports. */
  "analytics.read": ["admin", "assistant"],
  /** Search every chat and open any learner's transcript (each opening is audited). */
  "chats.read": ["admin", "assistant"],
  /** List OpenWebUI users and accounts that are not linked, and link or unlink them by hand (audited). */
  "people.link": ["admin", "assistant"],
  /** Score adjustments, the rank table, board freezes and a rebuild of the standings. */
  "scoring.manage": ["admin"],
  /** Upload the SharePoint credits list, confirm, compare and restore snapshots, map challenges, campaign settings. */
  "credits.manage": ["admin"],
  /** See who in the credits list matches which account and OpenWebUI user, and the conflicts. */
  "credits.people": ["admin", "assistant"],
  /** Download one's own awards as Open Badges credentials and choose their public page. */
  "credentials.own": ["student"],
  /** Bulk-issue Open Badges credentials for past awards (a job). */
  "credentials.issue": ["admin"],
  /** Rotate the credential signing key and see the key list. */
  "credentials.keys": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean => (PERMISSIONS[permission] as readonly Role[]).includes(role);
