import { ConflictError, NotFoundError, RuleViolationError } from "@missionboard/core";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { INTERNAL_MESSAGE, toTRPCError } from "./errors";

const wrap = (cause: unknown, code: TRPCError["code"] = "INTERNAL_SERVER_ERROR") => new TRPCError({ code, cause: cause as Error });

describe("toTRPCError", () => {
  it.each([
    [new NotFoundError("No such badge."), "NOT_FOUND"],
    [new RuleViolationError("Reason is required.", "reason"), "BAD_REQUEST"],
    [new ConflictError("Already decided by Sam."), "CONFLICT"],
  ] as const)("maps %s to %s keeping the message", (cause, code) => {
    const mapped = toTRPCError(wrap(cause));
    expect(mapped.code).toBe(code);
    expect(mapped.message).toBe(cause.message);
  });

  it("hides the message of an unexpected error behind a generic 500", () => {
    const mapped = toTRPCError(wrap(new Error("relation users does not exist at /srv/app/db.ts:12")));
    expect(mapped.code).toBe("INTERNAL_SERVER_ERROR");
    expect(mapped.message).toBe(INTERNAL_MESSAGE);
    expect((mapped.cause as Error).message).toContain("relation users");
  });

  it("passes deliberate errors through", () => {
    const error = new TRPCError({ code: "FORBIDDEN", message: "No." });
    expect(toTRPCError(error)).toBe(error);
  });
});
