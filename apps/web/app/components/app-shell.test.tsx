import { describe, expect, it } from "vitest";
import { AppShell } from "./app-shell";
import { renderStatic } from "./ui/render-test-utils";

const shell = (url: string) =>
  renderStatic(
    <AppShell user={{ name: "Ada Admin", role: "admin" }}>
      <p>content</p>
    </AppShell>,
    { url },
  );

describe("the shell's navigation marks the current page", () => {
  it("exactly the link to the location, in the sidebar and the menu alike, for assistive technology and by style", () => {
    const { $$ } = shell("/staff/missions");
    const current = $$(".main-nav a[aria-current='page']");
    expect(current.map((a) => [a.getAttribute("href"), a.textContent, a.className])).toEqual([
      ["/staff/missions", "Mission overview", "active"],
      ["/staff/missions", "Mission overview", "active"],
    ]);
    // A parent path is not current on a child page, nor a child on its parent (NavLink's `end`).
    expect($$(".main-nav a.active").length).toBe(2);
    expect($$(".main-nav a:not([aria-current])").every((a) => !a.hasAttribute("class"))).toBe(true);
  });

  it("compares without case, and marks the profile link on the profile page, keeping its own class", () => {
    expect(
      shell("/STAFF/Missions/Grid")
        .$$(".main-nav a[aria-current='page']")
        .map((a) => a.getAttribute("href")),
    ).toEqual(["/staff/missions/grid", "/staff/missions/grid"]);
    const profile = shell("/profile").$$("a.who-profile");
    expect(profile.map((a) => [a.getAttribute("aria-current"), a.className])).toEqual([
      ["page", "who-profile active"],
      ["page", "who-profile active"],
    ]);
    expect(
      shell("/catalog")
        .$$("a.who-profile")
        .map((a) => [a.getAttribute("aria-current"), a.className]),
    ).toEqual([
      [null, "who-profile"],
      [null, "who-profile"],
    ]);
  });
});
