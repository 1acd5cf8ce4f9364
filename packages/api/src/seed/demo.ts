// Demo data for trying Missionboard: one account per role plus a few students with history.
// Built from the same factories as the tests; deterministic; runs only on an empty database.
import { buildAuditEntry } from "@missionboard/core";
import { countUsers, insertAuditEntry, type Store } from "@missionboard/db";
import { makeBadgeRequestRow, makeCatalogItem, makeUser } from "@missionboard/db/factories";
import type { AppSettings } from "../context";
import { grantWithCascade, loadCatalog } from "../services/awarding";
import { hashPassword } from "../services/password";
import { refreshQueueNotice } from "../services/queue-notice";

/** Listed in the README. They exist only in demo databases. */
export const DEMO_PASSWORD = "missionboard-demo";
export const DEMO_ACCOUNTS = [
  { email: "admin@demo.test", name: "Avery Admin", role: "admin", displayName: "avery" },
  { email: "assistant@demo.test", name: "Sam Assistant", role: "assistant", displayName: "sam" },
  { email: "student@demo.test", name: "Riley Student", role: "student", displayName: "riley" },
  { email: "ada@demo.test", name: "Ada Lovelace", role: "student", displayName: "ada" },
  { email: "grace@demo.test", name: "Grace Hopper", role: "student", displayName: "grace" },
  { email: "alan@demo.test", name: "Alan Turing", role: "student", displayName: "alan" },
] as const;

/**
 * A registration waiting for staff approval, so the roster has something to decide. Pat has
 * onboarded (docs/product/identity.md §I-4: onboarding comes before approval), so staff see the answers.
 */
export const DEMO_PENDING = {
  email: "pat@demo.test",
  name: "Pat Pending",
  role: "student",
  status: "pending",
  displayName: "pat-p",
} as const;

/** The demo's history starts two weeks before it is seeded (09:00 UTC), so dashboards show recent activity. */
const historyStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 14, 9));

/** Links in the demo's (held) notification mails point at the local app. */
export const DEMO_SETTINGS: AppSettings = {
  registrationMode: "open",
  adminEmails: [],
  appUrl: "http://localhost:3000",
  signInMethods: ["local"],
};

type Tree = { title: string; icon?: string; badges?: string[] };
/** A small program to try the badge flow with: two skills, a required capstone and a progress badge. */
export const DEMO_CATALOG = {
  program: { title: "AI Foundations", icon: "🤖" },
  skills: [
    { title: "Prompting basics", icon: "✍️", badges: ["Ask a clear question", "Give context", "Iterate on an answer"] },
    { title: "Evaluating output", icon: "🔎", badges: ["Spot a hallucination", "Check a source"] },
  ] satisfies Tree[],
  capstone: "Build your own mission",
  progressBadge: "First week streak",
  /** Descriptions and criteria the demo's badges show (issue 11 #9: they had none). */
  descriptions: {
    program: "The basics of working with an AI assistant: asking well, and checking what comes back.",
    "Prompting basics": "Write prompts that get useful answers on the first or second try.",
    "Evaluating output": "Tell a good answer from a confident wrong one.",
    capstone: "Design a mission of your own that a colleague can attempt.",
    progressBadge: "Keep going through your first week of missions.",
  } as Record<string, string>,
  criteria: {
    capstone: "A mission brief with a goal, a starting prompt and a way to check the result, tried by one colleague.",
    progressBadge: "Attempt at least one mission on five different days within your first seven days.",
  },
  second: { title: "Agents in practice", icon: "🛠️", skill: "Tool use", badges: ["Call a tool", "Chain two tools"] },
};

export async function seedDemo(store: Store, now = new Date()): Promise<{ seeded: boolean; reason?: string }> {
  if ((await store.read(countUsers)) > 0) return { seeded: false, reason: "the database already has users" };
  const start = historyStart(now);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await store.tx(async (c) => {
    const users = [];
    for (const [i, account] of DEMO_ACCOUNTS.entries()) {
      users.push(await makeUser(c, { ...account, passwordHash, now: new Date(start.getTime() + i * 60_000) }));
    }
    await makeUser(c, { ...DEMO_PENDING, passwordHash, now: new Date(start.getTime() + 86_400_000) });
    const admin = users[0];
    if (!admin) throw new Error("no admin seeded");
    await insertAuditEntry(
      c,
      buildAuditEntry(
        { actorId: admin.id, action: "system.seeded", entityType: "system", entityId: null, metadata: { users: users.length } },
        start,
      ),
    );
    await seedBadgeProgram(c, users, admin.id, start);
    // Staff see the waiting requests on their bell from the start (docs/product/badges.md §B-7).
    await refreshQueueNotice(c, now, true);
    // A little sign-in history so the audit page has something to filter.
    for (const [i, user] of users.entries()) {
      const at = new Date(start.getTime() + (i + 1) * 3_600_000);
      await insertAuditEntry(c, buildAuditEntry({ actorId: user.id, action: "auth.signed_in", entityType: "user", entityId: user.id }, at));
    }
  });
  return { seeded: true };
}

