import type { StatusIndicator } from "@missionboard/core";
import { parseHTML } from "linkedom";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CAMPAIGN_SPRITES, type CampaignRowData, campaignRowsHtml } from "./campaign-rows";
import { RankBadge, rankChipHtml } from "./rank-badge";
import { IconSprites } from "./ui/icon-sprites";

const parse = (markup: string) => parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
const rowsOf = (rows: string) => [...parse(`<table><tbody>${rows}</tbody></table>`).querySelectorAll("tr")];

const missing: StatusIndicator = {
  code: "missing-credit",
  label: "Missing Credit",
  severity: "warning",
  message: "Completed in chats, not credited:",
  count: 2,
  examples: ["Recon", "Cipher"],
};
const mismatch: StatusIndicator = {
  ...missing,
  code: "points-mismatch",
  label: "Points Mismatch",
  severity: "error",
  count: 1,
  examples: ["Relay"],
};
const ada: CampaignRowData = {
  position: 1,
  name: "Ada Allen",
  pointsByWeek: { 1: 1200, 3: 45 },
  total: 1245,
  rank: { name: "Agent", level: 2, reward: "A sticker" },
  chips: [missing, mismatch],
  isMe: false,
};
const bea: CampaignRowData = {
  ...ada,
  position: 2,
  name: "Bea Stone",
  total: 0,
  pointsByWeek: {},
  rank: { name: "None", level: 0, reward: null },
  chips: [],
  isMe: true,
};

describe("the campaign board's rows as markup", () => {
  it("a row per person: position, name, a cell per week shown (0 where none), total, rank and reward", () => {
    const [first, second] = rowsOf(campaignRowsHtml([ada, bea], [1, 2, 3], false));
    expect([...(first?.querySelectorAll("td") ?? [])].map((td) => td.textContent)).toEqual([
      "1",
      "Ada Allen",
      "1,200",
      "0",
      "45",
      "1,245",
      "AgentA sticker",
    ]);
    expect(first?.getAttribute("aria-current")).toBeNull();
    // The viewer's own row is marked for assistive technology and by style; the lowest rank has no medal.
    expect(second?.getAttribute("aria-current")).toBe("true");
    expect(second?.className).toBe("is-me");
    expect(second?.querySelectorAll("td")[1]?.textContent).toBe("Bea Stone (you)");
    expect(second?.querySelector(".chip svg")).toBeNull();
  });

  it("learners get no status column; staff get the chips with their examples as the title, or a dash", () => {
    expect(rowsOf(campaignRowsHtml([ada], [1], false))[0]?.querySelectorAll("td").length).toBe(5);
    const [withChips, without] = rowsOf(campaignRowsHtml([ada, bea], [1], true));
    const chips = [...(withChips?.querySelectorAll("[data-chip]") ?? [])];
    expect(chips.map((c) => [c.getAttribute("data-chip"), c.textContent?.trim(), c.getAttribute("title")])).toEqual([
      ["missing-credit", "Missing Credit: 2", "Completed in chats, not credited: Recon, Cipher"],
      ["points-mismatch", "Points Mismatch: 1", "Completed in chats, not credited: Relay"],
    ]);
    expect(chips.map((c) => c.querySelector(".chip")?.className)).toEqual(["chip tone-warning", "chip tone-danger"]);
    expect(without?.querySelectorAll("td")[5]?.textContent).toBe("—");
  });

  it("every icon refers to a symbol of the page's sprites, drawn as the component draws it", () => {
    const sprites = parse(renderToStaticMarkup(<IconSprites icons={CAMPAIGN_SPRITES} />));
    const rows = parse(`<table><tbody>${campaignRowsHtml([ada], [1], true)}</tbody></table>`);
    const refs = [...rows.querySelectorAll("use")].map((u) => u.getAttribute("href") ?? "");
    expect(refs).toEqual(["#rank-medal", "#chip-warning", "#chip-error"]);
    for (const ref of refs) expect(sprites.querySelector(`symbol${ref} svg`)).not.toBeNull();
    // The rank chip: the component's classes, level and words, its medal's paths in the sprite.
    const component = parse(renderToStaticMarkup(<RankBadge rank={ada.rank} />)).querySelector(".chip");
    const markup = parse(rankChipHtml(ada.rank)).querySelector(".chip");
    expect(markup?.className).toBe(component?.className);
    expect(markup?.getAttribute("data-rank-level")).toBe("2");
    expect(markup?.textContent).toBe(component?.textContent);
    expect(sprites.querySelector("symbol#rank-medal")?.innerHTML).toContain(component?.querySelector("svg")?.innerHTML ?? "missing");
  });

  it("escapes every text from the data: names, rewards and chip texts cannot add markup", () => {
    const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;'`;
    const row: CampaignRowData = {
      ...ada,
      name: hostile,
      rank: { name: hostile, level: 1, reward: hostile },
      chips: [{ ...missing, label: hostile, message: hostile, examples: [hostile] }],
    };
    const [tr] = rowsOf(campaignRowsHtml([row], [1], true));
    expect(tr?.querySelectorAll("script, img").length).toBe(0);
    expect(tr?.querySelectorAll("td")[1]?.textContent).toBe(hostile);
    expect(tr?.querySelector(".chip")?.textContent).toBe(hostile);
    expect(tr?.querySelector(".muted")?.textContent).toBe(hostile);
    expect(tr?.querySelector("[data-chip]")?.getAttribute("title")).toBe(`${hostile} ${hostile}`);
    expect(tr?.querySelectorAll("td").length).toBe(6);
  });
});
