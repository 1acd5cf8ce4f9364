import { describe, expect, it } from "vitest";
import { can, PERMISSIONS } from "./permissions";
import { ROLES } from "./roles";

describe("permission table", () => {
  it("grants the audit log to admins only", () => {
    expect(ROLES.filter((role) => can(role, "audit.read"))).toEqual(["admin"]);
  });

  it("names only known roles", () => {
    for (const roles of Object.values(PERMISSIONS)) for (const role of roles) expect(ROLES).toContain(role);
  });
});
