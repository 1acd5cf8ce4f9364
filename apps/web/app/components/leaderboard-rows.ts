// The leaderboard's rows as markup text rather than React elements, as the campaign board's
// (components/campaign-rows.ts; docs/decisions/032-server-render-route-cache.md, Addendum): every
// learner on the page had a rank chip with its own inline medal, and building those rows as elements
// cost about 0.9 ms of each request. The same pure function runs on the server and in the browser,
// so the markup and hydration agree. Every text from the data goes through escapeHtml; the medal is
// the page's sprite (RANK_SPRITES).
import type { RouterOutputs } from "@missionboard/api";
import { escapeHtml } from "@missionboard/core";
import { formatNumber } from "../lib/number-format";
import { rankChipHtml } from "./rank-badge";

/** A row of a board as `board.leaderboard` sends it (the viewer's own marked by `isMe`). */
export type LeaderboardRowData = RouterOutputs["board"]["leaderboard"]["rows"][number];

/** One learner's row: position, name (the viewer's own marked for assistive technology and by style), rank, points, completions. */
function rowHtml(row: LeaderboardRowData): string {
  const me = row.isMe;
  return (
    `${me ? `<tr aria-current="true" class="is-me">` : "<tr>"}<td class="numeric">${row.position}</td>` +
    `<td>${escapeHtml(row.name)}${me ? `<span class="me-tag"> (you)</span>` : ""}</td><td>${rankChipHtml(row.rank)}</td>` +
    `<td class="numeric">${formatNumber(row.points)}</td><td class="numeric">${formatNumber(row.completions)}</td></tr>`
  );
}

/** The rows of a page of a board, in order. */
export const leaderboardRowsHtml = (rows: readonly LeaderboardRowData[]): string => rows.map(rowHtml).join("");
