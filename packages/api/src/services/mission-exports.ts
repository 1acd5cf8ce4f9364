// The mission analytics exports (core MISSION_EXPORT_SPECS): each table read one keyset page at a
// time, named as staff see learners (§M-17) and pseudonymised unless an admin asked for identified
// data (docs/product/privacy-and-files.md §P-2), with the same pseudonymizer, redaction, CSV stream
// and workbook writer as the admin exports (services/exports.ts).
import {
  type Board,
  boardKey,
  type CellValue,
  CHALLENGE_STATUSES,
  type ChatKind,
  countedCompletions,
  type ExportRow,
  exportedColumns,
  learnerOf,
  MISSION_EXPORT_SPECS,
  type MissionExportTable,
  RuleViolationError,
  rankFor,
  redactRows,
} from "@missionboard/core";
import {
  type Conn,
  chatMissions,
  chatsByIdPage,
  type ExportLearner,
  exportMissions,
  knownLearnerCount,
  learnersExportPage,
  loadRankTable,
  recordsOfLearners,
  type Store,
  standingsExportPage,
} from "@missionboard/db";
import { EXPORT_CHUNK, type ExportOptions, type ExportPage, WORKBOOK_MAX_ROWS } from "./exports";
import { staffName } from "./learner-names";
import { funnelsOf } from "./mission-funnel";
import { pseudonymizer } from "./pseudonym";

export interface MissionExportFilters {
  /** Leaderboard: the overall board or one week's. */
  board: Board;
  /** Challenge results and funnel: one week's missions. */
  week?: number;
  /** Challenge results, funnel and chats: one mission. */
  mission?: string;
  /** Chats: All chats' filters. */
  q?: string;
  kind?: ChatKind;
  owner?: string;
}

interface RawPage {
  rows: ExportRow[];
  next: string | null;
}

type Reader = (c: Conn, filters: MissionExportFilters, after: string | null, limit: number) => Promise<RawPage>;

/** The name staff see (§M-17: the account's, else OpenWebUI's, else the alias) and the best email known. */
function learnerCells(l: ExportLearner) {
  return {
    learner: l.learnerId,
    name: staffName({ owuiUserId: l.learnerId, owuiName: l.owuiName, accountName: l.accountName }),
    email: l.accountEmail ?? l.owuiEmail,
  };
}

const round = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));

/** Keyset of a board page: `position:learnerId` of its last row. */
const standingKey = (after: string | null) => {
  const match = after ? /^(\d+):(.*)$/s.exec(after) : null;
  return match ? { position: Number(match[1]), learnerId: match[2] as string } : null;
};

