// Test-only: detection records and standings rows written straight into the tables, so board and
// "My missions" tests need no ingest. Standings come from core's buildStandings, as the jobs write them.
import { type BoardFreeze, buildStandings, emailKey, type ScoringData, type StandingRow, storedViews } from "@missionboard/core";
import { asc, eq, inArray, isNotNull } from "drizzle-orm";
import { newId } from "../ids";
import type { Conn } from "../store";

export interface MissionFixture {
  id?: string;
  key: string;
  name?: string;
  week?: number | null;
  points?: number | null;
  difficulty?: string | null;
}

/** Inserts missions (registry rows with no markers); returns their ids in order. */
export async function insertMissionFixtures({ db, t }: Conn, missions: readonly MissionFixture[], now: Date): Promise<string[]> {
  const rows = missions.map((m) => ({
    id: m.id ?? newId(),
    key: m.key,
    name: m.name ?? m.key,
    week: m.week ?? null,
    points: m.points ?? null,
    difficulty: m.difficulty ?? null,
    aliases: [m.key],
    markers: [],
    startTriggers: [],
    origin: "admin" as const,
    updatedAt: now,
  }));
  if (rows.length) await db.insert(t.missions).values(rows);
  return rows.map((r) => r.id);
}

export interface AttemptFixture {
  chatId: string;
  missionId: string;
  learnerId: string | null;
  title?: string;
  startedAt: Date | null;
  /** When set, a completion record proves the attempt, with this time and points snapshot. */
  completion?: { at: Date | null; points: number | null };
}

const CHUNK = 300;

/** Inserts OpenWebUI users (placeholders unless named), chats, attempts and completions. */
export async function insertAttemptFixtures(
  { db, t }: Conn,
  learners: readonly { id: string; name?: string | null; email?: string | null; userId?: string | null }[],
  attempts: readonly AttemptFixture[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < learners.length; i += CHUNK) {
    await db.insert(t.owuiUsers).values(
      learners.slice(i, i + CHUNK).map((l) => ({
        id: l.id,
        name: l.name ?? null,
        email: l.email ?? null,
        emailKey: emailKey(l.email),
        source: "api" as const,
        userId: l.userId ?? null,
        linkMethod: l.userId ? ("manual" as const) : null,
        updatedAt: now,
      })),
    );
  }
  for (let i = 0; i < attempts.length; i += CHUNK) {
    const part = attempts.slice(i, i + CHUNK).map((x) => ({ ...x, attemptId: newId() }));
    await db.insert(t.chats).values(
      part.map((x) => ({
        id: x.chatId,
        owuiUserId: x.learnerId,
        title: x.title ?? `Chat ${x.chatId}`,
        models: [],
        createdAtRemote: x.startedAt,
        updatedAtRemote: x.startedAt,
        messageCount: 2,
        contentHash: `hash-${x.chatId}`,
        ingestedAt: now,
      })),
    );
    await db.insert(t.missionAttempts).values(
      part.map((x) => ({
        id: x.attemptId,
        chatId: x.chatId,
        missionId: x.missionId,
        owuiUserId: x.learnerId,
        startedAt: x.startedAt,
        lastMessageAt: x.startedAt,
        messageCount: 2,
        userMessageCount: 1,
        completed: x.completion !== undefined,
        detectorVersion: "test",
      })),
    );
    const done = part.filter((x) => x.completion);
    if (done.length)
      await db.insert(t.missionCompletions).values(
        done.map((x) => ({
          attemptId: x.attemptId,
          missionId: x.missionId,
          owuiUserId: x.learnerId,
          chatId: x.chatId,
          messageId: `${x.chatId}-done`,
          completedAt: x.completion?.at ?? null,
          marker: "MISSION ACCOMPLISHED",
          points: x.completion?.points ?? null,
          detectorVersion: "test",
        })),
      );
  }
}

/** Every scoring record in the database (tests only: it loads whole tables). */
export async function loadAllScoringData({ db, t }: Conn): Promise<ScoringData> {
  const missions = await db.select({ id: t.missions.id, week: t.missions.week }).from(t.missions);
  const attempts = await db
    .select({
      id: t.missionAttempts.id,
      missionId: t.missionAttempts.missionId,
      owuiUserId: t.missionAttempts.owuiUserId,
      startedAt: t.missionAttempts.startedAt,
      completed: t.missionAttempts.completed,
    })
    .from(t.missionAttempts);
  const completions = await db
    .select({
      attemptId: t.missionCompletions.attemptId,
      missionId: t.missionCompletions.missionId,
      owuiUserId: t.missionCompletions.owuiUserId,
      completedAt: t.missionCompletions.completedAt,
      points: t.missionCompletions.points,
    })
    .from(t.missionCompletions);
  const adjustments = (await db.select().from(t.scoreAdjustments)).map((a) => ({
    id: a.id,
    learnerId: a.learnerId,
    points: a.points,
    reason: a.reason,
    at: a.createdAt,
    week: a.week,
  }));
  return { missions, attempts, completions, adjustments };
}

/** Writes standings rows as the standings job would (replacing the table's contents). */
export async function writeStandingsRows({ db, t }: Conn, rows: readonly StandingRow[], now: Date): Promise<void> {
  await db.delete(t.standings);
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.insert(t.standings).values(
      rows.slice(i, i + CHUNK).map((r) => ({
        board: r.board,
        learnerId: r.learnerId,
        position: r.position,
        points: r.points,
        completions: r.completions,
        attempts: r.attempts,
        reachedAt: r.reachedAt,
        updatedAt: now,
      })),
    );
  }
}

/** Rebuilds every stored view's rows from the records (core buildStandings over storedViews). */
export async function rebuildStandingsForTest(conn: Conn, freezes: readonly BoardFreeze[], now: Date): Promise<StandingRow[]> {
  const data = await loadAllScoringData(conn);
  const rows = buildStandings(data, storedViews(data.missions, freezes));
  await writeStandingsRows(conn, rows, now);
  return rows;
}

/** Clears the links of these accounts (e.g. the demo's links by email), so a test can link its own learners. */
export async function unlinkAccounts({ db, t }: Conn, userIds: readonly string[]): Promise<void> {
  await db
    .update(t.owuiUsers)
    .set({ userId: null, linkMethod: null })
    .where(inArray(t.owuiUsers.userId, [...userIds]));
}

/**
 * Links `userId` to the OpenWebUI user of the first owned completion (by learner id), as staff
 * would by hand (moving the account's link made by email, if any); returns that learner's id. For
 * demo-data browser tests.
 */
export async function linkLearnerWithCompletions(conn: Conn, userId: string): Promise<string> {
  const { db, t } = conn;
  const c = t.missionCompletions;
  const [row] = await db.select({ id: c.owuiUserId }).from(c).where(isNotNull(c.owuiUserId)).orderBy(asc(c.owuiUserId)).limit(1);
  if (!row?.id) throw new Error("no completion has an owner");
  await unlinkAccounts(conn, [userId]);
  await db.update(t.owuiUsers).set({ userId, linkMethod: "manual" }).where(eq(t.owuiUsers.id, row.id));
  return row.id;
}
