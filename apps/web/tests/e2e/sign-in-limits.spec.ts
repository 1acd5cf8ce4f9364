// Issue 10 §4 over HTTP: one batched request used to check 10 wrong passwords for one account
// against a limit of 5. However the endpoint treats a batch (answering it, or refusing batches
// of auth procedures outright), at most 5 wrong passwords per account and address are checked.
import { describe, expect, it } from "vitest";
import { baseUrl } from "./browser";

const ACCOUNT = "batch-target@demo.test";

async function post(path: string, body: unknown) {
  const response = await fetch(`${baseUrl()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const count = (text: string, code: string) => text.split(`"code":"${code}"`).length - 1;

describe("sign-in limits over HTTP", () => {
  it("checks at most 5 wrong passwords for one account, batched or not", async () => {
    const input = { email: ACCOUNT, password: "wrong guess" };
    const batch = await post(
      `/api/trpc/${Array(10).fill("auth.signIn").join(",")}?batch=1`,
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), input])),
    );
    let checked = count(batch.text, "UNAUTHORIZED");
    expect(checked).toBeLessThanOrEqual(5);
    // Single requests go on being checked only until the fifth failure, then are refused.
    const singles: number[] = [];
    for (let i = 0; i < 7 && singles.at(-1) !== 429; i++) singles.push((await post("/api/trpc/auth.signIn", input)).status);
    checked += singles.filter((s) => s === 401).length;
    expect(checked).toBe(5);
    expect(singles.at(-1)).toBe(429);
  });
});
