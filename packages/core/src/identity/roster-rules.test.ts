import { describe, expect, it } from "vitest";
import { ConflictError, RuleViolationError } from "../errors";
import {
  assertApprovalAllowed,
  assertDeactivationAllowed,
  assertReactivationAllowed,
  assertRoleChangeAllowed,
  ROSTER_MESSAGES,
} from "./roster-rules";

const admin = (id: string) => ({ id, role: "admin" as const, status: "active" as const });

describe("roster rules", () => {
  it.each([
    ["changing one's own role", "a", admin("a"), "student", ["a", "b"], ROSTER_MESSAGES.selfRole],
    ["demoting the last active admin", "x", admin("a"), "assistant", ["a"], ROSTER_MESSAGES.lastAdmin],
  ] as const)("refuses %s", (_name, actor, target, to, admins, message) => {
    expect(() => assertRoleChangeAllowed(actor, target, to, admins)).toThrow(RuleViolationError);
    expect(() => assertRoleChangeAllowed(actor, target, to, admins)).toThrow(message);
  });

  it("allows demoting an admin when another stays, and re-granting admin to the last one", () => {
    expect(() => assertRoleChangeAllowed("b", admin("a"), "student", ["a", "b"])).not.toThrow();
    expect(() => assertRoleChangeAllowed("x", admin("a"), "admin", ["a"])).not.toThrow();
  });

  it("guards deactivation: not oneself, not the last admin, active users only", () => {
    expect(() => assertDeactivationAllowed("a", admin("a"), ["a", "b"])).toThrow(ROSTER_MESSAGES.selfDeactivate);
    expect(() => assertDeactivationAllowed("x", admin("a"), ["a"])).toThrow(ROSTER_MESSAGES.lastAdmin);
    expect(() => assertDeactivationAllowed("x", { id: "s", role: "student", status: "pending" }, ["x"])).toThrow(ConflictError);
    expect(() => assertDeactivationAllowed("x", { id: "s", role: "student", status: "active" }, ["x"])).not.toThrow();
  });

  it("reactivates deactivated users only", () => {
    expect(() => assertReactivationAllowed({ id: "s", role: "student", status: "active" })).toThrow(/already active/);
    expect(() => assertReactivationAllowed({ id: "s", role: "student", status: "pending" })).toThrow(/approve it instead/);
    expect(() => assertReactivationAllowed({ id: "s", role: "student", status: "deactivated" })).not.toThrow();
  });

  it.each([
    ["pending, onboarded", "pending", new Date(0), null],
    ["pending, not onboarded yet", "pending", null, ROSTER_MESSAGES.notOnboarded],
    ["already active", "active", new Date(0), ROSTER_MESSAGES.alreadyDecided],
    ["already rejected", "deactivated", null, ROSTER_MESSAGES.alreadyDecided],
  ] as const)("approval of a user %s", (_name, status, onboardedAt, message) => {
    const target = { id: "p", role: "student" as const, status, onboardedAt };
    if (message) expect(() => assertApprovalAllowed(target)).toThrow(new ConflictError(message));
    else expect(() => assertApprovalAllowed(target)).not.toThrow();
  });
});
