// The campaign router on both engines (docs/product/credits.md §C-13): what a learner and staff
// see of the leaderboard by official points, the week filter and name search, the stat cards and
// overview, the staff's problem lists, a confirmation that becomes a mapping, and both figures on
// "My missions".
import { readDataStamp } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { SessionUser } from "../context";
import type { CampaignProblem, CampaignProblems } from "../services/credits/campaign-view";
import { cachedDashboardCount } from "../services/dashboard-cache";
import { callerAs, makeSessionUser } from "../test-helpers";
import { confirmCampaignList, seedCampaign } from "../test-support/campaign-scenario";

const asSession = (u: {
  id: string;
  role: SessionUser["role"];
  status: SessionUser["status"];
  name: string;
  email: string;
}): SessionUser => ({
  id: u.id,
  role: u.role,
  status: u.status,
  name: u.name,
  email: u.email,
  onboarded: true,
  sessionId: `test-${u.id}`,
});

describeEachEngine("campaign router", (store) => {
  const scenario = async (withList = true) => {
    const seeded = await store().tx(seedCampaign);
    if (withList) await store().tx(confirmCampaignList);
    return { ...seeded, ada: callerAs(store(), asSession(seeded.ada)) };
  };

  it("a learner sees official points by week, ranks with rewards, their own row, and no real name, email or chip", async () => {
    const { ada } = await scenario();
    const view = await ada.campaign.view({});
    expect(view).toMatchObject({
      viewer: "learner",
      hasCredits: true,
      lastUpload: { fileName: "SubmittedActivityList.csv" },
      rankSource: "official",
      weeks: [1, 2],
      columns: [1, 2],
      weekError: null,
      cards: { participants: 4, totalPoints: 81, averagePoints: 20.3, activeWeeks: 2 },
      total: 4,
    });
    expect(view.rows.map((r) => [r.position, r.total, r.pointsByWeek, r.isMe])).toEqual([
      [1, 41, { 1: 35, 2: 6 }, true],
      [2, 15, { 1: 15 }, false],
      [3, 15, { 1: 15 }, false],
      [4, 10, { 1: 10 }, false],
    ]);
    // Nobody chose to show a name: every row is an alias, and nothing of the list's identities leaks.
    expect(view.rows.every((r) => r.name.startsWith("Agent "))).toBe(true);
    expect(view.rows.every((r) => r.chips.length === 0)).toBe(true);
    const text = JSON.stringify(view);
    for (const secret of ["@", "Ada", "Bob", "Carol", "Sam"]) expect(text).not.toContain(secret);
    expect(view.rows[0]?.rank).toEqual({ name: "None", level: 0, reward: null });
    expect(view.overview.total).toMatchObject({ activityType: "Total", totalParticipants: 4, totalPoints: 81 });
  });

  it("staff see real names (the list's name for unknown emails), the chips, and search by them", async () => {
    await scenario();
    const assistant = callerAs(store(), await makeSessionUser(store(), "assistant"));
    const view = await assistant.campaign.view({});
    expect(view.viewer).toBe("staff");
    expect(view.rows.map((r) => r.name)).toEqual(["Ada Lovelace", "Carol Chen", "Sam Okafor", "Bob Byte"]);
    const bob = view.rows.find((r) => r.name === "Bob Byte");
    expect(bob?.chips.map((c) => [c.code, c.count, c.examples])).toEqual([["points-mismatch", 1, ["Broken Compass"]]]);
    expect((await assistant.campaign.view({ q: "carol" })).rows.map((r) => r.name)).toEqual(["Carol Chen"]);
  });

  it("the week filter narrows columns and rows, a bad week is reported, and a learner's search only sees shown names", async () => {
    const { ada } = await scenario();
    const week2 = await ada.campaign.view({ week: "2" });
    expect(week2).toMatchObject({ week: 2, columns: [2], total: 1, cards: { participants: 1, totalPoints: 6 } });
    const bad = await ada.campaign.view({ week: "11" });
    expect(bad).toMatchObject({ week: null, weekError: "Week must be between 1 and 10.", total: 4 });
    expect((await ada.campaign.view({ week: "two" })).weekError).toBe("Week must be an integer or 'all'.");
    expect((await ada.campaign.view({ q: "carol" })).total).toBe(0);
  });

  it("problem lists: every status, unmatched people and uncertain matches; confirming one makes an audited mapping", async () => {
    const { compass } = await scenario();
    const admin = callerAs(store(), await makeSessionUser(store(), "admin"));
    const problems = await admin.campaign.problems();
    expect(problems.selected).toBeNull(); // only the list asked for is sent
    const listOf = async <K extends CampaignProblem>(problem: K): Promise<CampaignProblems["lists"][K]> => {
      const { selected } = await admin.campaign.problems({ problem });
      if (selected?.problem !== problem) throw new Error(`no ${problem} list`);
      return selected.list as CampaignProblems["lists"][K];
    };
    expect(problems.counts).toEqual({
      "missing-credit": 0,
      "credited-without-completion": 1,
      "points-mismatch": 1,
      "pending-review": 1,
      "unmatched-people": 1,
      "uncertain-matches": 1,
    });
    expect((await listOf("points-mismatch")).items[0]).toMatchObject({
      name: "Bob Byte",
      missionName: "Broken Compass",
      awardedPoints: 10,
      missionPoints: 20,
    });
    expect((await listOf("unmatched-people")).items[0]).toMatchObject({ email: "stranger@elsewhere.test", name: "Sam Okafor" });
    const uncertain = (await listOf("uncertain-matches")).items[0];
    expect(uncertain).toMatchObject({ text: "Broken Compas", missionName: "Broken Compass", lines: [3] });

    await admin.credits.setMapping({ challenge: uncertain?.text ?? "", missionId: compass });
    expect((await admin.campaign.problems()).counts["uncertain-matches"]).toBe(0);
    const audit = await store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, "credits.mapping_set")));
    expect(audit).toHaveLength(1);
  });

  it("My missions shows both figures; the rank follows official points once a list exists", async () => {
    const before = await scenario(false);
    const without = await before.ada.board.me({});
    if (!without.linked) throw new Error("Ada is linked");
    expect(without.credits).toEqual({ detectedPoints: 35, officialPoints: null, rankSource: "detected" });

    await store().tx(confirmCampaignList);
    const withList = await before.ada.board.me({});
    if (!withList.linked) throw new Error("Ada is linked");
    expect(withList.credits).toEqual({ detectedPoints: 35, officialPoints: 41, rankSource: "official" });
    expect(withList.pointsToNext).toBe(120 - 41);
  });

  it("the board is kept between requests and recomputed once the list, a mapping or the settings change (ADR 028)", async () => {
    const { ada } = await scenario(false);
    const admin = callerAs(store(), await makeSessionUser(store(), "admin"));
    const before = await ada.campaign.view({});
    expect(before).toMatchObject({ hasCredits: false, total: 0 });
    // Kept: the same answer object behind two requests (nothing was written in between).
    const keptBefore = cachedDashboardCount(store());
    await ada.campaign.view({});
    expect(cachedDashboardCount(store())).toBe(keptBefore);

    // A list made current shows at the next request.
    await store().tx(confirmCampaignList);
    const withList = await ada.campaign.view({});
    expect(withList).toMatchObject({ hasCredits: true, rankSource: "official", total: 4 });

    // A settings change too.
    await admin.credits.setSettings({ rankSource: "detected", similarityThreshold: null });
    expect((await ada.campaign.view({})).rankSource).toBe("detected");

    // An account's email (credit rows are found by it) bumps the stamp too.
    const stamp = () => store().read((c) => readDataStamp(c));
    const before2 = await stamp();
    await store().tx(({ db, t }) =>
      db.update(t.users).set({ email: "ada.new@learners.test" }).where(eq(t.users.email, "ada@learners.test")),
    );
    expect(await stamp()).toBeGreaterThan(before2 ?? 0);

    // And a mapping: the staff's problem lists are kept and recomputed the same way.
    const assistant = callerAs(store(), await makeSessionUser(store(), "assistant"));
    const problems = await assistant.campaign.problems({ problem: "uncertain-matches" });
    const uncertain = problems.selected?.problem === "uncertain-matches" ? problems.selected.list.items[0] : undefined;
    if (!uncertain) throw new Error("the scenario has an uncertain match");
    await admin.credits.setMapping({ challenge: uncertain.text ?? "", missionId: uncertain.match.missionId });
    const after = await assistant.campaign.problems();
    expect(after.counts["uncertain-matches"]).toBe(problems.counts["uncertain-matches"] - 1);
  });
});
