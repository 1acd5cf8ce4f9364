import { describe, expect, it } from "vitest";
import { REDIRECT_MAX_LENGTH, safeRedirect, signInRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/", "/"],
    ["/admin/audit?page=2", "/admin/audit?page=2"],
    ["/roster?q=ada%20lovelace&sort=name#top", "/roster?q=ada%20lovelace&sort=name#top"],
    ["/student/request?badge=b1", "/student/request?badge=b1"],
    // dot segments are resolved, and stay on this site
    ["/a/../notifications", "/notifications"],
  ])("keeps the app path %j as %j", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });

  it.each([
    // other sites: absolute, protocol-relative, backslash variants (browsers read "\" as "/")
    "https://evil.example",
    "http://evil.example/login",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/a\\b",
    // schemes
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:someone@example.org",
    // control characters and whitespace (browsers drop tab and newline inside URLs)
    "/\t/evil.example",
    "/\t\\evil.example",
    "/\n/x",
    "/\r\n/x",
    "/\u0000/x",
    "/\u007f/x",
    " /admin",
    "/admin ",
    "/\u00a0/evil.example",
    "/\u2028/evil.example",
    // encoded slashes, backslashes and controls that a later decode would turn into another host
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%5c/evil.example",
    "/%09/evil.example",
    "/%0A/x",
    "/%E0%A4%A", // malformed escape
    // dot segments that normalise to "//host"
    "/.//evil.example",
    "/./..//evil.example",
    "/%2e%2e//evil.example",
    "/a/..//evil.example",
    // not a path, or not text
    "",
    "admin",
    "evil.example",
    "?next=/x",
    null,
    undefined,
    42,
    ["/admin"],
    // overlong
    `/${"a".repeat(REDIRECT_MAX_LENGTH)}`,
  ])("refuses %j", (to) => {
    expect(safeRedirect(to)).toBe("/");
    expect(safeRedirect(to, "/notifications")).toBe("/notifications");
  });

  it("accepts a path exactly at the length limit", () => {
    const to = `/${"a".repeat(REDIRECT_MAX_LENGTH - 1)}`;
    expect(safeRedirect(to)).toBe(to);
  });

  it("never returns a protocol-relative or absolute target, whatever the input", () => {
    const pieces = ["/", "\\", ".", "..", "%2F", "%5C", "%2e", "\t", "evil.example", "a", "?", "#", ":", "@"];
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces) {
          const result = safeRedirect(`/${a}${b}${c}`);
          expect(result.startsWith("/")).toBe(true);
          expect(result.startsWith("//")).toBe(false);
          expect(new URL(result, "https://app.example").origin).toBe("https://app.example");
        }
  });
});

describe("signInRedirect", () => {
  it("asks the sign-in page to come back to the requested page", () => {
    expect(signInRedirect(new Request("http://app.test/admin/audit?page=2"))).toBe("/login?redirectTo=%2Fadmin%2Faudit%3Fpage%3D2");
  });
  it("leaves the way back out when it is the home page or not a safe path", () => {
    expect(signInRedirect(new Request("http://app.test/"))).toBe("/login");
    expect(signInRedirect(new Request("http://app.test/.//evil.example"))).toBe("/login");
  });
});
