// Mission-linked badges on both engines (issue 14 part 1, ADR 029): reloads award a mini-badge when
// its rule holds, with evidence, progression and a notification; idempotent; a vanished completion
// flags the award (never revokes); staff keep or revoke; a rule change and a link by hand award.
import { awardEvidence, type Store, upsertOwuiUsers } from "@missionboard/db";
import { makeCatalogItem } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { and, asc, eq, isNull } from "drizzle-orm";
import { expect, it } from "vitest";
import { callerAs, makeSessionUser, recordingMail, TEST_NOW } from "../test-helpers";
import { redetect } from "./ingest/redetect";
import { runIngest } from "./ingest/run";
import type { RawRecord } from "./ingest/types";
import { REQUEST_SETTLED_REASON } from "./mission-badges";

const clock = (start = TEST_NOW.getTime()) => {
  let t = start;
  return () => {
    t += 1000;
    return new Date(t);
  };
};

async function* records(values: unknown[]): AsyncGenerator<RawRecord> {
  for (const [index, value] of values.entries()) yield { ok: true, index, value };
}

const BASE = Math.floor(TEST_NOW.getTime() / 1000) - 86_400;

/** An OpenWebUI chat on `model` by `owner`: a briefing, then (when `done`) the accomplished reply. */
function chat(id: string, owner: string, model: string, done: boolean, minute: number) {
  const ts = BASE + minute * 60;
  const messages: Record<string, unknown> = {
    [`${id}-1`]: { id: `${id}-1`, parentId: null, role: "user", content: "Let's start", timestamp: ts },
    [`${id}-2`]: { id: `${id}-2`, parentId: `${id}-1`, role: "assistant", model, content: "Briefing: find the code.", timestamp: ts + 5 },
  };
  if (done) {
    messages[`${id}-3`] = { id: `${id}-3`, parentId: `${id}-2`, role: "user", content: "The code is 42", timestamp: ts + 10 };
    messages[`${id}-4`] = {
      id: `${id}-4`,
      parentId: `${id}-3`,
      role: "assistant",
      model,
      content: "Correct! MISSION ACCOMPLISHED, agent.",
      timestamp: ts + 20,
    };
  }
  return {
    id,
    user_id: owner,
    title: id,
    updated_at: ts + (done ? 20 : 5),
    created_at: ts,
    chat: { id, title: id, models: [model], history: { messages, currentId: done ? `${id}-4` : `${id}-2` } },
  };
}

async function seed(store: Store) {
  const admin = await makeSessionUser(store, "admin", { name: "Admin", email: "admin@staff.test" });
  const ada = await makeSessionUser(store, "student", { name: "Ada Lovelace", email: "ada@learners.test" });
  const bob = await makeSessionUser(store, "student", { name: "Bob Byte", email: "bob@learners.test" });
  return store.tx(async (c) => {
    const { db, t } = c;
    const missions = await db
      .insert(t.missions)
      .values(
        ["alpha", "beta", "gamma"].map((key, i) => ({
          key,
          name: `Mission ${key}`,
          week: 1,
          points: 10 * (i + 1),
          difficulty: null,
          aliases: [key],
          markers: [],
          briefingReplyCounts: false,
          startTriggers: [],
          origin: "admin" as const,
          updatedAt: TEST_NOW,
        })),
      )
      .returning();
    await upsertOwuiUsers(
      c,
      [
        { id: "ow-ada", name: "ada", email: "ada@elsewhere.test", role: "user", source: "api" },
        { id: "ow-bob", name: "bob", email: "bob@elsewhere.test", role: "user", source: "api" },
      ],
      TEST_NOW,
    );
    await db.update(t.owuiUsers).set({ userId: ada.id, linkMethod: "manual" }).where(eq(t.owuiUsers.id, "ow-ada"));
    const P = await makeCatalogItem(c, { kind: "program", title: "Missions" });
    const S = await makeCatalogItem(c, { kind: "skill", title: "Field work", parent: P });
    const m = await makeCatalogItem(c, { kind: "mini_badge", title: "Three missions", parent: S });
    // "Any two" under a program of its own, so "Three missions" alone completes "Field work".
    const Q = await makeCatalogItem(c, { kind: "program", title: "More missions", position: 2 });
    const T = await makeCatalogItem(c, { kind: "skill", title: "Pairs", parent: Q });
    const m2 = await makeCatalogItem(c, { kind: "mini_badge", title: "Any two", parent: T });
    const ids = missions.map((x) => x.id);
    return { admin, ada, bob, P, S, m, Q, T, m2, missionIds: ids };
  });
}

