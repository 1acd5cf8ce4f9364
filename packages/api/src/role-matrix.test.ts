// Walks every procedure of the app router against every role and signed-out, and checks the
// outcome against core's PERMISSIONS table. A new procedure without an access rule fails here.
import { can, ROLES, type Role } from "@missionboard/core";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { appRouter } from "./root";
import { callerFor } from "./test-helpers";
import { ACCESS_DENIED, type Access } from "./trpc";

type AnyProcedure = { _def: { meta?: { access?: Access }; type: string } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

const allowed = (access: Access, role: Role | null): boolean => {
  if (access.kind === "public") return true;
  if (role === null) return false;
  return access.kind === "permission" ? can(role, access.permission) : true;
};

async function outcome(call: () => Promise<unknown>): Promise<"allowed" | "UNAUTHORIZED" | "FORBIDDEN"> {
  try {
    await call();
    return "allowed";
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN")) {
      // A denial by the access layer, not by the procedure's own rules (e.g. a wrong password).
      if (error.message === ACCESS_DENIED.signedOut || /^You do not have permission/.test(error.message)) return error.code;
    }
    return "allowed"; // it got past the access check and failed on the (empty) input
  }
}

it("every procedure declares who may call it", () => {
  expect(procedures.length).toBeGreaterThan(0);
  for (const [path, procedure] of procedures) expect(procedure._def.meta?.access, `${path} has no access rule`).toBeDefined();
});

describeEachEngine("procedure × role matrix", (store) => {
  for (const role of [...ROLES, null] as const) {
    it(`${role ?? "signed-out"}: every procedure allows or denies exactly as the permission table says`, async () => {
      const caller = (await callerFor(store(), role)) as unknown as Record<string, (input?: unknown) => Promise<unknown>>;
      for (const [path, procedure] of procedures) {
        const access = procedure._def.meta?.access;
        if (!access) throw new Error(`${path} has no access rule`);
        const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
          input?: unknown,
        ) => Promise<unknown>;
        const expected = allowed(access, role) ? "allowed" : role === null ? "UNAUTHORIZED" : "FORBIDDEN";
        expect(`${path}: ${await outcome(() => fn(undefined))}`).toBe(`${path}: ${expected}`);
      }
    });
  }
});

it("mission-linked badge procedures (ADR 029): rules for catalog managers, review for those who revoke", () => {
  const access = (path: string) => procedures.find(([p]) => p === path)?.[1]._def.meta?.access;
  for (const path of ["missionBadge.rule", "missionBadge.setRule", "missionBadge.clearRule"])
    expect(access(path), path).toEqual({ kind: "permission", permission: "catalog.manage" });
  for (const path of ["missionBadge.needsReview", "missionBadge.keep", "missionBadge.revoke"])
    expect(access(path), path).toEqual({ kind: "permission", permission: "award.revoke" });
});
