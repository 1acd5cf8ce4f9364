// Forms and query strings parsed with the procedures' own schemas (docs/decisions/018-typed-forms-and-flash.md).
import {
  AuditListInputSchema,
  ManualAwardInputSchema,
  QueueInputSchema,
  RosterListInputSchema,
  type RouterInputs,
  SetRoleInputSchema,
  SignInInputSchema,
  StartReloadInputSchema,
  UpdateMissionInputSchema,
} from "@missionboard/api";
import { PAGE_SIZE_MAX } from "@missionboard/core";
import { TRPCError } from "@trpc/server";
import { describe, expect, expectTypeOf, it } from "vitest";
import { fieldErrorsOf } from "./api.server";
import { fieldName } from "./field-name";
import { parseInput, parseSearch } from "./form.server";

const USER = "7d9a3c64-4f3e-4b8e-9a55-2f1f0f2d1a01";
const form = (entries: Record<string, string | string[]>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const one of [v].flat()) f.append(k, one);
  return f;
};

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("parseInput", () => {
  it("gives the procedure's input, coerced from form text", () => {
    const input = parseInput(SetRoleInputSchema, form({ userId: USER, role: "assistant", intent: "setRole" }));
    expect(input).toEqual({ userId: USER, role: "assistant" });
  });

  it("refuses a bad value as the procedure would: BAD_REQUEST with the schema's message on the field", () => {
    const thrown = catchError(() => parseInput(SetRoleInputSchema, form({ userId: USER, role: "owner" })));
    expect(thrown).toBeInstanceOf(TRPCError);
    expect(fieldErrorsOf(thrown)).toEqual({ role: "Choose admin, assistant or student." });
  });

  it("keeps a blank field blank, so the procedure's own message names it", () => {
    expect(fieldErrorsOf(catchError(() => parseInput(SignInInputSchema, form({ email: "", password: "x" }))))).toEqual({
      email: "Enter your email.",
    });
  });

  it("reads discriminated unions, numbers, nulls and yes/no booleans", () => {
    expect(parseInput(StartReloadInputSchema, form({ source: "upload", mode: "truncate", uploadId: "u1" }))).toEqual({
      source: "upload",
      mode: "truncate",
      uploadId: "u1",
    });
    const mission = parseInput(UpdateMissionInputSchema, { id: USER, week: "3", points: null, aliases: ["a"], isActive: "no" });
    expect(mission).toMatchObject({ id: USER, week: 3, points: null, aliases: ["a"], isActive: false });
    expect(() => parseInput(UpdateMissionInputSchema, { id: USER, week: "three" })).toThrow(TRPCError);
  });

  it("the parsed value is the procedure's input type (c: a renamed field fails to compile)", () => {
    const input = parseInput(ManualAwardInputSchema, form({ userId: USER, itemId: USER, reason: "r" }));
    expectTypeOf(input).toExtend<RouterInputs["award"]["manual"]>();
    expectTypeOf(input).toHaveProperty("reason");
    // @ts-expect-error roster.setRole has no field "rank": a form posting it must not compile
    fieldName<RouterInputs["roster"]["setRole"]>("rank");
    expect(fieldName<RouterInputs["roster"]["setRole"]>("role")).toBe("role");
    // @ts-expect-error the roster list has no "serach" field to carry a query parameter
    parseSearch(new URLSearchParams(), RosterListInputSchema, { serach: "q" });
  });
});

describe("parseSearch", () => {
  it("reads the fields, renamed parameters and defaults", () => {
    const { value, ignored } = parseSearch(new URLSearchParams("q=ada&role=student&onboarded=yes&page=2"), RosterListInputSchema, {
      search: "q",
    });
    expect(value).toEqual({ page: 2, pageSize: 25, search: "ada", role: "student", onboarded: true, sort: "name", dir: "asc" });
    expect(ignored).toEqual({});
  });

  it("(d) drops values the schema refuses, so their defaults apply, and names them", () => {
    const { value, ignored } = parseSearch(new URLSearchParams("page=-5&sort=evil&dir=asc&role=student"), RosterListInputSchema);
    expect(value).toMatchObject({ page: 1, sort: "name", dir: "asc", role: "student" });
    expect(Object.keys(ignored).sort()).toEqual(["page", "sort"]);
    expect(parseSearch(new URLSearchParams("page=abc&status=nope&olderThanDays=-1"), QueueInputSchema).value).toMatchObject({
      page: 1,
      status: "pending",
    });
    const audit = parseSearch(new URLSearchParams("from=not-a-date&actorId=x&page=1e9"), AuditListInputSchema);
    expect(audit.value).toEqual({ page: 1, pageSize: 25 });
    expect(Object.keys(audit.ignored).sort()).toEqual(["actorId", "from", "page"]);
  });

  it("reads only the schema's fields: a page size beyond the bound is refused, an unknown parameter ignored", () => {
    const { value, ignored } = parseSearch(new URLSearchParams(`pageSize=${PAGE_SIZE_MAX + 1}&evil=1`), RosterListInputSchema);
    expect(value.pageSize).toBe(25);
    expect(Object.keys(ignored)).toEqual(["pageSize"]);
  });
});
