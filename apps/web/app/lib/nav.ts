import { can, type Permission, type Role } from "@missionboard/core";

export interface NavItem {
  to: string;
  label: string;
  /** Shown only to roles holding this permission; absent = every signed-in user. */
  permission?: Permission;
  roles?: readonly Role[];
}

export interface NavGroup {
  label: "Learn" | "Review" | "Missions" | "People" | "Program" | "System";
  items: NavItem[];
}

/**
 * The navigation, grouped by task (docs/product/interface.md §U-1). Each page a role can open is
 * here exactly once; the admin reaches every page, the staff dashboard included.
 */
const NAV: NavGroup[] = [
  {
    label: "Learn",
    items: [
      { to: "/student", label: "My dashboard", roles: ["student"] },
      { to: "/student/request", label: "Request a badge", permission: "request.submit" },
      { to: "/catalog", label: "Catalog", permission: "catalog.read" },
    ],
  },
  {
    label: "Review",
    items: [
      { to: "/staff", label: "Staff dashboard", permission: "dashboard.staff" },
      { to: "/staff/queue", label: "Approvals", permission: "request.decide" },
    ],
  },
  {
    label: "Missions",
    items: [
      // Every signed-in role: staff who also take missions see theirs once linked; others see how to link.
      { to: "/missions/me", label: "My missions" },
      { to: "/missions/leaderboard", label: "Leaderboard" },
      { to: "/campaign", label: "Campaign" },
      { to: "/staff/missions", label: "Mission overview", permission: "analytics.read" },
      { to: "/staff/missions/results", label: "Challenge results", permission: "analytics.read" },
      { to: "/staff/missions/grid", label: "Missions grid", permission: "analytics.read" },
      { to: "/staff/chats", label: "All chats", permission: "chats.read" },
      { to: "/admin/missions", label: "Missions", permission: "missions.manage" },
      { to: "/admin/data", label: "Data", permission: "data.manage" },
      { to: "/admin/scoring", label: "Scoring", permission: "scoring.manage" },
      { to: "/campaign/credits", label: "Credit list", permission: "credits.manage" },
      { to: "/campaign/mapping", label: "Credit mapping", permission: "credits.manage" },
    ],
  },
  {
    label: "People",
    items: [
      { to: "/roster", label: "Roster", permission: "roster.read" },
      { to: "/staff/people", label: "OpenWebUI links", permission: "people.link" },
      { to: "/admin/awards", label: "Awards", permission: "award.manual" },
    ],
  },
  {
    label: "Program",
    items: [
      { to: "/admin", label: "Admin dashboard", permission: "dashboard.admin" },
      { to: "/admin/catalog", label: "Catalog admin", permission: "catalog.manage" },
      { to: "/admin/exports", label: "Exports", permission: "export.run" },
      { to: "/admin/credentials", label: "Credentials", permission: "credentials.issue" },
    ],
  },
  {
    label: "System",
    items: [
      { to: "/admin/audit", label: "Audit log", permission: "audit.read" },
      { to: "/admin/outbox", label: "Outbox", permission: "outbox.read" },
      { to: "/admin/design", label: "Design system", roles: ["admin", "assistant"] },
    ],
  },
];

const allowed = (role: Role, item: NavItem) =>
  (!item.permission || can(role, item.permission)) && (!item.roles || item.roles.includes(role));

/** The navigation a role may use, by group: the shell shows nothing the role cannot open, and no empty group. */
export const navGroupsFor = (role: Role): NavGroup[] =>
  NAV.map((group) => ({ ...group, items: group.items.filter((item) => allowed(role, item)) })).filter((group) => group.items.length > 0);

/** The same links, flat. */
export const navFor = (role: Role): NavItem[] => navGroupsFor(role).flatMap((group) => group.items);
