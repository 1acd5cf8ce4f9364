import { can, type Permission } from "@missionboard/core";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context, SessionUser } from "./context";
import { toTRPCError } from "./errors";

/** Who may call a procedure; the role matrix test reads it from every procedure. */
export type Access = { kind: "public" } | { kind: "authed" } | { kind: "permission"; permission: Permission };

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

const base = t.procedure.use(mapErrors);

export const publicProcedure = base.meta({ access: { kind: "public" } });

const requireActiveUser = (user: SessionUser | null): SessionUser => {
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
  if (user.status !== "active") throw new TRPCError({ code: "FORBIDDEN", message: "Your account is not active." });
  return user;
};

export const authedProcedure = base
  .meta({ access: { kind: "authed" } })
  .use(({ ctx, next }) => next({ ctx: { user: requireActiveUser(ctx.user) } }));

/** 401 when signed out, 403 when signed in without the permission (see core PERMISSIONS). */
export const permissionProcedure = (permission: Permission) =>
  base.meta({ access: { kind: "permission", permission } }).use(({ ctx, next }) => {
    const user = requireActiveUser(ctx.user);
    if (!can(user.role, permission))
      throw new TRPCError({ code: "FORBIDDEN", message: `You do not have permission to do this (${permission}).` });
    return next({ ctx: { user } });
  });
