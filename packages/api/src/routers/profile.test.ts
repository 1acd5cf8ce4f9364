import { listAuditEntries } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import type { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

const later = new Date(TEST_NOW.getTime() + 3_600_000);

describeEachEngine("profile and onboarding", (store) => {
  it("completes onboarding with trimmed, lower-cased answers, consent time and version, audited without PII", async () => {
    const user = await makeSessionUser(store(), "student", { onboarded: false });
    const profile = await callerAs(store(), user).profile.completeOnboarding({
      displayName: "  ada_l  ",
      substackEmail: " Ada@Substack.COM ",
      meetupEmail: "",
      consent: true,
    });
    expect(profile).toMatchObject({
      displayName: "ada_l",
      substackEmail: "ada@substack.com",
      meetupEmail: null,
      consentVersion: "2026-11",
    });
    expect(profile.consentAt?.toISOString()).toBe(TEST_NOW.toISOString());
    const audit = await store().read((c) => listAuditEntries(c, { action: "user.onboarded" }, { page: 1, pageSize: 5 }));
    expect(audit.rows[0]?.metadata).toEqual({ consentVersion: "2026-11" });
  });

  it("is idempotent: a second completion keeps the first answers and time", async () => {
    const user = await makeSessionUser(store(), "student", { onboarded: false });
    await callerAs(store(), user).profile.completeOnboarding({ displayName: "first", consent: true });
    const again = await callerAs(store(), { ...user, onboarded: true }, { now: later }).profile.completeOnboarding({
      displayName: "second",
      consent: true,
    });
    expect(again.displayName).toBe("first");
    expect(again.onboardedAt?.toISOString()).toBe(TEST_NOW.toISOString());
  });

  it.each([
    [{ displayName: "ab", consent: true }, "displayName", "at least 3"],
    [{ displayName: "_ada", consent: true }, "displayName", "cannot start or end"],
    [{ displayName: "ada lovelace", consent: true }, "displayName", "only contain"],
    [{ displayName: "a".repeat(51), consent: true }, "displayName", "must not exceed 50"],
    [{ displayName: "ada", substackEmail: "not-an-email", consent: true }, "substackEmail", "not a valid email"],
    [{ displayName: "ada", meetupEmail: `${"a".repeat(65)}@example.com`, consent: true }, "meetupEmail", "local part is too long"],
    [{ displayName: "ada", consent: false }, "consent", "agree to the terms"],
  ])("rejects %o on %s with a clear message and changes nothing", async (answers, field, message) => {
    const user = await makeSessionUser(store(), "student", { onboarded: false });
    const error = (await callerAs(store(), user)
      .profile.completeOnboarding(answers as never)
      .catch((e: unknown) => e)) as TRPCError;
    expect(error.code).toBe("BAD_REQUEST");
    const issue = (error.cause as unknown as { issues: { path: string[]; message: string }[] }).issues.find((i) => i.path[0] === field);
    expect(issue?.message).toMatch(message);
    expect((await callerAs(store(), user).profile.get()).onboardedAt).toBeNull();
  });

  it("keeps the app closed until onboarding is done", async () => {
    const user = await makeSessionUser(store(), "admin", { onboarded: false });
    const error = (await callerAs(store(), user)
      .audit.list({})
      .catch((e: unknown) => e)) as TRPCError;
    expect(error.message).toMatch(/complete onboarding/);
  });

  it("edits the answers later from the profile, auditing which fields changed", async () => {
    const user = await makeSessionUser(store(), "student");
    const updated = await callerAs(store(), user).profile.update({ displayName: "new-name", meetupEmail: "Me@Meetup.com" });
    expect(updated).toMatchObject({ displayName: "new-name", meetupEmail: "me@meetup.com" });
    const audit = await store().read((c) => listAuditEntries(c, { action: "user.profile_updated" }, { page: 1, pageSize: 5 }));
    expect(audit.rows[0]?.metadata).toEqual({ fields: "displayName,meetupEmail" });
  });
});
