import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, HSTS, newNonce, securityHeaders } from "./security-headers.server";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)] as const));

describe("contentSecurityPolicy", () => {
  it("runs scripts only from this origin or with this response's nonce, and is never framed", () => {
    const policy = directives(contentSecurityPolicy("abc123"));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect([...policy.values()].flat()).not.toContain("'unsafe-eval'");
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("lets the sign-in forms go on to the enabled OAuth providers", () => {
    const policy = directives(contentSecurityPolicy("n", ["https://accounts.google.com"]));
    expect(policy.get("form-action")).toEqual(["'self'", "https://accounts.google.com"]);
  });
});

describe("newNonce", () => {
  it("is fresh per call and long enough", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});

describe("securityHeaders", () => {
  it("sends HSTS only when the request came over https (APP_URL is plain http in tests)", () => {
    expect(securityHeaders("n", true)["Strict-Transport-Security"]).toBe(HSTS);
    expect(securityHeaders("n", false)["Strict-Transport-Security"]).toBeUndefined();
  });
  it("always sends the policy with the nonce and the framing and sniffing guards", () => {
    expect(securityHeaders("xyz", false)).toMatchObject({
      "Content-Security-Policy": expect.stringContaining("'nonce-xyz'"),
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
    });
  });
});
