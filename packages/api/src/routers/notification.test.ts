import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { notifyUser } from "../services/notify";
import { callerAs, makeSessionUser, TEST_NOW, TEST_SETTINGS } from "../test-helpers";

const at = (seconds: number) => new Date(TEST_NOW.getTime() + seconds * 1000);

describeEachEngine("notification router", (store) => {
  async function seed() {
    const ada = await makeSessionUser(store(), "student", { name: "Ada" });
    const bob = await makeSessionUser(store(), "student", { name: "Bob" });
    await store().tx(async (c) => {
      for (let i = 0; i < 5; i++)
        await notifyUser(c, TEST_SETTINGS, { userId: ada.id, kind: "badge_awarded", title: `Badge ${i}`, link: "/student" }, at(i));
      await notifyUser(c, TEST_SETTINGS, { userId: bob.id, kind: "request_rejected", title: "Bob's", body: "Not yet" }, at(10));
    });
    return { ada, bob };
  }

  it("lists only the user's own notifications, newest first, paged", async () => {
    const { ada } = await seed();
    const page = await callerAs(store(), ada).notification.list({ page: 1, pageSize: 3 });
    expect(page).toMatchObject({ total: 5, pageCount: 2 });
    expect(page.items.map((n) => n.title)).toEqual(["Badge 4", "Badge 3", "Badge 2"]);
    expect(page.items[0]).toMatchObject({ kind: "badge_awarded", link: "/student", readAt: null });
    const all = await callerAs(store(), ada).notification.list();
    expect(all.items).toHaveLength(5);
  });

  it("counts unread, marks one read (idempotently) and then all", async () => {
    const { ada, bob } = await seed();
    const api = callerAs(store(), ada);
    expect(await api.notification.unreadCount()).toBe(5);
    const [first] = (await api.notification.list()).items;
    if (!first) throw new Error("no notification");
    await api.notification.markRead({ id: first.id });
    await callerAs(store(), ada, { now: at(3600) }).notification.markRead({ id: first.id });
    expect(await api.notification.unreadCount()).toBe(4);
    const reread = (await api.notification.list()).items[0];
    expect(reread?.readAt && new Date(reread.readAt).toISOString()).toBe(TEST_NOW.toISOString()); // first read time kept
    expect(await api.notification.markAllRead()).toEqual({ marked: 4 });
    expect(await api.notification.unreadCount()).toBe(0);
    expect(await callerAs(store(), bob).notification.unreadCount()).toBe(1);
  });

  it("answers NOT_FOUND for another user's notification and leaves it unread", async () => {
    const { ada, bob } = await seed();
    const [bobs] = (await callerAs(store(), bob).notification.list()).items;
    if (!bobs) throw new Error("no notification");
    const error = await callerAs(store(), ada)
      .notification.markRead({ id: bobs.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
    const missing = await callerAs(store(), ada)
      .notification.markRead({ id: "0190a0b0-0000-7000-8000-000000000000" })
      .catch((e: unknown) => e);
    expect((missing as TRPCError).code).toBe("NOT_FOUND");
    expect((missing as TRPCError).message).toBe((error as TRPCError).message);
    expect(await callerAs(store(), bob).notification.unreadCount()).toBe(1);
  });

  it("switches email notifications off and on, auditing each change once", async () => {
    const { ada } = await seed();
    const api = callerAs(store(), ada);
    expect(await api.notification.emailPreference()).toEqual({ enabled: true });
    expect(await api.notification.setEmailPreference({ enabled: false })).toEqual({ enabled: false, changed: true });
    expect(await api.notification.setEmailPreference({ enabled: false })).toEqual({ enabled: false, changed: false });
    expect(await api.notification.emailPreference()).toEqual({ enabled: false });
    await api.notification.setEmailPreference({ enabled: true });
    const entries = await store().read(({ db, t }) =>
      db
        .select({ metadata: t.auditLogs.metadata, entityId: t.auditLogs.entityId })
        .from(t.auditLogs)
        .where(and(eq(t.auditLogs.action, "user.notifications_changed"), eq(t.auditLogs.actorId, ada.id)))
        .orderBy(t.auditLogs.createdAt, t.auditLogs.id),
    );
    expect(entries).toEqual([
      { metadata: { from: true, to: false }, entityId: ada.id },
      { metadata: { from: false, to: true }, entityId: ada.id },
    ]);
  });

  it("with email notifications off, notifyUser still adds to the bell but queues no mail", async () => {
    const { ada } = await seed();
    await callerAs(store(), ada).notification.setEmailPreference({ enabled: false });
    const mailsBefore = await store().read(({ db, t }) => db.$count(t.mailMessages));
    await store().tx((c) => notifyUser(c, TEST_SETTINGS, { userId: ada.id, kind: "badge_awarded", title: "Quiet" }, at(20)));
    expect(await store().read(({ db, t }) => db.$count(t.mailMessages))).toBe(mailsBefore);
    expect(await callerAs(store(), ada).notification.unreadCount()).toBe(6);
  });

  it("refuses signed-out callers and users who have not onboarded", async () => {
    const signedOut = await callerAs(store(), null)
      .notification.unreadCount()
      .catch((e: unknown) => e);
    expect((signedOut as TRPCError).code).toBe("UNAUTHORIZED");
    const newcomer = await makeSessionUser(store(), "student", { onboarded: false });
    const error = await callerAs(store(), newcomer)
      .notification.list()
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
  });
});
