// Realistic sample data for the component gallery (/admin/design): a small program's people,
// figures and weeks. Nothing here comes from the database.
import type { SortDirection } from "../ui/data-table";

export interface SamplePerson {
  id: string;
  name: string;
  email: string;
  role: "student" | "assistant" | "admin";
  status: "active" | "pending" | "inactive";
  joined: string;
  awards: number;
}

export const SAMPLE_PEOPLE: readonly SamplePerson[] = [
  { id: "p1", name: "Ada Lovelace", email: "ada@example.org", role: "student", status: "active", joined: "2026-01-12", awards: 14 },
  { id: "p2", name: "Grace Hopper", email: "grace@example.org", role: "student", status: "active", joined: "2026-01-19", awards: 9 },
  { id: "p3", name: "Alan Turing", email: "alan@example.org", role: "student", status: "pending", joined: "2026-03-02", awards: 0 },
  {
    id: "p4",
    name: "Katherine Johnson",
    email: "katherine@example.org",
    role: "assistant",
    status: "active",
    joined: "2025-11-03",
    awards: 21,
  },
  { id: "p5", name: "Margaret Hamilton", email: "margaret@example.org", role: "admin", status: "active", joined: "2025-10-20", awards: 3 },
  { id: "p6", name: "Edsger Dijkstra", email: "edsger@example.org", role: "student", status: "inactive", joined: "2026-02-09", awards: 5 },
];

export const PEOPLE_SORTS = ["name", "role", "joined", "awards"] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

/** The people sorted as the query string asks (unknown values fall back to name, ascending). */
export function sortPeople(search: URLSearchParams): { rows: SamplePerson[]; sort: PeopleSort; dir: SortDirection } {
  const sort = (PEOPLE_SORTS as readonly string[]).includes(search.get("sort") ?? "") ? (search.get("sort") as PeopleSort) : "name";
  const dir: SortDirection = search.get("dir") === "desc" ? "desc" : "asc";
  const rows = [...SAMPLE_PEOPLE].sort((a, b) => {
    const order = typeof a[sort] === "number" ? (a[sort] as number) - (b[sort] as number) : String(a[sort]).localeCompare(String(b[sort]));
    return dir === "asc" ? order : -order;
  });
  return { rows, sort, dir };
}

/** Awards per ISO week, 2026-W01 … W12. */
export const SAMPLE_WEEKS = [3, 5, 4, 8, 12, 9, 7, 15, 11, 6, 13, 10].map((count, i) => {
  const week = String(i + 1).padStart(2, "0");
  const start = new Date(Date.UTC(2025, 11, 29 + i * 7));
  return { week: `2026-W${week}`, start: start.toISOString().slice(0, 10), count };
});

/** Share of each program's skills its learners completed, %. */
export const SAMPLE_PROGRAMS = [
  { title: "AI Foundations", percent: 72 },
  { title: "Agents in practice", percent: 41 },
  { title: "Prompt craft for customer support teams", percent: 66 },
  { title: "Data literacy", percent: 18 },
];

/** Mission attempts and completions per week. */
export const SAMPLE_MISSIONS = {
  weeks: SAMPLE_WEEKS.map((w) => w.week),
  attempts: [40, 52, 47, 61, 75, 70, 66, 88, 81, 64, 90, 84],
  completions: [12, 18, 17, 25, 33, 30, 29, 41, 38, 27, 44, 40],
};
