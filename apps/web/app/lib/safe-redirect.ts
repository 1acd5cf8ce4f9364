// The one gate for every redirect target that comes from outside (a form field, the query string,
// a stored notification link, the request's own URL). See docs/decisions/011-http-edge.md.

/** Longer targets are refused: no page of the app has a path this long, and it bounds the header. */
export const REDIRECT_MAX_LENGTH = 2048;

// Browsers drop tabs and newlines inside URLs and read "\" as "/", so "/\t/evil.example" and
// "/\evil.example" both become "//evil.example": a different site. Any control character,
// whitespace or backslash is refused outright rather than cleaned.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_CHARACTER = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff\\]/;
const BASE = "http://redirect.invalid";

/**
 * `to` as a path on this site (path, query and fragment, normalised), or `fallback` when it is not
 * one: absolute and protocol-relative URLs, "/\" tricks, control characters, encoded slashes or
 * backslashes at the start of the path, dot segments that resolve to "//", malformed escapes and
 * overlong values are all refused.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > REDIRECT_MAX_LENGTH) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || UNSAFE_CHARACTER.test(to)) return fallback;
  let url: URL;
  let path: string;
  try {
    url = new URL(to, BASE);
    path = decodeURIComponent(url.pathname);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // Once decoded, the path must still be an ordinary one: a proxy or a later decode must not be
  // able to turn "/%2F/evil.example" or "/%5Cevil.example" into another host.
  if (path.startsWith("//") || UNSAFE_CHARACTER.test(path)) return fallback;
  const target = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can normalise to a protocol-relative URL: "/.//evil.example" → "//evil.example".
  return target.startsWith("//") ? fallback : target;
}

/** The sign-in page, asked to come back to this request's page afterwards. */
export function signInRedirect(request: Request): string {
  const url = new URL(request.url);
  const back = safeRedirect(`${url.pathname}${url.search}`, "");
  return back && back !== "/" ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login";
}
