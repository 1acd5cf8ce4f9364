import { parseHTML } from "linkedom";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type LeaderboardRowData, leaderboardRowsHtml } from "./leaderboard-rows";
import { RANK_SPRITES } from "./rank-badge";
import { IconSprites } from "./ui/icon-sprites";

const parse = (markup: string) => parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
const rowsOf = (rows: string) => [...parse(`<table><tbody>${rows}</tbody></table>`).querySelectorAll("tr")];
const cells = (tr: Element | undefined) => [...(tr?.querySelectorAll("td") ?? [])].map((td) => td.textContent);

const ada: LeaderboardRowData = {
  position: 1,
  name: "Ada Allen",
  points: 1245,
  completions: 12,
  attempts: 15,
  rank: { name: "Field Agent", level: 3 },
  isMe: false,
};
const bea: LeaderboardRowData = {
  ...ada,
  position: 2,
  name: "Bea Stone",
  points: 0,
  completions: 0,
  rank: { name: "None", level: 0 },
  isMe: true,
};

describe("the leaderboard's rows as markup", () => {
  it("a row per learner: position, name, rank, points and completions; the viewer's own marked, the lowest rank without a medal", () => {
    const [first, second] = rowsOf(leaderboardRowsHtml([ada, bea]));
    expect(cells(first)).toEqual(["1", "Ada Allen", "Field Agent", "1,245", "12"]);
    expect(first?.getAttribute("aria-current")).toBeNull();
    expect(first?.querySelector(".chip")?.getAttribute("data-rank-level")).toBe("3");
    expect(cells(second)).toEqual(["2", "Bea Stone (you)", "None", "0", "0"]);
    expect(second?.getAttribute("aria-current")).toBe("true");
    expect(second?.className).toBe("is-me");
    expect(second?.querySelector(".chip svg")).toBeNull();
  });

  it("the medal refers to the page's sprite", () => {
    const sprites = parse(renderToStaticMarkup(<IconSprites icons={RANK_SPRITES} />));
    const refs = rowsOf(leaderboardRowsHtml([ada])).flatMap((tr) =>
      [...tr.querySelectorAll("use")].map((u) => u.getAttribute("href") ?? ""),
    );
    expect(refs).toEqual(["#rank-medal"]);
    expect(sprites.querySelector("symbol#rank-medal svg")).not.toBeNull();
  });

  it("escapes the names a learner chose and the rank names an admin typed", () => {
    const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;'`;
    const [tr] = rowsOf(leaderboardRowsHtml([{ ...ada, name: hostile, rank: { name: hostile, level: 1 } }]));
    expect(tr?.querySelectorAll("script, img").length).toBe(0);
    expect(cells(tr).slice(1, 3)).toEqual([hostile, hostile]);
    expect(tr?.querySelectorAll("td").length).toBe(5);
  });
});
