import { can, type Permission } from "@missionboard/core";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context, SessionUser } from "./context";
import { toTRPCError } from "./errors";

/**
 * Who may call a procedure; the role matrix test reads it from every procedure.
 * - public: anyone; session: any signed-in user, even pending approval or not onboarded;
 * - active: an approved user who may still be onboarding; authed: approved and onboarded;
 * - permission: authed and holding the permission (core PERMISSIONS).
 */
export type Access =
  | { kind: "public" }
  | { kind: "session" }
  | { kind: "active" }
  | { kind: "authed" }
  | { kind: "permission"; permission: Permission };

export interface Meta {
  access: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      return { ...shape, data: { ...shape.data, zodError: error.cause instanceof z.ZodError ? z.flattenError(error.cause) : null } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const NUL_MESSAGE = "Text cannot contain NUL characters.";

/** No procedure takes input nested deeper than a few levels; this bounds the walk below (and any deeper code). */
export const INPUT_MAX_DEPTH = 20;
/** Strings, numbers, arrays and object fields together; the HTTP body cap (1 MB) keeps real inputs far below. */
export const INPUT_MAX_VALUES = 100_000;
export const INPUT_TOO_DEEP_MESSAGE = `The request is nested too deeply (more than ${INPUT_MAX_DEPTH} levels).`;
export const INPUT_TOO_LARGE_MESSAGE = `The request holds too many values (more than ${INPUT_MAX_VALUES.toLocaleString("en")}).`;

const isPlainObject = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * The first problem with a plain input value (strings, arrays, plain objects), or null: nested
 * too deeply, too many values, or a NUL character anywhere. Iterative with an explicit stack, so
 * hostile nesting costs a bounded loop, never the call stack.
 */
export function inputProblem(input: unknown): string | null {
  const stack: [unknown, number][] = [[input, 0]];
  let values = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (++values > INPUT_MAX_VALUES) return INPUT_TOO_LARGE_MESSAGE;
    if (typeof value === "string") {
      if (value.includes("\u0000")) return NUL_MESSAGE;
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const children = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : null;
    if (!children || children.length === 0) continue;
    if (depth >= INPUT_MAX_DEPTH) return INPUT_TOO_DEEP_MESSAGE;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return null;
}

/**
 * Refuses bad input up front, on both engines alike: Postgres cannot store NUL in text, and deep
 * or huge inputs (anonymous callers can send them to /api/trpc) must cost a 400, not the server.
 */
const checkInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = inputProblem(await getRawInput());
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem });
  return next();
});

const base = t.procedure.use(mapErrors).use(checkInput);

export const publicProcedure = base.meta({ access: { kind: "public" } });

export const ACCESS_DENIED = {
  signedOut: "Please sign in to continue.",
  pending: "Your account is waiting for approval.",
  inactive: "Your account is not active.",
  onboarding: "Please complete onboarding first.",
} as const;

const requireSession = (user: SessionUser | null): SessionUser => {
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: ACCESS_DENIED.signedOut });
  return user;
};

const requireActive = (user: SessionUser | null): SessionUser => {
  const signedIn = requireSession(user);
  if (signedIn.status === "pending") throw new TRPCError({ code: "FORBIDDEN", message: ACCESS_DENIED.pending });
  if (signedIn.status !== "active") throw new TRPCError({ code: "FORBIDDEN", message: ACCESS_DENIED.inactive });
  return signedIn;
};

const requireOnboarded = (user: SessionUser | null): SessionUser => {
  const active = requireActive(user);
  if (!active.onboarded) throw new TRPCError({ code: "FORBIDDEN", message: ACCESS_DENIED.onboarding });
  return active;
};

export const sessionProcedure = base
  .meta({ access: { kind: "session" } })
  .use(({ ctx, next }) => next({ ctx: { user: requireSession(ctx.user) } }));

export const activeProcedure = base
  .meta({ access: { kind: "active" } })
  .use(({ ctx, next }) => next({ ctx: { user: requireActive(ctx.user) } }));

export const authedProcedure = base
  .meta({ access: { kind: "authed" } })
  .use(({ ctx, next }) => next({ ctx: { user: requireOnboarded(ctx.user) } }));

/** 401 when signed out, 403 when signed in without the permission (see core PERMISSIONS). */
export const permissionProcedure = (permission: Permission) =>
  base.meta({ access: { kind: "permission", permission } }).use(({ ctx, next }) => {
    const user = requireOnboarded(ctx.user);
    if (!can(user.role, permission))
      throw new TRPCError({ code: "FORBIDDEN", message: `You do not have permission to do this (${permission}).` });
    return next({ ctx: { user } });
  });