const READERS: Record<MissionExportTable, Reader> = {
  async leaderboard(c, filters, after, limit) {
    // Staff see every board live (§M-13), so the export reads the unfrozen view's rows.
    const board = boardKey({ board: filters.board, viewer: "staff" });
    const rows = await standingsExportPage(c, board, standingKey(after), limit);
    const ranks = await loadRankTable(c);
    const last = rows[rows.length - 1];
    return {
      rows: rows.map((r) => {
        const { learner, name } = learnerCells(r);
        const cells: ExportRow = {
          position: r.position,
          learner,
          name,
          points: r.points,
          completions: r.completions,
          attempts: r.attempts,
          rank: rankFor(r.points, ranks).rank.name,
        };
        return cells;
      }),
      next: rows.length === limit && last ? `${last.position}:${last.learnerId}` : null,
    };
  },

  async "challenge-results"(c, filters, after, limit) {
    const missions = await exportMissions(c, { week: filters.week, missionId: filters.mission });
    if (missions.length === 0) return { rows: [], next: null };
    // One learner makes one row per mission: a page holds about `limit` rows.
    const learnerLimit = Math.max(1, Math.floor(limit / missions.length));
    const learners = await learnersExportPage(c, after, learnerLimit);
    const { attempts, completions } = await recordsOfLearners(
      c,
      learners.map((l) => l.learnerId),
    );
    const tries = new Map<string, number>();
    for (const a of attempts) {
      const who = learnerOf(a);
      if (who) tries.set(`${who}\u0000${a.missionId}`, (tries.get(`${who}\u0000${a.missionId}`) ?? 0) + 1);
    }
    const counted = countedCompletions(completions);
    const rows: ExportRow[] = [];
    for (const l of learners) {
      const person = learnerCells(l);
      for (const m of missions) {
        const key = `${l.learnerId}\u0000${m.id}`;
        const done = counted.get(key);
        const n = tries.get(key) ?? 0;
        rows.push({
          ...person,
          mission: m.name,
          week: m.week,
          status: done ? CHALLENGE_STATUSES.completed : n > 0 ? CHALLENGE_STATUSES.inProgress : CHALLENGE_STATUSES.notStarted,
          attempts: n,
          completedAt: done?.completedAt ?? null,
          // Points only on completed rows: the counted completion's snapshot (§M-8, §M-11).
          points: done ? (done.points ?? 0) : null,
        });
      }
    }
    const last = learners[learners.length - 1];
    return { rows, next: learners.length === learnerLimit && last ? last.learnerId : null };
  },

  async "mission-funnel"(c, filters, after, limit) {
    const missions = await exportMissions(c, { week: filters.week, missionId: filters.mission });
    const start = after ? Number(after) : 0;
    // Each mission's funnel reads that mission's completers' records; a few missions per page keeps a page small.
    const page = missions.slice(start, start + Math.min(limit, 20));
    const knownLearners = await knownLearnerCount(c);
    const rows: ExportRow[] = (await funnelsOf(c, page, knownLearners)).map(({ mission: m, funnel }) => ({
      mission: m.name,
      week: m.week,
      points: m.points,
      started: funnel.started,
      completed: funnel.completed,
      notStarted: funnel.notStarted,
      completionRate: round(funnel.completionRate, 1),
      medianAttempts: funnel.medianAttemptsToComplete,
      medianHours: round(funnel.medianTimeToCompleteMs === null ? null : funnel.medianTimeToCompleteMs / 3_600_000, 2),
    }));
    const end = start + page.length;
    return { rows, next: end < missions.length && page.length > 0 ? String(end) : null };
  },

  async chats(c, filters, after, limit) {
    const chats = await chatsByIdPage(
      c,
      { q: filters.q, kind: filters.kind, missionId: filters.mission, owner: filters.owner },
      after,
      limit,
    );
    const missions = await chatMissions(
      c,
      chats.map((x) => x.id),
    );
    const last = chats[chats.length - 1];
    return {
      rows: chats.map((x) => {
        const own = missions.filter((m) => m.chatId === x.id);
        return {
          chat: x.id,
          title: x.title,
          learner: x.owner?.owuiUserId ?? null,
          name: staffName(x.owner),
          models: x.models.join("; "),
          missions: own.map((m) => m.missionName).join("; "),
          completed: own.some((m) => m.completed),
          updatedAt: x.updatedAt,
          messages: x.messageCount,
        };
      }),
      next: chats.length === limit && last ? last.id : null,
    };
  },
};

/**
 * One page of a mission export as header + value rows in column order. Pseudonymised unless
 * `personalData`: the learner column holds the learner's pseudonym and the name and email columns
 * are left out; emails in chat titles become "[email]".
 */
export async function readMissionExportPage(
  store: Store,
  table: MissionExportTable,
  filters: MissionExportFilters,
  page: { after: string | null; limit: number },
  options: ExportOptions,
): Promise<ExportPage> {
  const spec = MISSION_EXPORT_SPECS[table];
  const raw = await store.read((c) => READERS[table](c, filters, page.after, page.limit));
  const shown = options.personalData
    ? raw.rows
    : redactRows(raw.rows, { pseudonym: pseudonymizer(options.key), people: spec.people, scrub: spec.scrub });
  const columns = exportedColumns(spec.columns, spec.people, options.personalData);
  return {
    header: columns.map((col) => col.header),
    rows: shown.map((row) => columns.map((col): CellValue => row[col.key] ?? null)),
    next: raw.next,
  };
}

export const workbookTooLarge = (table: MissionExportTable) =>
  `The ${MISSION_EXPORT_SPECS[table].title.toLowerCase()} export has more than ${WORKBOOK_MAX_ROWS.toLocaleString("en")} rows, too many for an Excel workbook: download it as CSV, or narrow it with the filters.`;

/** Every page of a mission export, for a workbook; refused beyond WORKBOOK_MAX_ROWS rows. */
export async function readMissionExportTable(
  store: Store,
  table: MissionExportTable,
  filters: MissionExportFilters,
  options: ExportOptions,
) {
  const rows: CellValue[][] = [];
  let header: string[] = [];
  let after: string | null = null;
  do {
    const page: ExportPage = await readMissionExportPage(store, table, filters, { after, limit: EXPORT_CHUNK }, options);
    header = page.header;
    rows.push(...page.rows);
    after = page.next;
    if (rows.length > WORKBOOK_MAX_ROWS) throw new RuleViolationError(workbookTooLarge(table));
  } while (after);
  return { header, rows };
}
