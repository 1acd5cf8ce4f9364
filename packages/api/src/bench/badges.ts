// Benchmark: 10,000 students × a 200-mini-badge catalog (4 programs × 5 skills × 10 mini-badges).
// Times 1,000 approvals with progression (each through the real `request.approve` procedure, one
// transaction each) and a full recompute (preview and apply). Prints figures; asserts nothing.
// Entry point: scripts/bench/badges.ts (pnpm bench:badges; Postgres too when BENCH_DATABASE_URL is set).
import { rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createScratchPostgresDatabase, newId, openStore, type Store, workspaceRoot } from "@missionboard/db";
import { makeCatalogItem } from "@missionboard/db/factories";
import type { Context, SessionUser } from "../context";
import { createCaller } from "../root";
import { UploadStaging } from "../services/ingest/uploads";
import { createJobRunner } from "../services/jobs";

const STUDENTS = 10_000;
const PROGRAMS = 4;
const SKILLS_PER_PROGRAM = 5;
const BADGES_PER_SKILL = 10;
const APPROVALS = 1_000;
const CHUNK = 500;

const NOW = new Date("2026-10-01T12:00:00.000Z");

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (start: number) => performance.now() - start;
const fmt = (n: number) => n.toFixed(0);

interface Seeded {
  admin: SessionUser;
  assistant: SessionUser;
  requestIds: string[];
  awards: number;
}

async function insertChunked<T>(
  store: Store,
  rows: T[],
  insert: (chunk: T[]) => (c: Parameters<Parameters<Store["tx"]>[0]>[0]) => Promise<unknown>,
) {
  for (let i = 0; i < rows.length; i += CHUNK * 20) {
    const slice = rows.slice(i, i + CHUNK * 20);
    await store.tx(async (c) => {
      for (let j = 0; j < slice.length; j += CHUNK) await insert(slice.slice(j, j + CHUNK))(c);
    });
  }
}

async function seed(store: Store): Promise<Seeded> {
  // Catalog: skills[s] holds the ids of its 10 mini-badges; skillIds[s] the skill; programOfSkill[s].
  const catalog = await store.tx(async (c) => {
    const skills: { id: string; programId: string; badges: string[] }[] = [];
    for (let p = 0; p < PROGRAMS; p++) {
      const program = await makeCatalogItem(c, { kind: "program", title: `Program ${p + 1}`, position: p, now: NOW });
      for (let s = 0; s < SKILLS_PER_PROGRAM; s++) {
        const skill = await makeCatalogItem(c, { kind: "skill", title: `Skill ${p + 1}.${s + 1}`, parent: program, position: s, now: NOW });
        const badges: string[] = [];
        for (let b = 0; b < BADGES_PER_SKILL; b++) {
          const badge = await makeCatalogItem(c, {
            kind: "mini_badge",
            title: `Badge ${p + 1}.${s + 1}.${b + 1}`,
            parent: skill,
            position: b,
            now: NOW,
          });
          badges.push(badge.id);
        }
        skills.push({ id: skill.id, programId: program.id, badges });
      }
    }
    return skills;
  });

  const staff = (role: "admin" | "assistant") => ({
    id: newId(),
    email: `${role}@bench.test`,
    name: `Bench ${role}`,
    role,
    status: "active" as const,
    onboardedAt: NOW,
    displayName: role,
    updatedAt: NOW,
  });
  const adminRow = staff("admin");
  const assistantRow = staff("assistant");
  const students = Array.from({ length: STUDENTS }, (_, i) => ({
    id: newId(),
    email: `student${i}@bench.test`,
    name: `Student ${i}`,
    role: "student" as const,
    status: "active" as const,
    onboardedAt: NOW,
    displayName: `student-${i}`,
    emailNotifications: i % 3 !== 0,
    updatedAt: NOW,
  }));
  await insertChunked(
    store,
    [adminRow, assistantRow, ...students],
    (chunk) =>
      ({ db, t }) =>
        db.insert(t.users).values(chunk),
  );

  // Awards:
  // - students 0–999: 9 of the 10 badges of one skill, and a pending request for the 10th
  //   (students 0–99 also hold the other skills of that program, so approval completes it);
  // - students 1,000–2,999: all 10 badges of a skill but not the skill award (recompute grants it);
  // - everyone else: 5 badges of one skill.
  type AwardRow = { userId: string; itemId: string; kind: "mini_badge" | "skill"; source: "request" | "manual"; awardedAt: Date };
  const awards: AwardRow[] = [];
  const requests: { id: string; userId: string; itemId: string; itemTitle: string; submittedAt: Date; updatedAt: Date }[] = [];
  for (const [i, student] of students.entries()) {
    const s = i % catalog.length;
    const skill = catalog[s];
    if (!skill) continue;
    const held = i < APPROVALS ? 9 : i < 3 * APPROVALS ? 10 : 5;
    for (const itemId of skill.badges.slice(0, held))
      awards.push({ userId: student.id, itemId, kind: "mini_badge", source: "request", awardedAt: NOW });
    if (i < APPROVALS) {
      const target = skill.badges[9] ?? "";
      requests.push({
        id: newId(),
        userId: student.id,
        itemId: target,
        itemTitle: "Badge",
        submittedAt: new Date(NOW.getTime() - i),
        updatedAt: NOW,
      });
      if (i < 100)
        for (const other of catalog.filter((k) => k.programId === skill.programId && k.id !== skill.id))
          awards.push({ userId: student.id, itemId: other.id, kind: "skill", source: "manual", awardedAt: NOW });
    }
  }
  await insertChunked(
    store,
    awards,
    (chunk) =>
      ({ db, t }) =>
        db.insert(t.awards).values(chunk),
  );
  await insertChunked(
    store,
    requests,
    (chunk) =>
      ({ db, t }) =>
        db.insert(t.badgeRequests).values(chunk),
  );

  const session = (row: typeof adminRow): SessionUser => ({
    id: row.id,
    role: row.role,
    status: "active",
    name: row.name,
    email: row.email,
    onboarded: true,
    sessionId: `bench-${row.id}`,
  });
  return { admin: session(adminRow), assistant: session(assistantRow), requestIds: requests.map((r) => r.id), awards: awards.length };
}

