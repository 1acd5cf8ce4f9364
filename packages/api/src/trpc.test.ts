import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Context } from "./context";
import {
  createCallerFactory,
  INPUT_MAX_DEPTH,
  INPUT_MAX_VALUES,
  INPUT_TOO_DEEP_MESSAGE,
  INPUT_TOO_LARGE_MESSAGE,
  inputProblem,
  NUL_MESSAGE,
  publicProcedure,
  router,
} from "./trpc";

const echo = router({
  echo: publicProcedure.input(z.object({ name: z.string(), tags: z.array(z.string()) })).mutation(({ input }) => input),
});
const caller = createCallerFactory(echo)({} as Context);

describe("procedures", () => {
  it.each([
    { name: "a\u0000b", tags: [] },
    { name: "ok", tags: ["fine", "x\u0000"] },
  ])("refuse input holding a NUL character anywhere: %j", async (input) => {
    await expect(caller.echo(input)).rejects.toMatchObject({ code: "BAD_REQUEST", message: NUL_MESSAGE });
  });

  it("accept any other text", async () => {
    const input = { name: "Zoë 🚀 \t\n", tags: ["\u0001"] };
    expect(await caller.echo(input)).toEqual(input);
  });
});

describe("input bounds", () => {
  const anyInput = router({ take: publicProcedure.input(z.unknown()).mutation(() => "ok") });
  const take = createCallerFactory(anyInput)({} as Context).take;
  const nested = (levels: number): unknown => {
    let value: unknown = "leaf";
    for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
    return value;
  };

  it("refuses input nested 100,000 deep with a 400 and a clear message (no stack overflow)", async () => {
    await expect(take(nested(100_000))).rejects.toMatchObject({ code: "BAD_REQUEST", message: INPUT_TOO_DEEP_MESSAGE });
  });

  it("accepts input up to the depth bound and refuses one level more", async () => {
    expect(await take(nested(INPUT_MAX_DEPTH))).toBe("ok");
    await expect(take(nested(INPUT_MAX_DEPTH + 1))).rejects.toMatchObject({ code: "BAD_REQUEST", message: INPUT_TOO_DEEP_MESSAGE });
  });

  it("refuses input holding more values than the bound", async () => {
    expect(await take({ ids: Array.from({ length: INPUT_MAX_VALUES - 2 }, () => 1) })).toBe("ok");
    await expect(take({ ids: Array.from({ length: INPUT_MAX_VALUES }, () => 1) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: INPUT_TOO_LARGE_MESSAGE,
    });
  });

  it("still finds a NUL deep inside an input within the bounds", () => {
    expect(inputProblem(nested(INPUT_MAX_DEPTH - 1))).toBeNull();
    expect(inputProblem({ a: [{ b: ["x", "y\u0000"] }] })).toBe(NUL_MESSAGE);
  });
});
