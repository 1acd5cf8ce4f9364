import { can, type Permission, type Role } from "@missionboard/core";

export interface NavItem {
  to: string;
  label: string;
  /** Shown only to roles holding this permission; absent = every signed-in user. */
  permission?: Permission;
  roles?: readonly Role[];
}

const NAV: NavItem[] = [
  { to: "/student", label: "My dashboard", roles: ["student"] },
  { to: "/staff", label: "Staff dashboard", roles: ["assistant"] },
  { to: "/admin", label: "Admin dashboard", roles: ["admin"] },
  { to: "/catalog", label: "Catalog", permission: "catalog.read" },
  { to: "/admin/catalog", label: "Catalog admin", permission: "catalog.manage" },
  { to: "/roster", label: "Roster", permission: "roster.read" },
  { to: "/staff/queue", label: "Approvals", permission: "request.decide" },
  { to: "/admin/awards", label: "Awards", permission: "award.manual" },
  { to: "/admin/audit", label: "Audit log", permission: "audit.read" },
  { to: "/admin/exports", label: "Exports", permission: "export.run" },
  { to: "/admin/outbox", label: "Outbox", permission: "outbox.read" },
  { to: "/admin/missions", label: "Missions", permission: "missions.manage" },
  { to: "/admin/data", label: "Data", permission: "data.manage" },
  { to: "/profile", label: "Profile" },
];

/** The navigation a role may use: the shell shows nothing the role cannot open. */
export const navFor = (role: Role): NavItem[] =>
  NAV.filter((item) => (!item.permission || can(role, item.permission)) && (!item.roles || item.roles.includes(role)));