function caller(store: Store, user: SessionUser) {
  const ctx: Context = {
    db: store,
    user,
    now: () => new Date(),
    requestId: "bench",
    clientIp: null,
    settings: { registrationMode: "open", adminEmails: [], appUrl: "http://bench.test", signInMethods: ["local"] },
    mail: { afterCommit: () => {} },
    jobs: createJobRunner({ store }),
    ingest: { openWebUi: null, uploads: new UploadStaging() },
  };
  return createCaller(ctx);
}

async function run(label: string, store: Store) {
  log(`\n== ${label} ==`);
  let start = performance.now();
  await store.migrate();
  const seeded = await seed(store);
  log(
    `seed: ${STUDENTS} students, ${PROGRAMS * SKILLS_PER_PROGRAM * BADGES_PER_SKILL} mini-badges, ${seeded.awards} awards, ${seeded.requestIds.length} pending requests in ${fmt(ms(start))} ms`,
  );

  const staff = caller(store, seeded.assistant);
  let cascaded = 0;
  start = performance.now();
  for (const id of seeded.requestIds) {
    const result = await staff.request.approve({ ids: [id] });
    cascaded += result.approved[0]?.cascaded.length ?? 0;
  }
  const approvalMs = ms(start);
  log(
    `approvals: ${seeded.requestIds.length} approvals with progression (${cascaded} automatic awards) in ${fmt(approvalMs)} ms → ${fmt((seeded.requestIds.length / approvalMs) * 1000)} ops/s, ${(approvalMs / seeded.requestIds.length).toFixed(2)} ms each  [target < 5000 ms]`,
  );

  const admin = caller(store, seeded.admin);
  start = performance.now();
  const preview = await admin.award.recomputePreview();
  const previewMs = ms(start);
  log(
    `recompute preview: ${preview.studentsEvaluated} students evaluated, ${preview.studentsAffected} affected, ${preview.awardsToGrant} awards to grant in ${fmt(previewMs)} ms`,
  );
  start = performance.now();
  const applied = await admin.award.recomputeApply({ confirm: true });
  const applyMs = ms(start);
  log(
    `recompute apply: ${applied.awardsGranted} awards granted to ${applied.studentsAffected} students in ${fmt(applyMs)} ms  [target < 10000 ms]`,
  );
  log(`full recompute (preview + apply): ${fmt(previewMs + applyMs)} ms`);
}

/** Runs on a fresh SQLite file, then on a fresh database of `postgresUrl`'s server when given. */
export async function runBadgeBenchmark(options: { postgresUrl?: string | undefined } = {}) {
  const file = path.join(workspaceRoot, "data", "bench-badges.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  const sqlite = openStore(`file:${file}`);
  try {
    await run(`SQLite (${path.relative(workspaceRoot, file)})`, sqlite);
  } finally {
    await sqlite.close();
  }

  const serverUrl = options.postgresUrl;
  if (!serverUrl) {
    log("\n(Postgres skipped: set BENCH_DATABASE_URL=postgres://… to run it too)");
    return;
  }
  // A fresh database on that server, dropped afterwards.
  const scratch = await createScratchPostgresDatabase(serverUrl, "mb_bench");
  const pg = openStore(scratch.url);
  try {
    await run(`Postgres (${new URL(scratch.url).host}${new URL(scratch.url).pathname})`, pg);
  } finally {
    await pg.close();
    await scratch.drop();
  }
}
