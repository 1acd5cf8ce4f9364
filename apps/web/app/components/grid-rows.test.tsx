import { parseHTML } from "linkedom";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type GridRowData, gridRowsHtml } from "./grid-rows";
import { StatusBadge, statusChipHtml } from "./mission-figures";
import { UtcTime } from "./time";
import { DataTable } from "./ui/data-table";

const parse = (rows: string) => parseHTML(`<!doctype html><html><body><table><tbody>${rows}</tbody></table></body></html>`).document;

const missions = [{ name: "Recon" }, { name: "Cipher" }, { name: "Relay" }];
const ada: GridRowData = {
  learnerId: "a",
  name: "Ada Allen",
  cells: [
    { missionId: "m1", status: "completed", attempts: 1, firstCompletedAt: "2026-09-02T12:00:00.000Z" },
    { missionId: "m2", status: "in_progress", attempts: 2, firstCompletedAt: null },
    { missionId: "m3", status: "not_started", attempts: 0, firstCompletedAt: null },
  ],
};

describe("the Missions grid's rows as markup", () => {
  it("a row per learner: the name as the row heading, then each mission's status with its details", () => {
    const document = parse(gridRowsHtml(missions, [ada, { ...ada, learnerId: "b", name: "Bea Stone" }]));
    const rows = [...document.querySelectorAll("tr")];
    expect(rows.map((r) => r.querySelector("th[scope=row]")?.textContent)).toEqual(["Ada Allen", "Bea Stone"]);
    const [done, going, idle] = [...(rows[0]?.querySelectorAll("td") ?? [])];
    expect(done?.querySelector("summary")?.getAttribute("aria-label")).toBe("Ada Allen · Recon: Completed, 1 attempt");
    expect(done?.querySelector(".grid-cell-details")?.textContent).toBe("1 attemptCompleted 2026-09-02 12:00:00");
    expect(going?.querySelector("summary")?.getAttribute("title")).toBe("Ada Allen · Cipher: In progress, 2 attempts");
    expect(going?.querySelector(".grid-cell-details")?.textContent).toBe("2 attempts");
    // Not started: words and a title, no details and nothing to tab to.
    expect(idle?.querySelector("details, summary")).toBeNull();
    expect(idle?.querySelector("span.muted")?.getAttribute("title")).toBe("Ada Allen · Relay: Not started, 0 attempts");
    expect(idle?.textContent).toBe("Not started");
  });

  it("the chips and times are the markup the React components render", () => {
    for (const status of ["completed", "in_progress", "not_started"] as const)
      expect(statusChipHtml(status)).toBe(renderToStaticMarkup(<StatusBadge status={status} sprite />));
    const time = renderToStaticMarkup(<UtcTime value="2026-09-02T12:00:00.000Z" />);
    expect(gridRowsHtml(missions, [ada])).toContain(time);
  });

  it("escapes every text from the data: names and mission names cannot add markup", () => {
    const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;'`;
    const row: GridRowData = { ...ada, name: hostile };
    const html = gridRowsHtml([{ name: hostile }, { name: "Cipher" }, { name: "Relay" }], [row]);
    const document = parse(html);
    expect(document.querySelectorAll("script, img").length).toBe(0);
    expect(document.querySelector("th")?.textContent).toBe(hostile);
    expect(document.querySelector("summary")?.getAttribute("title")).toBe(`${hostile} · ${hostile}: Completed, 1 attempt`);
    expect(document.querySelectorAll("tr").length).toBe(1);
    expect(document.querySelectorAll("td").length).toBe(3);
  });

  it("DataTable puts the markup in its body, and says so when there are no rows", () => {
    const table = (rowCount: number) =>
      parseHTML(
        `<!doctype html><html><body>${renderToStaticMarkup(
          <DataTable
            columns={["Learner", "Recon"]}
            rowCount={rowCount}
            rowsHtml={rowCount ? "<tr><th>Ada</th><td>x</td></tr>" : ""}
            empty="No learner."
          />,
        )}</body></html>`,
      ).document;
    expect(table(1).querySelector("tbody tr th")?.textContent).toBe("Ada");
    expect(table(0).querySelector("tbody .empty")?.textContent).toBe("No learner.");
  });
});
