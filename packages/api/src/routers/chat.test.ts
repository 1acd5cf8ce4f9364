import { replaceChatMessages } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { FORMULA, seedChats, testMessage } from "../test-chats";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";
import { CHAT_MESSAGES } from "./chat";

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describeEachEngine("chat router", (store) => {
  const views = () => store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, "chat.viewed")));

  it("shows a learner their own chat: the active branch in order, the completing message marked, not audited", async () => {
    const { ada, compass } = await seedChats(store());
    const view = await callerAs(store(), ada).chat.transcript({ chatId: "chat-ada" });
    expect(view.own).toBe(true);
    expect(view.audited).toBe(false);
    expect(view.truncated).toBe(false);
    expect(view.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "Start the compass mission"],
      ["assistant", "Briefing: find the magnetic anomaly."],
      ["user", "I found the anomaly near the lighthouse."],
      ["assistant", "Mission accomplished, agent."],
    ]);
    expect(view.messages.find((m) => m.content.includes("zebra"))).toBeUndefined();
    expect(view.messages[3]).toMatchObject({
      messageId: "chat-ada-m4",
      model: "compass-model",
      completes: [{ missionId: compass.id, name: "Broken Compass" }],
    });
    expect(view.messages.slice(0, 3).every((m) => m.completes.length === 0)).toBe(true);
    expect(view.missions).toEqual([
      expect.objectContaining({ missionId: compass.id, name: "Broken Compass", completed: true, completingMessageId: "chat-ada-m4" }),
    ]);
    expect(view.owner).toEqual({ owuiUserId: "ow-ada", name: "Ada Lovelace" });
    expect(await views()).toHaveLength(0);
  });

  it("refuses a learner another learner's chat and a missing chat with the same FORBIDDEN, so ids cannot be probed", async () => {
    const { ada } = await seedChats(store());
    const api = callerAs(store(), ada);
    const other = await failure(api.chat.transcript({ chatId: "chat-bob" }));
    const missing = await failure(api.chat.transcript({ chatId: "no-such-chat" }));
    const unlinked = await failure(api.chat.transcript({ chatId: "chat-nobody" }));
    for (const error of [other, missing, unlinked])
      expect({ code: error.code, message: error.message }).toEqual({ code: "FORBIDDEN", message: CHAT_MESSAGES.forbidden });
    expect(await views()).toHaveLength(0);
  });

  it("lets staff open any chat and audits each opening with the actor and the owner's OpenWebUI id, never the text", async () => {
    await seedChats(store());
    for (const role of ["assistant", "admin"] as const) {
      const staff = await makeSessionUser(store(), role);
      const view = await callerAs(store(), staff).chat.transcript({ chatId: "chat-ada" });
      expect(view).toMatchObject({ own: false, audited: true });
      expect(view.messages).toHaveLength(4);
      const rows = (await views()).filter((r) => r.actorId === staff.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ entityType: "chat", entityId: "chat-ada", metadata: { owner: "ow-ada" } });
      expect(JSON.stringify(rows[0]?.metadata)).not.toContain("lighthouse");
    }
  });

  it("asks a signed-out caller to sign in", async () => {
    await seedChats(store());
    expect((await failure(callerAs(store(), null).chat.transcript({ chatId: "chat-ada" }))).code).toBe("UNAUTHORIZED");
  });

  it("lists chats for staff only, newest first, with owners' real names, models and missions", async () => {
    const { ada, compass, signal } = await seedChats(store());
    expect((await failure(callerAs(store(), ada).chat.list({}))).code).toBe("FORBIDDEN");
    const api = callerAs(store(), await makeSessionUser(store(), "assistant"));
    const all = await api.chat.list({});
    expect(all).toMatchObject({ total: 3, more: false, page: 1, pageCount: 1 });
    expect(all.items.map((c) => c.id)).toEqual(["chat-ada", "chat-bob", "chat-nobody"]);
    expect(all.items[0]).toMatchObject({
      title: "Compass run",
      ownerId: "ow-ada",
      ownerName: "Ada Lovelace",
      models: ["compass-model"],
      completed: true,
      messageCount: 4,
      snippet: null,
      missions: [expect.objectContaining({ missionId: compass.id, name: "Broken Compass" })],
    });
    // Linked to no account: staff see OpenWebUI's name.
    expect(all.items[2]).toMatchObject({ ownerName: FORMULA, completed: false, missions: [] });
    expect(all.missionOptions.map((m) => m.name).sort()).toEqual(["Broken Compass", "Silent Signal"]);

    const ids = async (input: Parameters<typeof api.chat.list>[0]) => (await api.chat.list(input)).items.map((c) => c.id);
    expect(await ids({ kind: "mission" })).toEqual(["chat-ada", "chat-bob"]);
    expect(await ids({ kind: "regular" })).toEqual(["chat-nobody"]);
    expect(await ids({ kind: "completed" })).toEqual(["chat-ada"]);
    expect(await ids({ mission: signal.id })).toEqual(["chat-bob"]);
    expect(await ids({ mission: signal.id, kind: "completed" })).toEqual([]);
    expect(await ids({ owner: "ow-bob" })).toEqual(["chat-bob"]);
    expect(await ids({ page: 2 })).toEqual([]);
  });

  it("searches message text of the active branch (words, any case) and shows a snippet per chat", async () => {
    await seedChats(store());
    const api = callerAs(store(), await makeSessionUser(store(), "admin"));
    const found = await api.chat.list({ q: "LIGHTHOUSE" });
    expect(found.items.map((c) => c.id)).toEqual(["chat-ada", "chat-bob"]);
    expect(found.total).toBe(2);
    expect(found.items[0]?.snippet).toContain("lighthouse");
    expect(found.items[1]?.snippet).toBe("Hello lighthouse keeper");
    expect((await api.chat.list({ q: "magnetic anomaly", kind: "completed" })).items.map((c) => c.id)).toEqual(["chat-ada"]);
    // The regenerated reply is off the active branch; a partial word is not a word.
    expect((await api.chat.list({ q: "zebra" })).items).toEqual([]);
    expect((await api.chat.list({ q: "lightho" })).items).toEqual([]);
    // Punctuation only has no words: nothing, rather than everything.
    expect((await api.chat.list({ q: "***" })).total).toBe(0);
  });

  it("answers a repeated search from the cache until a reload writes a chat, then finds the new one", async () => {
    await seedChats(store());
    const api = callerAs(store(), await makeSessionUser(store(), "assistant"));
    const first = await api.chat.list({ q: "lighthouse" });
    // The same answer object: served from the cache, not searched again.
    expect(await api.chat.list({ q: "lighthouse" })).toBe(first);
    await store().tx(async (conn) => {
      await conn.db.insert(conn.t.chats).values({
        id: "chat-new",
        owuiUserId: null,
        models: [],
        messageCount: 1,
        contentHash: "new",
        updatedAtRemote: TEST_NOW,
        ingestedAt: TEST_NOW,
      });
      await replaceChatMessages(conn, ["chat-new"], [testMessage("chat-new", 0, "user", "Another lighthouse")]);
    });
    const again = await api.chat.list({ q: "lighthouse" });
    expect(again.items.map((c) => c.id)).toEqual(["chat-new", "chat-ada", "chat-bob"]);
    expect(again.total).toBe(3);
  });

  it("pages 30 chats as 25 and 5, newest first, with the total from the same read", async () => {
    await store().tx(async ({ db, t }) => {
      await db.insert(t.chats).values(
        Array.from({ length: 30 }, (_, i) => ({
          id: `chat-${String(i).padStart(2, "0")}`,
          owuiUserId: null,
          models: [],
          messageCount: 0,
          contentHash: `h${i}`,
          updatedAtRemote: new Date(TEST_NOW.getTime() - i * 60_000),
          ingestedAt: TEST_NOW,
        })),
      );
    });
    const api = callerAs(store(), await makeSessionUser(store(), "assistant"));
    const first = await api.chat.list({ page: 1 });
    const second = await api.chat.list({ page: 2 });
    expect([first.total, first.pageCount, second.total]).toEqual([30, 2, 30]);
    expect(first.items.map((c) => c.id)).toEqual(Array.from({ length: 25 }, (_, i) => `chat-${String(i).padStart(2, "0")}`));
    expect(second.items.map((c) => c.id)).toEqual(["chat-25", "chat-26", "chat-27", "chat-28", "chat-29"]);
  });
});
