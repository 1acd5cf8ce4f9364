import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Context } from "./context";
import { createCallerFactory, NUL_MESSAGE, publicProcedure, router } from "./trpc";

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
