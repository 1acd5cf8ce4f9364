// The /campaign board's rows as markup text rather than React elements, as the Missions grid's
// (components/grid-rows.ts; docs/decisions/032-server-render-route-cache.md): a page of the board is
// fifty rows of a dozen week columns, a rank chip and, for staff, status chips, and building them as
// elements, each with its own inline SVG, was most of the page's CPU. The same pure function runs on
// the server and in the browser (after a client-side navigation), so the markup and hydration agree.
// Every text from the data goes through escapeHtml; the icons are the page's sprites (CAMPAIGN_SPRITES).
import type { RouterOutputs } from "@missionboard/api";
import { escapeHtml, type StatusIndicator } from "@missionboard/core";
import { Clock, X } from "lucide-react";
import { formatNumber } from "../lib/number-format";
import { RANK_SPRITES, rankChipHtml } from "./rank-badge";
import { spriteIconHtml } from "./ui/icon-sprites";

/** A row of the board as `campaign.view` sends it (the viewer's own marked by `isMe`; chips for staff only). */
export type CampaignRowData = RouterOutputs["campaign"]["view"]["rows"][number];

/** The icons the rows refer to: render `<IconSprites icons={CAMPAIGN_SPRITES} />` once on the page. */
export const CAMPAIGN_SPRITES = { ...RANK_SPRITES, "chip-error": X, "chip-warning": Clock } as const;

/** A status chip (§C-10) with its explanation and examples as the title: an error as danger, anything else as a warning. */
function chipHtml(chip: StatusIndicator): string {
  const error = chip.severity === "error";
  const title = escapeHtml(`${chip.message} ${chip.examples.join(", ")}`);
  return (
    `<span title="${title}" data-chip="${escapeHtml(chip.code)}"><span class="chip tone-${error ? "danger" : "warning"}">` +
    `${spriteIconHtml(error ? "chip-error" : "chip-warning")}${escapeHtml(chip.label)}: ${chip.count}</span> </span>`
  );
}

/** One row: position, name (the viewer's own marked), a cell per week of `weeks`, total, rank and reward, and for `staff` the chips. */
function rowHtml(row: CampaignRowData, weeks: readonly number[], staff: boolean): string {
  let html = row.isMe ? `<tr aria-current="true" class="is-me">` : "<tr>";
  html += `<td class="numeric">${row.position}</td><td>${escapeHtml(row.name)}${row.isMe ? `<span class="me-tag"> (you)</span>` : ""}</td>`;
  for (const w of weeks) html += `<td class="numeric">${formatNumber(row.pointsByWeek[w] ?? 0)}</td>`;
  html += `<td class="numeric"><strong>${formatNumber(row.total)}</strong></td><td>${rankChipHtml(row.rank)}`;
  if (row.rank.reward) html += `<div class="muted">${escapeHtml(row.rank.reward)}</div>`;
  html += "</td>";
  if (staff) html += `<td>${row.chips.length === 0 ? `<span class="muted">—</span>` : row.chips.map(chipHtml).join("")}</td>`;
  return `${html}</tr>`;
}

/** The rows of a page of the board, in order. */
export const campaignRowsHtml = (rows: readonly CampaignRowData[], weeks: readonly number[], staff: boolean): string =>
  rows.map((row) => rowHtml(row, weeks, staff)).join("");
