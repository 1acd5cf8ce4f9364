import { TRPCError } from "@trpc/server";
import { FormStrategy } from "remix-auth-form";
import { afterEach, describe, expect, it, vi } from "vitest";
import { action } from "../routes/login";
import { getApi } from "./api.server";
import { type PasswordSignIn, passwordStrategy } from "./password-sign-in.server";

vi.mock("./api.server", async (original) => ({ ...(await original<typeof import("./api.server")>()), getApi: vi.fn() }));
vi.mock("./session.server", () => ({
  commitSessionToken: async (_request: Request, token: string) => `mb_session=${token}; Path=/; HttpOnly`,
}));

const signedIn: PasswordSignIn = { token: "session-token", expiresAt: new Date("2030-01-01T00:00:00Z"), role: "student", status: "active" };
const wrongPassword = () => new TRPCError({ code: "UNAUTHORIZED", message: "That email and password do not match an account." });

function fakeApi(signIn: (input: { email: string; password: string }) => Promise<PasswordSignIn>) {
  const fn = vi.fn(signIn);
  return { api: { auth: { signIn: fn } }, signIn: fn };
}

const loginPost = (fields: Record<string, string>) =>
  new Request("http://app.test/login", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("passwordStrategy (remix-auth-form)", () => {
  it("signs in through the api with the posted email and password", async () => {
    const { api, signIn } = fakeApi(async () => signedIn);
    const result = await passwordStrategy(api).authenticate(loginPost({ email: "ada@example.com", password: "a long password" }));
    expect(result).toBe(signedIn);
    expect(signIn).toHaveBeenCalledExactlyOnceWith({ email: "ada@example.com", password: "a long password" });
  });

  it("passes the api's refusal on unchanged, so the page shows the api's message", async () => {
    const refusal = wrongPassword();
    const { api } = fakeApi(async () => {
      throw refusal;
    });
    await expect(passwordStrategy(api).authenticate(loginPost({ email: "ada@example.com", password: "x" }))).rejects.toBe(refusal);
  });
});

describe("the sign-in page's action", () => {
  const post = (api: ReturnType<typeof fakeApi>["api"], fields: Record<string, string>) => {
    vi.mocked(getApi, { partial: true, deep: true }).mockResolvedValue({ api, user: null, requestId: "req-1" });
    return action({ request: loginPost(fields), params: {}, context: {} });
  };

  it("signs people in through the form strategy and sets the session cookie", async () => {
    const authenticate = vi.spyOn(FormStrategy.prototype, "authenticate");
    const { api, signIn } = fakeApi(async () => signedIn);
    const response = (await post(api, { email: "ada@example.com", password: "a long password", redirectTo: "/student" })) as Response;
    expect(authenticate).toHaveBeenCalledOnce();
    expect(signIn).toHaveBeenCalledExactlyOnceWith({ email: "ada@example.com", password: "a long password" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/student");
    expect(response.headers.get("set-cookie")).toContain("mb_session=session-token");
  });

  it("never signs in past the strategy: when it refuses, the api is not asked and the form shows why", async () => {
    vi.spyOn(FormStrategy.prototype, "authenticate").mockRejectedValue(wrongPassword());
    const { api, signIn } = fakeApi(async () => signedIn);
    const result = await post(api, { email: "ada@example.com", password: "a long password" });
    if (!("data" in result)) throw new Error(`expected the form back, got a ${result.status} response`);
    expect(signIn).not.toHaveBeenCalled();
    expect(result.init?.status).toBe(401);
    expect(result.data.fieldErrors.form).toBe("That email and password do not match an account.");
    expect(result.data.values?.email).toBe("ada@example.com");
  });
});
