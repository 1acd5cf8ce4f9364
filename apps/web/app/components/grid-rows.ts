// The Missions grid's rows as markup text rather than React elements (docs/decisions/032-server-render-route-cache.md):
// a page of the grid is hundreds of cells, and building them as elements was a third of the page's CPU.
// The same pure function runs on the server and in the browser (after a client-side navigation), so
// the markup and hydration agree. Every text from the data goes through escapeHtml.
import { escapeHtml } from "@missionboard/core";
import { type LearnerStatus, STATUS_LABELS, statusChipHtml } from "./mission-figures";
import { countOf } from "./ui/filter-form";

export interface GridCellData {
  missionId: string;
  status: LearnerStatus;
  attempts: number;
  firstCompletedAt: string | Date | null;
}

export interface GridRowData {
  learnerId: string;
  name: string;
  cells: readonly GridCellData[];
}

/** As components/time.tsx's UtcTime shows a timestamp. */
function utcTimeHtml(value: string | Date): string {
  const iso = new Date(value).toISOString();
  return `<time dateTime="${iso}" class="nowrap">${iso.replace("T", " ").slice(0, 19)}</time>`;
}

/**
 * One cell: the status as symbol and words; its details open by click, Enter or Space, and show on
 * hover as a title. A mission not started has no details beyond "0 attempts": its cell is the words
 * with the title alone, which keeps most of a page plain text and out of the Tab order.
 */
function cellHtml(learner: string, mission: string, cell: GridCellData): string {
  const words = escapeHtml(`${learner} · ${mission}: ${STATUS_LABELS[cell.status]}, ${countOf(cell.attempts, "attempt", "attempts")}`);
  if (cell.status === "not_started") return `<td><span class="muted" title="${words}">${STATUS_LABELS.not_started}</span></td>`;
  const completed = cell.firstCompletedAt ? `<p>Completed ${utcTimeHtml(cell.firstCompletedAt)}</p>` : "";
  return (
    `<td><details class="grid-cell"><summary class="grid-cell-summary" title="${words}" aria-label="${words}">` +
    `${statusChipHtml(cell.status)}</summary><div class="grid-cell-details"><p>${countOf(cell.attempts, "attempt", "attempts")}</p>${completed}</div></details></td>`
  );
}

/** The rows of a page of the grid: a heading cell with the learner's name, then one cell per mission, in `missions`' order. */
export function gridRowsHtml(missions: readonly { name: string }[], learners: readonly GridRowData[]): string {
  let html = "";
  for (const row of learners) {
    html += `<tr><th scope="row">${escapeHtml(row.name)}</th>`;
    row.cells.forEach((cell, i) => {
      html += cellHtml(row.name, missions[i]?.name ?? "", cell);
    });
    html += "</tr>";
  }
  return html;
}
