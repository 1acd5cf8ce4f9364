import { ConflictError, RuleViolationError } from "../errors";
import type { Role, UserStatus } from "./roles";

export const ROSTER_MESSAGES = {
  notFound: "That user does not exist.",
  alreadyDecided: "This registration was already decided.",
  raced: "This user was changed by someone else meanwhile; reload and try again.",
  selfRole: "You cannot change your own role.",
  selfDeactivate: "You cannot deactivate your own account.",
  lastAdmin: "This is the last active admin. Make someone else an admin first.",
  duplicateEmail: "A user with this email already exists.",
  notOnboarded: "This person has not completed onboarding yet. Approve them once they have, so you can read their answers first.",
} as const;

const STATUS_CONFLICT = {
  deactivate: { pending: "This registration is still pending; reject it instead.", deactivated: "This user is already deactivated." },
  reactivate: { pending: "This registration is still pending; approve it instead.", active: "This user is already active." },
} as const;

interface Target {
  id: string;
  role: Role;
  status: UserStatus;
}

/**
 * Whether `actorId` may give `target` the role `to`. Nobody changes their own role, and the last
 * active admin cannot be demoted (`activeAdminIds` must be read under a lock, see roster router).
 *
 * | actor = target | target is the only active admin | to        | result        |
 * |----------------|---------------------------------|-----------|---------------|
 * | yes            | –                               | –         | selfRole      |
 * | no             | yes                             | assistant | lastAdmin     |
 * | no             | yes                             | admin     | allowed       |
 */
export function assertRoleChangeAllowed(actorId: string, target: Target, to: Role, activeAdminIds: readonly string[]): void {
  if (actorId === target.id) throw new RuleViolationError(ROSTER_MESSAGES.selfRole, "role");
  if (to !== "admin") assertNotLastAdmin(target, activeAdminIds);
}

/** Deactivation: not oneself, only an active user, never the last active admin. */
export function assertDeactivationAllowed(actorId: string, target: Target, activeAdminIds: readonly string[]): void {
  if (actorId === target.id) throw new RuleViolationError(ROSTER_MESSAGES.selfDeactivate);
  if (target.status !== "active") throw new ConflictError(STATUS_CONFLICT.deactivate[target.status]);
  assertNotLastAdmin(target, activeAdminIds);
}

/**
 * Approval (docs/product/identity.md §I-4, docs/decisions/013-onboarding-before-approval.md): only a pending user, and
 * only once they have completed onboarding, so staff decide with the answers in front of them.
 * Rejection needs no answers.
 */
export function assertApprovalAllowed(target: Target & { onboardedAt: Date | null }): void {
  if (target.status !== "pending") throw new ConflictError(ROSTER_MESSAGES.alreadyDecided);
  if (!target.onboardedAt) throw new ConflictError(ROSTER_MESSAGES.notOnboarded);
}

/** Reactivation applies to deactivated users only (pending ones are approved instead). */
export function assertReactivationAllowed(target: Target): void {
  if (target.status !== "deactivated") throw new ConflictError(STATUS_CONFLICT.reactivate[target.status]);
}

function assertNotLastAdmin(target: Pick<Target, "id">, activeAdminIds: readonly string[]): void {
  if (activeAdminIds.includes(target.id) && activeAdminIds.length <= 1) throw new RuleViolationError(ROSTER_MESSAGES.lastAdmin);
}