describeEachEngine("mission-linked badges", (store) => {
  const awardsOf = (userId: string) =>
    store().read(({ db, t }) =>
      db
        .select({
          id: t.awards.id,
          itemId: t.awards.itemId,
          source: t.awards.source,
          revokedAt: t.awards.revokedAt,
          flaggedAt: t.awards.reviewFlaggedAt,
          reason: t.awards.reviewReason,
        })
        .from(t.awards)
        .where(eq(t.awards.userId, userId))
        .orderBy(asc(t.awards.awardedAt), asc(t.awards.kind)),
    );
  const count = (table: "notifications" | "mailMessages" | "awards" | "auditLogs" | "awardEvidence") =>
    store().read(({ db, t }) => db.$count(t[table]));
  const actions = () =>
    store().read(async ({ db, t }) => (await db.select({ action: t.auditLogs.action }).from(t.auditLogs)).map((r) => r.action));

  it("a reload completing the last of three linked missions awards the mini-badge, skill and program with evidence and a notice; a second reload adds nothing", async () => {
    const s = await seed(store());
    const now = clock();
    const admin = callerAs(store(), s.admin);
    const mail = recordingMail();
    expect(await admin.missionBadge.setRule({ itemId: s.m.id, kind: "all", missionIds: s.missionIds })).toEqual({
      description: "Complete all of 3 missions",
      awarded: 0,
    });
    const chats = [
      chat("c-a", "ow-ada", "alpha", true, 1),
      chat("c-b", "ow-ada", "beta", true, 2),
      chat("c-c", "ow-ada", "gamma", false, 3),
    ];
    const notices = { settings: { appUrl: "https://mb.test" }, mail };
    await runIngest(store(), { chats: records(chats) }, { mode: "upsert", source: "cli", notices }, now);
    expect(await awardsOf(s.ada.id)).toEqual([]);

    chats[2] = chat("c-c", "ow-ada", "gamma", true, 3);
    const summary = await runIngest(store(), { chats: records(chats) }, { mode: "upsert", source: "cli", notices }, now);
    expect(summary.status).toBe("succeeded");
    const awards = await awardsOf(s.ada.id);
    expect(awards.map((a) => [a.itemId, a.source])).toEqual(
      expect.arrayContaining([
        [s.m.id, "mission"],
        [s.S.id, "auto"],
        [s.P.id, "auto"],
      ]),
    );
    expect(awards).toHaveLength(3);
    const mission = awards.find((a) => a.itemId === s.m.id);
    expect(await store().read((c) => awardEvidence(c, mission?.id ?? ""))).toEqual([
      { missionName: "Mission alpha", completedAt: expect.any(Date) },
      { missionName: "Mission beta", completedAt: expect.any(Date) },
      { missionName: "Mission gamma", completedAt: expect.any(Date) },
    ]);
    const notes = await store().read(({ db, t }) =>
      db.select({ title: t.notifications.title }).from(t.notifications).where(eq(t.notifications.userId, s.ada.id)),
    );
    expect(notes.map((n) => n.title)).toEqual(
      expect.arrayContaining([
        "You earned the mini-badge “Three missions”",
        "You earned the skill “Field work”",
        "You earned the program “Missions”",
      ]),
    );
    const mails = await store().read(({ db, t }) =>
      db
        .select({ to: t.mailMessages.to, text: t.mailMessages.text })
        .from(t.mailMessages)
        .where(eq(t.mailMessages.to, "ada@learners.test")),
    );
    expect(mails.length).toBe(3);
    expect(mails[0]?.text).toContain("https://mb.test/student");
    expect(mail.wakeUps).toBeGreaterThan(0);
    expect(await actions()).toEqual(expect.arrayContaining(["catalog.mission_rule_set", "award.mission_granted", "award.auto_granted"]));

    // Its Open Badges credential names the missions and times as evidence, never a transcript.
    const credential = JSON.parse((await callerAs(store(), s.ada).credential.download({ itemId: s.m.id })).json) as {
      evidence?: { name: string; description: string }[];
    };
    expect(credential.evidence?.map((e) => e.name)).toEqual(["Mission alpha", "Mission beta", "Mission gamma"]);
    expect(credential.evidence?.every((e) => /^Mission completed \d{4}-\d\d-\d\dT/.test(e.description))).toBe(true);

    // Idempotent: the same export again (and a re-detection) awards nothing new.
    const before = { awards: await count("awards"), notifications: await count("notifications"), evidence: await count("awardEvidence") };
    await runIngest(store(), { chats: records(chats) }, { mode: "upsert", source: "cli", notices }, now);
    await redetect(store(), now);
    expect({ awards: await count("awards"), notifications: await count("notifications"), evidence: await count("awardEvidence") }).toEqual(
      before,
    );
  });

  it("a re-detection that removes a completion flags the award, never revokes it; staff keep or revoke, audited", async () => {
    const s = await seed(store());
    const now = clock();
    const admin = callerAs(store(), s.admin);
    await admin.missionBadge.setRule({ itemId: s.m.id, kind: "all", missionIds: s.missionIds });
    await admin.missionBadge.setRule({ itemId: s.m2.id, kind: "any", n: 2, missionIds: s.missionIds });
    const chats = ["alpha", "beta", "gamma"].map((k, i) => chat(`c-${k}`, "ow-ada", k, true, i + 1));
    await runIngest(store(), { chats: records(chats) }, { mode: "upsert", source: "cli" }, now);
    expect((await awardsOf(s.ada.id)).map((a) => a.itemId)).toEqual(expect.arrayContaining([s.m.id, s.m2.id, s.S.id, s.P.id]));

    // Gamma's markers change: its completion disappears at re-detection.
    await store().tx(({ db, t }) =>
      db
        .update(t.missions)
        .set({ markers: ["never said"], includeDefaultMarkers: false })
        .where(eq(t.missions.key, "gamma")),
    );
    await redetect(store(), now);
    const awards = await awardsOf(s.ada.id);
    const flagged = awards.find((a) => a.itemId === s.m.id);
    expect(flagged).toMatchObject({ revokedAt: null, flaggedAt: expect.any(Date) });
    expect(flagged?.reason).toContain("Mission gamma");
    // "Any two" rested on alpha and beta only: not flagged.
    expect(awards.find((a) => a.itemId === s.m2.id)?.flaggedAt).toBeNull();
    expect(await store().read((c) => awardEvidence(c, flagged?.id ?? ""))).toHaveLength(2);
    expect(await actions()).toContain("award.flagged");

    const review = await admin.missionBadge.needsReview();
    expect(review.rows.map((r) => [r.id, r.title, r.userName])).toEqual([[flagged?.id, "Three missions", "Ada Lovelace"]]);

    // Keep: the flag goes, the award stays; a later re-detection does not flag it again.
    await admin.missionBadge.keep({ awardId: flagged?.id ?? "" });
    expect((await admin.missionBadge.needsReview()).rows).toEqual([]);
    await redetect(store(), now);
    expect((await awardsOf(s.ada.id)).find((a) => a.itemId === s.m.id)).toMatchObject({ flaggedAt: null, revokedAt: null });
    expect(await actions()).toContain("award.review_kept");
    await expect(admin.missionBadge.keep({ awardId: flagged?.id ?? "" })).rejects.toThrow(/no longer needs review/);

    // Beta disappears too: "Any two" is flagged; revoke it with a reason (cascade as usual).
    await store().tx(({ db, t }) =>
      db
        .update(t.missions)
        .set({ markers: ["never said"], includeDefaultMarkers: false })
        .where(eq(t.missions.key, "beta")),
    );
    await redetect(store(), now);
    const again = (await admin.missionBadge.needsReview()).rows;
    // "Three missions" rested on beta too: flagged again.
    expect(again.map((r) => r.itemId).sort()).toEqual([s.m.id, s.m2.id].sort());
    const second = again.find((r) => r.itemId === s.m2.id);
    await expect(admin.missionBadge.revoke({ awardId: second?.id ?? "", reason: " " })).rejects.toThrow(/reason/);
    const revoked = await admin.missionBadge.revoke({ awardId: second?.id ?? "", reason: "Completion was a detector false positive" });
    expect(revoked.revoked.map((r) => r.itemId)).toEqual([s.m2.id, s.T.id, s.Q.id]);
    expect(await actions()).toContain("award.revoked");
    // Not given again automatically while the rule holds on other evidence.
    await redetect(store(), now);
    expect(
      await store().read(({ db, t }) =>
        db.$count(t.awards, and(eq(t.awards.userId, s.ada.id), eq(t.awards.itemId, s.m2.id), isNull(t.awards.revokedAt))),
      ),
    ).toBe(0);
  });

  it("a rule change evaluates at once; a week's points rule counts the snapshots; bad rules are refused with nothing written", async () => {
    const s = await seed(store());
    const now = clock();
    const admin = callerAs(store(), s.admin);
    const chats = [chat("c-a", "ow-ada", "alpha", true, 1), chat("c-b", "ow-ada", "beta", true, 2)];
    await runIngest(store(), { chats: records(chats) }, { mode: "upsert", source: "cli" }, now);
    expect(await awardsOf(s.ada.id)).toEqual([]);

    await expect(admin.missionBadge.setRule({ itemId: s.m.id, kind: "any", n: 4, missionIds: s.missionIds })).rejects.toThrow(
      /N can be at most 3/,
    );
    await expect(admin.missionBadge.setRule({ itemId: s.S.id, kind: "all", missionIds: s.missionIds })).rejects.toThrow(
      /Only mini-badges and capstones/,
    );
    expect(await store().read(({ db, t }) => db.$count(t.badgeMissionRules))).toBe(0);

    // alpha 10 + beta 20 = 30 points in week 1.
    expect(await admin.missionBadge.setRule({ itemId: s.m.id, kind: "week_points", n: 30, week: 1 })).toMatchObject({ awarded: 1 });
    expect(await admin.missionBadge.setRule({ itemId: s.m2.id, kind: "any", n: 2, missionIds: s.missionIds })).toMatchObject({
      awarded: 1,
    });
    expect((await awardsOf(s.ada.id)).filter((a) => a.source === "mission").map((a) => a.itemId)).toEqual(
      expect.arrayContaining([s.m.id, s.m2.id]),
    );
    const rule = await admin.missionBadge.rule({ itemId: s.m2.id, q: "gam" });
    expect(rule.rule?.description).toBe("Complete any 2 of 3 missions");
    expect(rule.picked).toHaveLength(3);
    await admin.missionBadge.clearRule({ itemId: s.m2.id });
    expect((await admin.missionBadge.rule({ itemId: s.m2.id })).rule).toBeNull();
    expect(await actions()).toContain("catalog.mission_rule_cleared");
  });

  it("an unlinked learner earns nothing until staff link them by hand; the approver sees only the requester's chat evidence", async () => {
    const s = await seed(store());
    const now = clock();
    const admin = callerAs(store(), s.admin);
    await admin.missionBadge.setRule({ itemId: s.m.id, kind: "any", n: 2, missionIds: s.missionIds });
    const chats = [
      chat("b-a", "ow-bob", "alpha", true, 1),
      chat("b-b", "ow-bob", "beta", true, 2),
      chat("a-a", "ow-ada", "alpha", true, 3),
    ];
    await runIngest(store(), { chats: records(chats) }, { mode: "upsert", source: "cli" }, now);
    expect(await awardsOf(s.bob.id)).toEqual([]);

    // Ada (linked, one of two) requests it: the approver sees her completion, not Bob's.
    await callerAs(store(), s.ada).request.submit({ itemId: s.m.id, note: "Done alpha" });
    const queue = await admin.request.queue({});
    const row = queue.items.find((r) => r.userId === s.ada.id);
    expect(row?.missionEvidence?.rule).toBe("Complete any 2 of 3 missions");
    expect(row?.missionEvidence?.completions.map((c) => [c.missionName, c.chatId, c.excerpt])).toEqual([
      ["Mission alpha", "a-a", "Correct! MISSION ACCOMPLISHED, agent."],
    ]);

    // Bob asked for it too before his OpenWebUI user was linked: the award answers his request.
    const { id: bobRequest } = await callerAs(store(), s.bob).request.submit({ itemId: s.m.id, note: "I did two" });
    const linked = await admin.people.link({ owuiUserId: "ow-bob", userId: s.bob.id });
    expect(linked.badgesAwarded).toBe(1);
    const [settled] = await store().read(({ db, t }) => db.select().from(t.badgeRequests).where(eq(t.badgeRequests.id, bobRequest)));
    expect([settled?.status, settled?.decidedBy, settled?.decisionReason]).toEqual(["approved", null, REQUEST_SETTLED_REASON]);
    expect((await admin.request.queue({})).items.map((r) => r.userId)).not.toContain(s.bob.id);
    expect((await awardsOf(s.bob.id)).map((a) => [a.itemId, a.source])).toEqual(
      expect.arrayContaining([
        [s.m.id, "mission"],
        [s.S.id, "auto"],
        [s.P.id, "auto"],
      ]),
    );
  });
});
