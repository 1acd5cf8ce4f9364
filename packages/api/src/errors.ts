import { ConflictError, DomainError, ForbiddenError, NotFoundError, RateLimitedError, RuleViolationError } from "@missionboard/core";
import { TRPCError } from "@trpc/server";

type Code = TRPCError["code"];

const CODES: [new (...args: never[]) => DomainError, Code][] = [
  [NotFoundError, "NOT_FOUND"],
  [ForbiddenError, "FORBIDDEN"],
  [RuleViolationError, "BAD_REQUEST"],
  [ConflictError, "CONFLICT"],
  [RateLimitedError, "TOO_MANY_REQUESTS"],
];

export const INTERNAL_MESSAGE = "Something went wrong on our side. Please try again; if it keeps happening, tell an administrator.";

/**
 * The one place that turns errors into tRPC errors: domain errors keep their message (it was
 * written for people), deliberate TRPCErrors pass through, anything else becomes a 500 whose
 * message reveals nothing (the original stays in `cause` for the server log).
 */
export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof DomainError) {
    const code = CODES.find(([type]) => cause instanceof type)?.[1] ?? "BAD_REQUEST";
    return new TRPCError({ code, message: cause.message, cause });
  }
  if (error.code !== "INTERNAL_SERVER_ERROR") return error;
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: INTERNAL_MESSAGE, cause: cause ?? error });
}