type SeededUser = Awaited<ReturnType<typeof makeUser>>;

/** The demo catalog, and some history: earned badges (with their automatic skill award), pending and rejected requests. */
async function seedBadgeProgram(c: Parameters<typeof makeUser>[0], users: SeededUser[], adminId: string, start: Date) {
  const day = (n: number) => new Date(start.getTime() + n * 86_400_000);
  const byEmail = (email: string) => {
    const user = users.find((u) => u.email === email);
    if (!user) throw new Error(`no demo user ${email}`);
    return user;
  };
  const now = start;
  const described = DEMO_CATALOG.descriptions;
  const program = await makeCatalogItem(c, {
    kind: "program",
    title: DEMO_CATALOG.program.title,
    description: described.program,
    position: 0,
    now,
  });
  const items = new Map<string, Awaited<ReturnType<typeof makeCatalogItem>>>();
  for (const [i, skillSpec] of DEMO_CATALOG.skills.entries()) {
    const skill = await makeCatalogItem(c, {
      kind: "skill",
      title: skillSpec.title,
      description: described[skillSpec.title] ?? null,
      parent: program,
      position: i,
      now,
    });
    for (const [j, title] of skillSpec.badges.entries())
      items.set(title, await makeCatalogItem(c, { kind: "mini_badge", title, parent: skill, position: j, now }));
  }
  await makeCatalogItem(c, {
    kind: "capstone",
    title: DEMO_CATALOG.capstone,
    description: described.capstone,
    criteria: DEMO_CATALOG.criteria.capstone,
    parent: program,
    isRequired: true,
    position: 0,
    now,
  });
  await makeCatalogItem(c, {
    kind: "progress_badge",
    title: DEMO_CATALOG.progressBadge,
    description: described.progressBadge,
    criteria: DEMO_CATALOG.criteria.progressBadge,
    parent: program,
    position: 0,
    now,
  });
  const second = await makeCatalogItem(c, { kind: "program", title: DEMO_CATALOG.second.title, position: 1, now });
  const toolUse = await makeCatalogItem(c, { kind: "skill", title: DEMO_CATALOG.second.skill, parent: second, position: 0, now });
  for (const [j, title] of DEMO_CATALOG.second.badges.entries())
    items.set(title, await makeCatalogItem(c, { kind: "mini_badge", title, parent: toolUse, position: j, now }));
  const item = (title: string) => {
    const found = items.get(title);
    if (!found) throw new Error(`no demo badge ${title}`);
    return found;
  };

  const approve = async (email: string, title: string, at: Date) => {
    const user = byEmail(email);
    const request = await makeBadgeRequestRow(c, {
      userId: user.id,
      item: item(title),
      status: "approved",
      submittedAt: at,
      decidedAt: at,
      decidedBy: adminId,
    });
    await grantWithCascade(
      c,
      await loadCatalog(c),
      { userId: user.id, itemId: item(title).id, source: "request", requestId: request.id, awardedBy: adminId },
      at,
      {
        settings: DEMO_SETTINGS,
        requestId: null,
      },
    );
  };
  // Ada completed "Prompting basics" (so she holds the skill automatically) and one more badge.
  for (const [i, title] of ["Ask a clear question", "Give context", "Iterate on an answer", "Spot a hallucination"].entries())
    await approve("ada@demo.test", title, day(2 + i));
  await makeBadgeRequestRow(c, {
    userId: byEmail("ada@demo.test").id,
    item: item("Check a source"),
    submittedAt: day(7),
    note: "Checked three claims against the sources.",
  });
  // Grace has one badge and a rejected request with the reason.
  await approve("grace@demo.test", "Ask a clear question", day(3));
  await makeBadgeRequestRow(c, {
    userId: byEmail("grace@demo.test").id,
    item: item("Give context"),
    status: "rejected",
    submittedAt: day(4),
    decidedAt: day(5),
    decidedBy: adminId,
    decisionReason: "Please add a link to the chat where you gave the context.",
  });
  // Riley, the demo student, has a request waiting in the queue.
  await makeBadgeRequestRow(c, { userId: byEmail("student@demo.test").id, item: item("Ask a clear question"), submittedAt: day(6) });
}
