import { describe, expect, it } from "vitest";
import { Freshness, type FreshnessData } from "./freshness";
import { duration, percent, StatusBadge, StatusIconSprites } from "./mission-figures";
import { renderStatic } from "./ui/render-test-utils";

const never = { at: null, ageMs: null, changes: null };

describe("mission dashboard parts", () => {
  it("the freshness line names each resource's last reload, what the chats reload changed and a running job", () => {
    const data: FreshnessData = {
      resources: {
        users: { at: "2026-10-01T09:00:00.000Z", ageMs: 3 * 3_600_000, changes: null },
        models: never,
        chats: { at: "2026-10-01T11:00:00.000Z", ageMs: 3_600_000, changes: { inserted: 12, updated: 3, changed: true } },
      },
      lastRun: { status: "failed", finishedAt: "2026-10-01T11:30:00.000Z", error: "boom" },
      running: { kind: "redetect", percent: 40 },
    };
    const text = renderStatic(<Freshness data={data} />).document.body.textContent;
    expect(text).toContain("Users reloaded 2026-10-01 09:00:00 (3 hours ago)");
    expect(text).toContain("Models reloaded never");
    expect(text).toContain("Chats reloaded 2026-10-01 11:00:00 (1 hour ago, 12 new, 3 updated)");
    expect(text).toContain("Re-detection of the stored chats running now (40 %)");
    expect(text).toContain("The last reload failed");
    const quiet = { ...data, lastRun: null, running: null };
    quiet.resources = { ...data.resources, chats: { ...data.resources.chats, changes: { inserted: 0, updated: 0, changed: false } } };
    const calm = renderStatic(<Freshness data={quiet} />).document.body.textContent;
    expect(calm).toContain("(1 hour ago, no changes)");
    expect(calm).not.toContain("running now");
  });

  it("statuses carry words and an icon, never colour alone; durations and shares read plainly", () => {
    for (const [status, words] of [
      ["completed", "Completed"],
      ["in_progress", "In progress"],
      ["not_started", "Not started"],
    ] as const) {
      const { $ } = renderStatic(<StatusBadge status={status} />);
      expect($(".chip")?.textContent).toBe(words);
      expect($(".chip svg path, .chip svg circle")).not.toBeNull();
      // The grid's cells refer to the page's sprites, which hold the same icon.
      const sprite = renderStatic(<StatusBadge status={status} sprite />);
      expect(sprite.$(".chip")?.textContent).toBe(words);
      const href = sprite.$(".chip svg[aria-hidden='true'] use")?.getAttribute("href") ?? "";
      const sprites = renderStatic(<StatusIconSprites />);
      expect(sprites.$(`symbol${href} svg`)).not.toBeNull();
      expect(sprites.$(`symbol${href}`)?.innerHTML).toContain($(".chip svg")?.innerHTML ?? "missing");
    }
    expect([duration(null), duration(40_000), duration(12 * 60_000), duration(125 * 60_000), duration(26 * 3_600_000)]).toEqual([
      "—",
      "40 s",
      "12 min",
      "2 h 5 min",
      "1 d 2 h",
    ]);
    expect([percent(null), percent(42.4)]).toEqual(["—", "42%"]);
  });
});
