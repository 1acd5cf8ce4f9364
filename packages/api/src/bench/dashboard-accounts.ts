// Accounts for the dashboard benchmark (scripts/bench/dashboards.ts, pnpm bench:dashboards): after
// the ingest, one admin, one assistant and, for every OpenWebUI user with an email, a student
// account with that verified email, linked to it (owui_users.user_id, link_method 'email') the way
// automatic linking would, so My missions has data for every learner. Bulk inserts in chunks;
// bench code, like the tests it reads the tables directly.
import { newId, type Store } from "@missionboard/db";
import { and, asc, count, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { hashPassword } from "../services/password";

const PAGE = 1_000;
const INSERT_CHUNK = 500;

export interface BenchAccount {
  email: string;
  password: string;
}

export interface BenchAccounts {
  admin: BenchAccount;
  assistant: BenchAccount;
  /** The student whose OpenWebUI user has the most completions (My missions has the most to show). */
  learner: BenchAccount & { owuiUserId: string; completions: number };
  /** Student accounts created and linked. */
  linked: number;
}

/** Creates the accounts and links; `password` is set on the admin, the assistant and the chosen learner only. */
export async function createBenchAccounts(store: Store, password: string, now: Date): Promise<BenchAccounts> {
  const passwordHash = await hashPassword(password);
  const account = (email: string, name: string, role: "admin" | "assistant" | "student", hash: string | null) => ({
    id: newId(),
    email: email.trim().toLowerCase(),
    name,
    role,
    status: "active" as const,
    passwordHash: hash,
    emailVerifiedAt: now,
    displayName: name,
    consentAt: now,
    onboardedAt: now,
    updatedAt: now,
  });
  const admin = account("admin@bench.test", "Bench Admin", "admin", passwordHash);
  const assistant = account("assistant@bench.test", "Bench Assistant", "assistant", passwordHash);
  await store.tx(({ db, t }) => db.insert(t.users).values([admin, assistant]));

  // The learner with the most completions gets the password (ties: lowest id, so runs agree).
  const top = await store.read(({ db, t }) =>
    db
      .select({ owuiUserId: t.missionCompletions.owuiUserId, completions: count() })
      .from(t.missionCompletions)
      .where(isNotNull(t.missionCompletions.owuiUserId))
      .groupBy(t.missionCompletions.owuiUserId)
      .orderBy(desc(count()), asc(t.missionCompletions.owuiUserId))
      .limit(1),
  );
  const learnerOwuiId = top[0]?.owuiUserId ?? null;

  // Keyset pages of OpenWebUI users: one transaction per page inserts the accounts and links them.
  let linked = 0;
  let learnerEmail: string | null = null;
  let after = "";
  for (;;) {
    const page = await store.read(({ db, t }) =>
      db
        .select({ id: t.owuiUsers.id, name: t.owuiUsers.name, email: t.owuiUsers.email })
        .from(t.owuiUsers)
        .where(and(gt(t.owuiUsers.id, after), isNotNull(t.owuiUsers.email), sql`${t.owuiUsers.email} <> ''`))
        .orderBy(asc(t.owuiUsers.id))
        .limit(PAGE),
    );
    if (page.length === 0) break;
    after = page[page.length - 1]?.id ?? after;
    const pairs = page.map((u) => {
      const isLearner = u.id === learnerOwuiId;
      const row = account(u.email ?? "", u.name ?? u.email ?? u.id, "student", isLearner ? passwordHash : null);
      if (isLearner) learnerEmail = row.email;
      return { owuiUserId: u.id, row };
    });
    await store.tx(async ({ db, t }) => {
      for (let i = 0; i < pairs.length; i += INSERT_CHUNK)
        await db.insert(t.users).values(pairs.slice(i, i + INSERT_CHUNK).map((p) => p.row));
      for (const { owuiUserId, row } of pairs)
        await db.update(t.owuiUsers).set({ userId: row.id, linkMethod: "email", updatedAt: now }).where(eq(t.owuiUsers.id, owuiUserId));
    });
    linked += pairs.length;
  }
  if (!learnerOwuiId || !learnerEmail) throw new Error("the data set has no completion by a user with an email: no learner to sign in as");
  return {
    admin: { email: admin.email, password },
    assistant: { email: assistant.email, password },
    learner: { email: learnerEmail, password, owuiUserId: learnerOwuiId, completions: top[0]?.completions ?? 0 },
    linked,
  };
}

/** How many stored messages contain `word` (case-insensitive substring), to show the search's selectivity. */
export async function countMessagesContaining(store: Store, word: string): Promise<{ matching: number; total: number }> {
  const pattern = `%${word.toLowerCase()}%`;
  const [row] = await store.read(({ db, t }) =>
    db
      .select({ total: count(), matching: sql<number>`sum(case when lower(${t.chatMessages.content}) like ${pattern} then 1 else 0 end)` })
      .from(t.chatMessages),
  );
  return { matching: Number(row?.matching ?? 0), total: Number(row?.total ?? 0) };
}
