import { describe, expect, it } from "vitest";
import { navFor, navGroupsFor } from "./nav";

describe("navigation by role", () => {
  it("groups an admin's pages by task and reaches every page, the staff dashboard included", () => {
    expect(navGroupsFor("admin").map((g) => g.label)).toEqual(["Learn", "Review", "Missions", "People", "Program", "System"]);
    expect(navFor("admin").map((i) => i.to)).toEqual([
      "/catalog",
      "/staff",
      "/staff/queue",
      "/missions/me",
      "/missions/leaderboard",
      "/campaign",
      "/staff/missions",
      "/staff/missions/results",
      "/staff/missions/grid",
      "/staff/chats",
      "/admin/missions",
      "/admin/data",
      "/admin/scoring",
      "/campaign/credits",
      "/campaign/mapping",
      "/roster",
      "/staff/people",
      "/admin/awards",
      "/admin",
      "/admin/catalog",
      "/admin/exports",
      "/admin/credentials",
      "/admin/audit",
      "/admin/outbox",
      "/admin/design",
    ]);
  });

  it("shows an assistant only the groups and pages of the role", () => {
    const groups = navGroupsFor("assistant");
    expect(groups.map((g) => g.label)).toEqual(["Learn", "Review", "Missions", "People", "System"]);
    expect(navFor("assistant").map((i) => i.to)).toEqual([
      "/catalog",
      "/staff",
      "/staff/queue",
      "/missions/me",
      "/missions/leaderboard",
      "/campaign",
      "/staff/missions",
      "/staff/missions/results",
      "/staff/missions/grid",
      "/staff/chats",
      "/roster",
      "/staff/people",
      "/admin/design",
    ]);
  });

  it("shows a student the Learn group and their missions", () => {
    expect(navGroupsFor("student")).toEqual([
      {
        label: "Learn",
        items: [
          { to: "/student", label: "My dashboard", roles: ["student"] },
          { to: "/student/request", label: "Request a badge", permission: "request.submit" },
          { to: "/catalog", label: "Catalog", permission: "catalog.read" },
        ],
      },
      {
        label: "Missions",
        items: [
          { to: "/missions/me", label: "My missions" },
          { to: "/missions/leaderboard", label: "Leaderboard" },
          { to: "/campaign", label: "Campaign" },
        ],
      },
    ]);
  });
});
