// /api/trpc over HTTP against the built server, through tRPC's own typed client.
import type { AppRouter } from "@missionboard/api";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { createApiClient } from "../../app/lib/trpc-client";
import { baseUrl } from "./browser";
import { sessionCookieFor } from "./http-helpers";

const url = () => `${baseUrl()}/api/trpc`;
// The app's own client module (app/lib/trpc-client.ts), as the pages' live parts use it.
const single = (headers: Record<string, string> = {}) => createApiClient({ url: url(), headers });
const batched = (headers: Record<string, string> = {}) => createApiClient({ url: url(), headers, batch: true, maxItems: 50 });

const refusal = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<AppRouter>;
};

describe("the /api/trpc endpoint", () => {
  it("answers public queries", async () => {
    const client = single();
    expect(await client.setup.status.query()).toEqual({ needed: false });
    expect(await client.system.health.query()).toMatchObject({ ok: true, engine: "sqlite" });
  });

  it("resolves the user from the session cookie and keeps the role rules", async () => {
    const anonymous = await refusal(single().auth.me.query());
    expect(anonymous.data?.code).toBe("UNAUTHORIZED");

    const student = single({ cookie: await sessionCookieFor("student@demo.test", DEMO_PASSWORD) });
    expect(await student.auth.me.query()).toMatchObject({ email: "student@demo.test", role: "student" });
    const forbidden = await refusal(student.audit.list.query({ page: 1, pageSize: 10 }));
    expect(forbidden.data?.code).toBe("FORBIDDEN");
  });

  it("reports invalid input as 400 with the field", async () => {
    const student = single({ cookie: await sessionCookieFor("student@demo.test", DEMO_PASSWORD) });
    const error = await refusal(student.notification.list.query({ page: 0, pageSize: 25 }));
    expect(error.data?.code).toBe("BAD_REQUEST");
    expect(error.data?.httpStatus).toBe(400);
    expect(error.data?.zodError?.fieldErrors).toHaveProperty("page");
  });

  it("batches ordinary queries", async () => {
    const client = batched();
    const [status, health] = await Promise.all([client.setup.status.query(), client.system.health.query()]);
    expect(status).toEqual({ needed: false });
    expect(health.ok).toBe(true);
  });

  it("refuses a batch of ten sign-in attempts with 400, checking no password", async () => {
    const client = batched();
    const attempts = Array.from({ length: 10 }, () =>
      client.auth.signIn.mutate({ email: "admin@demo.test", password: "wrong-password-1" }),
    );
    const errors = await Promise.all(attempts.map(refusal));
    for (const error of errors) {
      expect(error.data?.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/cannot be batched/);
    }
    // The raw request of the finding: one HTTP request, ten auth.signIn calls.
    const paths = Array.from({ length: 10 }, () => "auth.signIn").join(",");
    const input = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, { email: "admin@demo.test", password: "wrong-password-1" }]));
    const res = await fetch(`${url()}/${paths}?batch=1`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(400);
    // Nothing was checked, so the owner is not locked out.
    expect(await sessionCookieFor("admin@demo.test", DEMO_PASSWORD)).toMatch(/^mb_session=/);
  });

  it("refuses any batch that holds an auth procedure, even with ordinary ones, and encoded names", async () => {
    const res = await fetch(`${url()}/setup.status,auth%2Emethods?batch=1&input=%7B%7D`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/cannot be batched/);
  });

  it("still runs an auth procedure on its own", async () => {
    expect(await single().auth.methods.query()).toMatchObject({ methods: expect.arrayContaining(["local"]) });
  });

  it("refuses batches of more than ten calls", async () => {
    const paths = Array.from({ length: 11 }, () => "setup.status").join(",");
    const res = await fetch(`${url()}/${paths}?batch=1&input=%7B%7D`);
    expect(res.status).toBe(400);
  });

  it("refuses a cross-site mutation with 403", async () => {
    const res = await fetch(`${url()}/auth.signIn`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      body: JSON.stringify({ email: "admin@demo.test", password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(403);
  });
});
